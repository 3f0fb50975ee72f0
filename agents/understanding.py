"""The understanding agent: offline French-first reading of the message, LLM only if needed."""

from __future__ import annotations

import dataclasses
from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, seen_lead, text_of
from agents.context import TurnContext
from agents.llm import LlmUnderstanding, llm_understand
from agents.nlu import understand
from agents.qualification import missing_question
from graph.state import LeadUpdates, State, Understanding, Update

# What each LLM intent means in the offline understanding's terms.
LLM_INTENT_FLAGS = {
    "greeting": "greeting", "question": "question", "show_profiles": "wants_profiles",
    "next_profile": "wants_next", "interest_in_profile": "contact_request",
    "contact_request": "contact_request", "human": "wants_human", "opt_out": "opt_out",
    "complaint": "complaint",
}


def with_llm_reading(u: Understanding, extra: LlmUnderstanding) -> Understanding:
    """What the LLM read, added where the offline understanding found nothing."""
    age_range = (extra.age_min, extra.age_max) if (extra.age_min or extra.age_max) else None
    found: dict[str, object] = {
        "age": extra.age, "gender": extra.gender, "looking_for_gender": extra.looking_for_gender,
        "city": extra.city, "preferred_city": extra.preferred_city, "age_range": age_range,
        "language": extra.language,
    }
    if extra.intent in LLM_INTENT_FLAGS:
        found[LLM_INTENT_FLAGS[extra.intent]] = True
    added: dict[str, Any] = {key: value for key, value in found.items() if value and not getattr(u, key)}
    return dataclasses.replace(u, **added)


@agent("understanding")
def understand_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Read the turn's messages; switch the member's language when they clearly switched."""
    ctx = runtime.context
    text = text_of(state)
    lead = seen_lead(state, ctx)
    # What the bot asked last; for a member who entered from a web form, the next question.
    expecting = state.get("asked")
    if expecting is None and not lead.qualification_complete:
        expecting = missing_question(lead)
    u = understand(text, known_cities=ctx.cities, expecting=expecting)
    llm_calls = 0
    model = ctx.services.chat_model
    if model is not None and u.is_empty() and len(text.split()) >= 2:
        u = with_llm_reading(u, llm_understand(model, text))
        llm_calls = 1
    result = Update(understanding=u, llm_calls=llm_calls)
    # One word is enough to pick the language of a first contact, not to switch later.
    sure = len(text.split()) >= 2 or ctx.lead.conversation_phase == "accueil"
    if u.language and u.language != lead.language and sure:
        result["lead_updates"] = LeadUpdates(language=u.language)
    return result
