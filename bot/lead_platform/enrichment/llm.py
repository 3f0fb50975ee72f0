"""Structured LLM enrichment, falling back to the offline rules on any failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.prompts import PromptCall
from bot.lead_platform.enrichment import offline
from bot.lead_platform.enrichment.analysis import LeadAnalysis
from bot.lead_platform.enrichment.prompts import LEAD_ANALYSIS, enrich_messages

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrichment:
    """An analysis, which engine produced it, the LLM error that forced a fallback, if any, and
    the recorded call (prompt_performance.execution_id) when the model was asked."""

    analysis: LeadAnalysis
    engine: str
    error: str | None = None
    execution_id: str | None = None


def llm_analyse(chat_model: BaseChatModel, *, business: str, name: str | None, message: str | None,
                prompt: PromptCall | None = None) -> LeadAnalysis:
    """One structured call (of the registry's `prompt`; the code's text unrecorded without one);
    raises on any model or schema failure."""
    prompt = prompt or LEAD_ANALYSIS.unrecorded()
    structured = prompt.model(chat_model).with_structured_output(LeadAnalysis)
    result: Any = structured.invoke(enrich_messages(prompt=prompt, business=business, name=name, message=message),
                                    config=prompt.config())
    if isinstance(result, LeadAnalysis):
        return result
    return LeadAnalysis.model_validate(result)


def enrich(*, chat_model: BaseChatModel | None, business: str, name: str | None, message: str | None,
           language: str | None, fallback_language: str, prompt: PromptCall | None = None) -> Enrichment:
    """LLM enrichment when a model is configured and the message says something; else rules."""
    rules = offline.analyse(message=message, name=name, language=language, fallback_language=fallback_language)
    if chat_model is None or not (message or "").strip():
        return Enrichment(rules, offline.ENGINE)
    execution_id = prompt.execution_id if prompt is not None else None
    try:
        analysis = llm_analyse(chat_model, business=business, name=name, message=message, prompt=prompt)
    except Exception as exc:  # noqa: BLE001 -- any provider or parsing failure: the rules still answer
        log.warning("LLM enrichment failed, using rules: %s", exc)
        return Enrichment(rules, offline.ENGINE, error=f"{type(exc).__name__}: {exc}"[:500], execution_id=execution_id)
    if language:  # the form said which language; trust it over the model
        analysis = analysis.model_copy(update={"language": language})
    return Enrichment(analysis, f"llm:{getattr(chat_model, 'model_name', None) or type(chat_model).__name__}",
                      execution_id=execution_id)
