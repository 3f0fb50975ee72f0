"""The FAQ agent: answers from the knowledge base, grounded, at any phase.

Retrieval is hybrid (knowledge/faq.py): the question's vector and its content words,
spelt as the NLU normalises them ("c combien" -> "c est combien"). With an LLM, the
entry's facts are rephrased for the question, and the rephrasing is checked
(agents/grounding.py) before it goes out.
"""

from __future__ import annotations

import logging

from langgraph.runtime import Runtime

from agents import prompts
from agents.common import agent, language, reply, seen_lead, spoken, text_of, voice
from agents.context import TurnContext
from agents.grounding import check_answer
from agents.llm import llm_answer
from agents.nlu.classifier import spelled
from agents.nlu.reader import Reader
from bot.core.connections import Conn
from bot.store.logs import insert_log
from graph.state import Awaiting, LeadUpdates, State, Update
from knowledge.faq import DEFAULT_MIN_SCORE, KnowledgeHit, scored, search_knowledge, search_terms

log = logging.getLogger(__name__)
CANDIDATES = 8  # entries the reranking hands back
# Entries retrieval scores before the topic model's opinion is added: enough for a whole
# agency's knowledge base (the demo one has 60), so that an entry whose words the member
# did not use can still win on its topic ("comot my profile"). Measured on the held-out
# questions: top-1 86.9% with the best 16, 88.2% with every entry.
POOL = 64


def grounded_answer(ctx: TurnContext, hit: KnowledgeHit, question: str, lang: str) -> tuple[str, int]:
    """(the answer to send, LLM calls made): the entry's facts rephrased when a model is
    configured and its rephrasing passes the checks, else the entry's answer."""
    model = ctx.services.chat_model
    if model is None:
        return hit.answer, 0
    prompt = ctx.services.prompts.call(prompts.FAQ, subject=f"member:{ctx.lead.id}")
    system = prompt.system(language_name=prompts.LANGUAGE_NAMES[lang], formal=prompts.FORMAL[lang])
    entry = f"Entry title: {hit.title or hit.question}\nEntry answer: {hit.answer}"
    try:
        written = llm_answer(model, prompt=prompt, system=system, user=f"{entry}\n\nMember's question: {question}")
    except Exception as exc:  # noqa: BLE001 -- any model failure: the entry's own answer
        log.warning("FAQ rephrasing failed: %s", exc)
        return hit.answer, 1
    check = check_answer(written, entry=hit.answer, lang=lang, question=question)
    prompt.judge(ok=check.ok, reasons=check.reasons)
    if not check.ok:
        insert_log(ctx.conn, source="grounding", level="warning", lead_id=ctx.lead.id,
                   message="model answer rejected, entry sent verbatim",
                   context={"entry_id": hit.id, "reasons": check.reasons, "answer": written[:500]})
        return hit.answer, 1
    return written, 1


def ranked(conn: Conn, reader: Reader | None, *, vector: list[float], text: str, lang: str,
           context: Awaiting = "none", limit: int = CANDIDATES) -> list[KnowledgeHit]:
    """Candidate entries for a question, best first, each scored as the bot scores it:
    retrieval (vector and words) plus the understanding model's opinion of the topic.

    Entries in the member's language come first when the best of them is good enough;
    otherwise the other language's good entries do (better an English answer than none).
    """
    hits = search_knowledge(conn, vector=vector, terms=search_terms(spelled(text)),
                            limit=POOL, min_score=-1.0)
    topics = reader.topics(text, context=context) if reader is not None else {}
    best = scored(hits, topics)
    own = [h for h in best if h.language == lang]
    if own and own[0].score >= DEFAULT_MIN_SCORE:
        return own[:limit]
    good = [h for h in best if h.score >= DEFAULT_MIN_SCORE]
    return (good or own or best)[:limit]


def lookup(ctx: TurnContext, text: str, lang: str, *, context: Awaiting = "none") -> KnowledgeHit | None:
    """The best knowledge-base entry for a question, if it is good enough."""
    hits = ranked(ctx.conn, ctx.reader, vector=ctx.embed(text), text=text, lang=lang, context=context)
    return hits[0] if hits and hits[0].score >= DEFAULT_MIN_SCORE else None


def answer_or(state: State, ctx: TurnContext, *, miss_key: str, count_miss: bool) -> Update:
    """Answer from the knowledge base, else the miss message (offering an adviser)."""
    lang = language(state, ctx)
    text = text_of(state)
    words = voice(state)
    hit = lookup(ctx, text, lang, context=state.get("context", "none"))
    if hit is not None:
        answer, llm_calls = grounded_answer(ctx, hit, text, lang)
        return spoken(Update(replies=[reply(answer)], intent="faq", offered_human=False,
                             lead_updates=LeadUpdates(not_understood_count=0), llm_calls=llm_calls), words)
    offers = miss_key == "faq_unknown"
    result = Update(replies=[reply(words.say(miss_key, lang))], intent="faq" if not count_miss else "unknown",
                    offered_human=offers, awaiting="offered_adviser" if offers else "none")
    if count_miss:
        misses = seen_lead(state, ctx).not_understood_count + 1
        result["lead_updates"] = LeadUpdates(not_understood_count=misses)
    return spoken(result, words)


@agent("faq")
def faq_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """A member's question: answered from the knowledge base or honestly not."""
    return answer_or(state, runtime.context, miss_key="faq_unknown", count_miss=False)
