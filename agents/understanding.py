"""The understanding agent: the reader (rules and classifier), and the LLM once when unsure."""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, seen_lead, text_of
from agents.context import TurnContext
from agents.llm import LlmUnderstanding, llm_understand
from agents.nlu import understand
from agents.nlu.reader import CLARIFY_BELOW
from agents.prompts import UNDERSTAND
from agents.qualification import missing_question
from bot.core.prompts import PromptCall
from bot.lead_platform.store import feedback
from graph.state import Awaiting, LeadUpdates, Question, State, Understanding, Update
from knowledge.text import fold

log = logging.getLogger(__name__)
ASKED_CONTEXT: dict[Question, Awaiting] = {
    "gender": "asked_gender", "age": "asked_age", "city": "asked_city",
    "looking_for_gender": "asked_looking_for", "age_range": "asked_age_range",
    "preferred_city": "asked_preferred_city",
}


def with_llm_reading(u: Understanding, extra: LlmUnderstanding, *, context: Awaiting = "none") -> Understanding:
    """The LLM's intent (it saw the conversation), and the slots it read where the rules found
    none, each only when the message shows it: a small model fills every field it is given
    ("2019 ans", "Santé"), and a made-up age or city must never be stored or repeated."""
    if extra.intent == "unclear" and u.intent is not None:
        return u  # the model knows no better: the offline guess stands, to be clarified
    text = fold(u.text)
    numbers = {int(n) for n in re.findall(r"(?<!\d)\d{1,3}(?!\d)", text)}
    if extra.age is not None and context == "asked_age":
        numbers |= {n for n in [understand(u.text, expecting="age").age] if n is not None}

    def said(city: str | None) -> str | None:
        return city if city and re.search(rf"\b{re.escape(fold(city))}\b", text) else None

    age_range = (extra.age_min, extra.age_max) if (extra.age_min or extra.age_max) else None
    if age_range and not all(end is None or end in numbers for end in age_range):
        age_range = None
    found: dict[str, object] = {
        "age": extra.age if extra.age in numbers else None,
        "gender": extra.gender if context == "asked_gender" else None,
        "looking_for_gender": extra.looking_for_gender if context == "asked_looking_for" else None,
        "city": said(extra.city), "preferred_city": said(extra.preferred_city), "age_range": age_range,
        "language": extra.language,
    }
    added: dict[str, Any] = {key: value for key, value in found.items() if value and not getattr(u, key)}
    return dataclasses.replace(u, intent=extra.intent, confidence=max(u.confidence, 0.8), by_model=True, **added)


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


def record_prediction(ctx: TurnContext, u: Understanding, *, context: Awaiting, prompt: PromptCall | None) -> None:
    """The turn's reading as a prediction that outcomes will score, when a model chose its
    intent: the classifier, or the LLM (with the prompt variant it read). The rules alone
    (no classifier loaded, nothing written) decide nothing a model could learn from."""
    classifier = ctx.reader.classifier if ctx.reader is not None else None
    if u.intent is None or not (u.by_model or classifier is not None):
        return
    if u.by_model:
        chat_model = ctx.services.chat_model
        engine, model_name = "llm", getattr(chat_model, "model_name", None) or type(chat_model).__name__
    else:
        assert classifier is not None
        engine, model_name = "classifier", f"intent-classifier/features-v{classifier.feature_version}"
    ctx.prediction_id = feedback.record_understanding(
        ctx.conn, member_id=ctx.lead.id, intent=u.intent, confidence=u.confidence, context=context,
        language=u.language, engine=engine, model=model_name, prompt=prompt)


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
    prompt: PromptCall | None = None
    # An answer the rules cannot read ("chuis là pour trouver ma moitié") is as unsure as a
    # low-confidence reading.
    unreadable = u.intent in ("answer", "change_criteria") and not (u.answers_qualification(asked=None) or u.name)
    unsure = u.intent is None or u.confidence < CLARIFY_BELOW or unreadable
    if model is not None and unsure and len(text.split()) >= 2:
        llm_calls = 1
        try:
            prompt = ctx.services.prompts.call(UNDERSTAND, subject=f"member:{ctx.lead.id}")
            u = with_llm_reading(u, llm_understand(model, text, prompt=prompt, memory=ctx.memory, awaiting=context),
                                 context=context)
        except Exception as exc:  # noqa: BLE001 -- any model failure: the offline reading stands
            log.warning("LLM reading failed, the offline reading stands: %s", exc)
    record_prediction(ctx, u, context=context, prompt=prompt if u.by_model else None)
    result = Update(understanding=u, llm_calls=llm_calls, context=context)
    # One word is enough to pick the language of a first contact, not to switch later
    # ("hello ??" or "STOP" from a French speaker is not English).
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    sure = len(words) >= 2 or ctx.lead.conversation_phase == "accueil"
    if u.language and u.language != lead.language and sure:
        result["lead_updates"] = LeadUpdates(language=u.language)
    return result
