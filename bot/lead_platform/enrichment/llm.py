"""Structured LLM enrichment, falling back to the offline rules on any failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.llm_metrics import llm_config
from bot.lead_platform.enrichment import offline
from bot.lead_platform.enrichment.analysis import LeadAnalysis
from bot.lead_platform.enrichment.prompts import enrich_messages

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrichment:
    """An analysis, which engine produced it, and the LLM error that forced a fallback, if any."""

    analysis: LeadAnalysis
    engine: str
    error: str | None = None


def llm_analyse(chat_model: BaseChatModel, *, business: str, name: str | None,
                message: str | None) -> LeadAnalysis:
    """One structured call; raises on any model or schema failure."""
    structured = chat_model.with_structured_output(LeadAnalysis)
    result: Any = structured.invoke(enrich_messages(business=business, name=name, message=message),
                                    config=llm_config("lead_analysis"))
    if isinstance(result, LeadAnalysis):
        return result
    return LeadAnalysis.model_validate(result)


def enrich(*, chat_model: BaseChatModel | None, business: str, name: str | None, message: str | None,
           language: str | None, fallback_language: str) -> Enrichment:
    """LLM enrichment when a model is configured and the message says something; else rules."""
    rules = offline.analyse(message=message, name=name, language=language, fallback_language=fallback_language)
    if chat_model is None or not (message or "").strip():
        return Enrichment(rules, offline.ENGINE)
    try:
        analysis = llm_analyse(chat_model, business=business, name=name, message=message)
    except Exception as exc:  # noqa: BLE001 -- any provider or parsing failure: the rules still answer
        log.warning("LLM enrichment failed, using rules: %s", exc)
        return Enrichment(rules, offline.ENGINE, error=f"{type(exc).__name__}: {exc}"[:500])
    if language:  # the form said which language; trust it over the model
        analysis = analysis.model_copy(update={"language": language})
    return Enrichment(analysis, f"llm:{getattr(chat_model, 'model_name', None) or type(chat_model).__name__}")
