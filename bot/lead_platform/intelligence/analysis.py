"""A client's Growth Brain: figures from SQL aggregates, insights by the rules or the model,
one upserted `growth_brain` row. Each step runs in the client's tenant transaction (RLS);
the model is called outside any transaction, translations in a service one (the cache is
system data)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from agents.translation import Translated, Translator
from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.core.prompts import PromptRegistry
from bot.lead_platform.intelligence import rules, writer
from bot.lead_platform.intelligence.brain import Brain
from bot.lead_platform.intelligence.prompts import GROWTH_INSIGHTS
from bot.lead_platform.intelligence.scores import compute
from bot.lead_platform.store.clients import get_client
from bot.lead_platform.store.growth_brain import lead_figures, load_brain, save_brain
from bot.lead_platform.store.learning import record_metric

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

TRANSLATION_CONTEXT = "growth_insight"  # translation_cache.context_type


class UnknownClient(LookupError):
    """No such client (deleted?)."""


def analyse_client(conn: Conn, client_id: uuid.UUID | str, *, chat_model: BaseChatModel | None = None,
                   prompts: PromptRegistry | None = None, now: datetime | None = None) -> Brain:
    """Analyse the client's active leads now and store the result; offline (no `chat_model`)
    the rules write the insights. Opens its own transactions on `conn`; records the run as an
    `ai_analysis` metric of the `growth_brain` component."""
    now = now or datetime.now(UTC)
    started = time.perf_counter()
    with tenant_transaction(conn, client_id):
        client = get_client(conn, client_id)
        if client is None:
            raise UnknownClient(str(client_id))
        figures = lead_figures(conn, client_id=client.client_id, now=now)
    brain = compute(figures, client_id=client.client_id, language=client.language, now=now)
    written = None
    if chat_model is not None and brain.total_leads:
        prompt = (prompts.call(GROWTH_INSIGHTS, subject=f"client:{client.client_id}", client_id=client.client_id)
                  if prompts else GROWTH_INSIGHTS.unrecorded())
        translator = Translator(chat_model, component="growth_brain", client_id=client.client_id, prompts=prompts)

        def translate(texts: Sequence[str], source: str, target: str) -> Mapping[str, Translated]:
            with service_transaction(conn):
                return translator.translate_many(conn, texts, source=source, target=target,
                                                 context_type=TRANSLATION_CONTEXT)

        written = writer.write(brain, chat_model=chat_model, prompt=prompt, business=client.business_name,
                               translate=translate)
    brain = replace(brain, insights=written or rules.insights(brain))
    with tenant_transaction(conn, client_id):
        stored = save_brain(conn, brain.to_row())
        record_metric(conn, client_id=client.client_id, event_type="ai_analysis", success=True, source="growth_brain",
                      response_time_ms=int((time.perf_counter() - started) * 1000),
                      metadata={"leads": brain.total_leads, "engine": brain.insights.engine})
    return Brain.from_row(stored)


def read_brain(conn: Conn, client_id: uuid.UUID | str) -> Brain | None:
    """The client's last analysis, or None before the first one (its own tenant transaction)."""
    with tenant_transaction(conn, client_id):
        row = load_brain(conn, client_id)
    return Brain.from_row(row) if row else None
