"""Small talk and the fallback: greetings, thanks, declined offers, and the unknown."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents import prompts
from agents.common import agent, language, lead_value, merged_updates, reply, text_of
from agents.faq import answer_or, lookup
from agents.llm import llm_answer
from agents.messages import say
from graph.state import State
from agents.context import TurnContext


@agent("smalltalk")
def smalltalk_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Greetings, thanks, and "no" to an adviser offer."""
    ctx = runtime.context
    lang = language(state, ctx)
    u = state.get("understanding") or {}
    replies = list(state.get("replies") or [])
    if state.get("offered_human") and u.get("no"):
        replies.append(reply(say("declined_human", lang)))
    elif u.get("greeting"):
        replies.append(reply(say("welcome_back", lang)))
        replies.append(reply(say("anything_else", lang)))
    else:
        replies.append(reply(say("thanks_reply", lang)))
    return {"replies": replies, "intent": "smalltalk", "offered_human": False,
            "lead_updates": merged_updates(state, not_understood_count=0)}


@agent("ineligible")
def ineligible_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """A member the agency cannot serve (under the minimum age) gets the same polite answer."""
    return {"replies": [reply(say("not_eligible", language(state, runtime.context)))],
            "intent": "ineligible"}


@agent("fallback")
def fallback_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
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
    misses = int(lead_value(state, ctx, "not_understood_count") or 0) + 1
    return {
        "replies": [*state.get("replies", []), reply(text)], "intent": "other",
        "llm_calls": state.get("llm_calls", 0) + 1,
        "lead_updates": merged_updates(state, not_understood_count=misses),
    }
