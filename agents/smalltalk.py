"""Small talk and the fallback: greetings, thanks, declined offers, and the unknown."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents import prompts
from agents.common import agent, language, reply, seen_lead, text_of
from agents.context import TurnContext
from agents.faq import answer_or, lookup
from agents.llm import llm_answer
from agents.messages import say
from graph.state import LeadUpdates, Reply, State, Understanding, Update


@agent("smalltalk")
def smalltalk_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Greetings, thanks, and "no" to an adviser offer."""
    ctx = runtime.context
    lang = language(state, ctx)
    u = state.get("understanding", Understanding())
    replies: list[Reply]
    if state.get("offered_human") and u.no:
        replies = [reply(say("declined_human", lang))]
    elif u.greeting:
        replies = [reply(say("welcome_back", lang)), reply(say("anything_else", lang))]
    else:
        replies = [reply(say("thanks_reply", lang))]
    return Update(replies=replies, intent="smalltalk", offered_human=False,
                  lead_updates=LeadUpdates(not_understood_count=0))


@agent("ineligible")
def ineligible_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """A member the agency cannot serve (under the minimum age) gets the same polite answer."""
    return Update(replies=[reply(say("not_eligible", language(state, runtime.context)))], intent="ineligible")


@agent("fallback")
def fallback_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Nothing understood: the knowledge base may still know; with an LLM, a free answer."""
    ctx = runtime.context
    lang = language(state, ctx)
    model = ctx.services.chat_model
    if model is None or lookup(ctx, text_of(state), lang) is not None:
        return answer_or(state, ctx, miss_key="not_understood", count_miss=True)
    system = prompts.SMALLTALK_SYSTEM.format(
        language_name=prompts.LANGUAGE_NAMES[lang], formal=prompts.FORMAL[lang]
    )
    text = llm_answer(model, system=system, user=text_of(state))
    misses = seen_lead(state, ctx).not_understood_count + 1
    return Update(replies=[reply(text)], intent="other", llm_calls=1,
                  lead_updates=LeadUpdates(not_understood_count=misses))
