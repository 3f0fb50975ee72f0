"""The understanding agent: offline French-first reading of the message, LLM only if needed."""

from __future__ import annotations

import dataclasses
from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, lead_value, merged_updates, text_of
from agents.llm import llm_understand
from agents.nlu import Understanding, understand
from agents.qualification import missing_question
from graph.state import State
from agents.context import TurnContext


def _from_llm(u: dict[str, Any], extra: Any) -> dict[str, Any]:
    """Merge what the LLM read into the offline understanding (offline wins on conflicts)."""
    intent = extra.intent
    flags = {
        "greeting": intent == "greeting", "question": intent == "question",
        "wants_profiles": intent == "show_profiles", "wants_next": intent == "next_profile",
        "contact_request": intent in ("interest_in_profile", "contact_request"),
        "wants_human": intent == "human", "opt_out": intent == "opt_out",
        "complaint": intent == "complaint",
    }
    values = {
        "age": extra.age, "gender": extra.gender, "looking_for_gender": extra.looking_for_gender,
        "city": extra.city, "preferred_city": extra.preferred_city,
        "age_range": (extra.age_min, extra.age_max) if (extra.age_min or extra.age_max) else None,
        "language": extra.language,
    }
    merged = dict(u)
    for key, value in {**flags, **values}.items():
        if value and not merged.get(key):
            merged[key] = value
    return merged


@agent("understanding")
def understand_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Read the turn's messages; switch the member's language when they clearly switched."""
    ctx = runtime.context
    text = text_of(state)
    # What the bot asked last; for a member who entered from a web form, the next question.
    expecting = state.get("asked")
    if expecting is None and not lead_value(state, ctx, "qualification_complete"):
        expecting = missing_question(state, ctx)
    reading: Understanding = understand(text, known_cities=ctx.cities, expecting=expecting)
    u = dataclasses.asdict(reading)
    llm_calls = state.get("llm_calls", 0)
    model = ctx.services.chat_model
    if model is not None and reading.is_empty() and len(text.split()) >= 2:
        u = _from_llm(u, llm_understand(model, text))
        llm_calls += 1
    updates = dict(state.get("lead_updates") or {})
    spoken = u.get("language")
    # One word is enough to pick the language of a first contact, not to switch later.
    sure = len(text.split()) >= 2 or ctx.lead.conversation_phase == "accueil"
    if spoken and spoken != lead_value(state, ctx, "language") and sure:
        updates = merged_updates(state, language=spoken)
    return {"understanding": u, "lead_updates": updates, "llm_calls": llm_calls}
