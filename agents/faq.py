"""The FAQ agent: answers from the knowledge base, grounded, at any phase."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents import prompts
from agents.common import agent, language, reply, seen_lead, text_of
from agents.context import TurnContext
from agents.llm import llm_answer
from agents.messages import say
from graph.state import LeadUpdates, State, Update
from knowledge.faq import DEFAULT_MIN_SCORE, KnowledgeHit, search_knowledge


def grounded_answer(ctx: TurnContext, hit: KnowledgeHit, question: str, lang: str) -> str:
    """With an LLM: the entry's facts rephrased for this question; offline: the entry's answer."""
    model = ctx.services.chat_model
    if model is None:
        return hit.answer
    system = prompts.FAQ_SYSTEM.format(
        language_name=prompts.LANGUAGE_NAMES[lang], formal=prompts.FORMAL[lang]
    )
    entry = f"Entry title: {hit.title or hit.question}\nEntry answer: {hit.answer}"
    return llm_answer(model, system=system, user=f"{entry}\n\nMember's question: {question}")


def lookup(ctx: TurnContext, text: str, lang: str) -> KnowledgeHit | None:
    """The best knowledge-base entry above the threshold, if any."""
    vector = ctx.services.embedder.embed_query(text)
    hits = search_knowledge(ctx.conn, vector=vector, language=lang, limit=1, min_score=DEFAULT_MIN_SCORE)
    return hits[0] if hits else None


def answer_or(state: State, ctx: TurnContext, *, miss_key: str, count_miss: bool) -> Update:
    """Answer from the knowledge base, else the miss message (offering an adviser)."""
    lang = language(state, ctx)
    text = text_of(state)
    hit = lookup(ctx, text, lang)
    if hit is not None:
        llm_calls = 1 if ctx.services.chat_model is not None else 0
        return Update(replies=[reply(grounded_answer(ctx, hit, text, lang))], intent="faq",
                      offered_human=False, lead_updates=LeadUpdates(not_understood_count=0),
                      llm_calls=llm_calls)
    result = Update(replies=[reply(say(miss_key, lang))], intent="unknown" if count_miss else "faq",
                    offered_human=miss_key == "faq_unknown")
    if count_miss:
        misses = seen_lead(state, ctx).not_understood_count + 1
        result["lead_updates"] = LeadUpdates(not_understood_count=misses)
    return result


@agent("faq")
def faq_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """A member's question: answered from the knowledge base or honestly not."""
    return answer_or(state, runtime.context, miss_key="faq_unknown", count_miss=False)
