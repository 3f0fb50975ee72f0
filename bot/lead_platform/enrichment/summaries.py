"""A lead's summary in the client's language, through the one translation service.

The summary is stored in the lead's language (what the analysis wrote). When a model is
configured, the enrichment job translates it into the client's language at once, and the
translation is cached for 90 days; the dashboard then only looks translations up
(dictionary and cache: a page never waits for a model). When none is known, the reader
gets the rules' summary written in their language around the lead's own words, quoted as
written, and is told so. Both run in a service transaction (the cache is system data).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agents.translation import Translated, Translator
from bot.core.connections import Conn
from bot.lead_platform.enrichment.offline import summarise

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from bot.core.prompts import PromptRegistry

CONTEXT = "lead_summary"


@dataclass(frozen=True)
class Summary:
    text: str
    translated: bool  # False: the lead's words are quoted in their own language


def translate_summary(conn: Conn, chat_model: BaseChatModel, *, client_id: uuid.UUID | str, summary: str,
                      source: str, target: str, prompts: PromptRegistry | None = None) -> Translated:
    """The summary in the client's language, asking the model when nothing knows it yet."""
    translator = Translator(chat_model, component="lead_enrichment", client_id=client_id, prompts=prompts)
    return translator.translate(conn, summary, source=source, target=target, context_type=CONTEXT)


def summary_for(conn: Conn, *, lead: Mapping[str, Any], language: str, client_id: uuid.UUID | str) -> Summary:
    """What the dashboard shows as the lead's summary to a reader of `language`."""
    summary, source = lead.get("ai_summary") or "", lead.get("language")
    if not summary or not source or source == language:
        return Summary(summary, True)
    found = Translator(component="lead_dashboard", client_id=client_id).translate(
        conn, summary, source=source, target=language, context_type=CONTEXT)
    if found.found:
        return Summary(found.text, True)
    return Summary(summarise(name=lead.get("name"), message=lead.get("message") or "",
                             intent=lead.get("intent") or "Other", language=language), False)
