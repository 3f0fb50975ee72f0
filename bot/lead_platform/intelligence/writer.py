"""The LLM insight writer: one structured call in the client's language, checked, then the one
translation service for the other language. Any failure, and any figure the model did not
take from the Brain, returns None: the caller falls back to the rules."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents.nlu.language import detect_language
from agents.translation import Translated
from bot.core.prompts import PromptCall
from bot.lead_platform.enrichment.taxonomy import tone_label
from bot.lead_platform.intelligence.brain import Brain, Insights
from bot.lead_platform.intelligence.figures import computed, invented
from bot.lead_platform.intelligence.prompts import FORMAL, LANGUAGE_NAMES, MAX_ITEMS

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)
MAX_CHARS = 400  # one insight is a sentence or two, not a report
_URL = re.compile(r"https?://|www\.", re.I)
_FAMILIAR = re.compile(r"\b(?:tu|toi|ton|ta|tes|t'as|t'es)\b", re.I)
# (texts, source language, target language) -> each text translated (agents/translation.py).
Translate = Callable[[Sequence[str], str, str], Mapping[str, Translated]]


class InsightDraft(BaseModel):
    """The model's answer."""

    insights: list[str] = Field(description="Short observations and predictions, quoting the given figures only.")
    recommendations: list[str] = Field(description="Concrete next actions for the business.")


def figures_text(brain: Brain) -> str:
    """The Brain as the model reads it, labels in the client's language, numbers as stored."""
    lang = brain.language
    e = brain.engagement
    lines = [
        f"active leads analysed: {brain.total_leads} (not analysed yet: {brain.unanalysed})",
        f"leads in the last 7 days: {brain.leads_last_week}; expected in the next 7 days: "
        f"{brain.forecast_next_week}; change of the last 4 weeks against the 4 before (percent): "
        f"{brain.leads_trend_percent}",
        "top intents: " + "; ".join(f"{i.label}: {i.leads} leads ({i.percent} %)" for i in brain.top_intents),
        "urgency: " + ", ".join(f"{k} {n} leads ({brain.urgency_percent.get(k)} %)" for k, n in brain.urgency.items())
        + f"; change of the high-urgency share against the previous 7 days (points): {brain.urgency_trend_points}",
        "tones: " + ", ".join(f"{tone_label(t.tone, lang)} {t.leads} ({t.percent} %)" for t in brain.tones)
        + f"; tone score out of 100: {brain.sentiment_score}",
        f"average AI confidence (0 to 1): {brain.avg_confidence}; weekly, oldest first: "
        + ", ".join(str(w.avg_confidence) for w in brain.trajectory if w.avg_confidence is not None),
        "languages (percent): " + ", ".join(f"{k} {v}" for k, v in brain.language_ratio.items()),
        f"engagement score out of 100: {e.score}; leads handled {e.handled}, untouched {e.untouched}, "
        f"handled within a day {e.handled_within_day}, converted {e.converted}, conversions reverted "
        f"{e.reverted}, sent an outreach e-mail {e.emailed}, replied {e.replied}",
    ]
    return "\n".join(lines)


def problems(texts: Sequence[str], *, brain: Brain, language: str) -> list[str]:
    """Why these texts cannot be shown (empty: they can)."""
    figures = computed(brain)
    reasons: list[str] = []
    for text in texts:
        reasons += [f"invented figure {n}" for n in invented(text, figures)]
        if len(text) > MAX_CHARS:
            reasons.append(f"length {len(text)}")
        if _URL.search(text):
            reasons.append("adds a link")
        spoken = detect_language(text)
        if spoken is not None and spoken != language:
            reasons.append(f"language {spoken}")
        if language == "fr" and _FAMILIAR.search(text):
            reasons.append("tutoiement")
    return reasons


def write(brain: Brain, *, chat_model: BaseChatModel, prompt: PromptCall, business: str,
          translate: Translate) -> Insights | None:
    """Insights written by the model and translated, or None (the rules then write them)."""
    lang = brain.language
    other = "en" if lang == "fr" else "fr"
    system = prompt.system(business=business, language_name=LANGUAGE_NAMES[lang], formal=FORMAL[lang],
                           max_items=MAX_ITEMS)
    try:
        structured = prompt.model(chat_model).with_structured_output(InsightDraft)
        result: Any = structured.invoke([SystemMessage(system), HumanMessage(f"<figures>\n{figures_text(brain)}\n"
                                                                              "</figures>")],
                                        config=prompt.config())
        draft = result if isinstance(result, InsightDraft) else InsightDraft.model_validate(result)
    except Exception as exc:  # noqa: BLE001 -- any provider or parsing failure: the rules write them
        log.warning("growth insights: the model failed, the rules write them: %s", exc)
        return None
    said = [t.strip() for t in draft.insights[:MAX_ITEMS] if t.strip()]
    advice = [t.strip() for t in draft.recommendations[:MAX_ITEMS] if t.strip()]
    reasons = ["no insight"] if not said else problems([*said, *advice], brain=brain, language=lang)
    prompt.judge(ok=not reasons, reasons=reasons)
    if reasons:
        log.warning("growth insights: the model's text refused (%s), the rules write them", ", ".join(reasons))
        return None
    translated = translate([*said, *advice], lang, other)
    missing = [t for t in (*said, *advice) if t not in translated or not translated[t].found]
    if missing or problems([translated[t].text for t in (*said, *advice)], brain=brain, language=other):
        log.warning("growth insights: no faithful %s translation, the rules write them", other)
        return None
    model = getattr(chat_model, "model_name", None) or getattr(chat_model, "model", None) or type(chat_model).__name__
    own = {"fr": (said, advice), "en": (said, advice)}
    own[other] = ([translated[t].text for t in said], [translated[t].text for t in advice])
    return Insights(fr=tuple(own["fr"][0]), en=tuple(own["en"][0]), recommendations_fr=tuple(own["fr"][1]),
                    recommendations_en=tuple(own["en"][1]), engine=f"llm:{model}")
