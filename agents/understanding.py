"""The understanding agent: the reader (rules and classifier), and the LLM once when unsure."""

from __future__ import annotations

import dataclasses
from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, seen_lead, text_of
from agents.context import TurnContext
from agents.llm import LlmUnderstanding, llm_understand
from agents.nlu import understand
from agents.nlu.reader import CLARIFY_BELOW
from agents.qualification import missing_question
from graph.state import Awaiting, LeadUpdates, Question, State, Understanding, Update

ASKED_CONTEXT: dict[Question, Awaiting] = {
    "gender": "asked_gender", "age": "asked_age", "city": "asked_city",
    "looking_for_gender": "asked_looking_for", "age_range": "asked_age_range",
    "preferred_city": "asked_preferred_city",
}


def with_llm_reading(u: Understanding, extra: LlmUnderstanding) -> Understanding:
    """The LLM's intent (it saw the conversation), and the slots it read where the rules found none."""
    age_range = (extra.age_min, extra.age_max) if (extra.age_min or extra.age_max) else None
    found: dict[str, object] = {
        "age": extra.age, "gender": extra.gender, "looking_for_gender": extra.looking_for_gender,
        "city": extra.city, "preferred_city": extra.preferred_city, "age_range": age_range,
        "language": extra.language,
    }
    added: dict[str, Any] = {key: value for key, value in found.items() if value and not getattr(u, key)}
    return dataclasses.replace(u, intent=extra.intent, confidence=max(u.confidence, 0.8), **added)


def context_of(state: State, ctx: TurnContext) -> Awaiting:
    """What the bot's last message waited for; when it said nothing of it, the question it
    asked last or (for a member who came from a web form) the next one."""
    context = state.get("context", "none")
    if context != "none":
        return context
    asked = state.get("asked")
    if asked is not None:
        return ASKED_CONTEXT[asked]
    lead = seen_lead(state, ctx)
    if not lead.qualification_complete and (pending := missing_question(lead)):
        return ASKED_CONTEXT[pending]
    return "none"


@agent("understanding")
def understand_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Read the turn's messages; switch the member's language when they clearly switched."""
    ctx = runtime.context
    text = text_of(state)
    lead = seen_lead(state, ctx)
    context = context_of(state, ctx)
    if ctx.reader is not None:
        u = ctx.reader.read(text, context=context, known_cities=ctx.cities)
    else:
        u = understand(text, known_cities=ctx.cities)
    llm_calls = 0
    model = ctx.services.chat_model
    # An answer the rules cannot read ("chuis là pour trouver ma moitié") is as unsure as a
    # low-confidence reading.
    unreadable = u.intent in ("answer", "change_criteria") and not (u.answers_qualification(asked=None) or u.name)
    unsure = u.intent is None or u.confidence < CLARIFY_BELOW or unreadable
    if model is not None and unsure and len(text.split()) >= 2:
        u = with_llm_reading(u, llm_understand(model, text, memory=ctx.memory, awaiting=context))
        llm_calls = 1
    result = Update(understanding=u, llm_calls=llm_calls, context=context)
    # One word is enough to pick the language of a first contact, not to switch later
    # ("hello ??" or "STOP" from a French speaker is not English).
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    sure = len(words) >= 2 or ctx.lead.conversation_phase == "accueil"
    if u.language and u.language != lead.language and sure:
        result["lead_updates"] = LeadUpdates(language=u.language)
    return result
