"""A French client reads an English lead's summary in French: offline, the rules' summary in
French around the lead's own words (said to be untranslated); with a model (the real OpenAI
SDK against the local scripted server), the summary translated by the enrichment job, cached,
and read from the cache by the dashboard. Each lookup is a `translation` metric of the client;
forgetting the lead forgets the cached translation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings
from psycopg_pool import ConnectionPool

from bot.core.chat_model import make_chat_model
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.jobs import job_handlers
from bot.lead_platform.store.intake import ENRICH_JOB
from bot.store.erasure import forget
from tests.bot.lead_platform.dashboard.test_dashboard import sign_in
from tests.bot.lead_platform.leadkit import Tenant, post_lead
from tests.support.llm_server import LLMServer, ScriptedLLM

MESSAGE = "Hello, I would like to cancel my membership at the end of the month. Thanks"
FRENCH = "Le contact souhaite résilier son abonnement à la fin du mois."
PHONE = "+33 6 12 34 56 78"


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


def enrich_all(pool: ConnectionPool, settings: Settings, db_url: str, chat_model: Any = None) -> int:
    services = Services(settings=settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8),
                        chat_model=chat_model)
    handlers = {ENRICH_JOB: job_handlers(services)[ENRICH_JOB]}
    return Worker(pool, handlers, database_url=db_url).drain(max_wait=0.5)


def translation_metrics(conn: psycopg.Connection, tenant: Tenant) -> list[tuple[str, dict[str, int]]]:
    rows = conn.execute("SELECT source_component, metadata FROM performance_metrics WHERE client_id = %s "
                        "AND event_type = 'translation' ORDER BY recorded_at", (tenant.client_id,)).fetchall()
    return [(r["source_component"], r["metadata"]["found"]) for r in rows]


def test_a_french_client_reads_an_english_leads_summary_in_french(
    api: TestClient, alpha: Tenant, pool: ConnectionPool, lead_settings: Settings, db_url: str,
    conn: psycopg.Connection,
) -> None:
    offline_lead = post_lead(api, alpha, name="John Smith", message=MESSAGE).json()["lead_id"]
    assert enrich_all(pool, lead_settings, db_url) == 1
    script = ScriptedLLM(structured=[{
        "summary": "John wants to cancel his membership at the end of the month.", "intent": "Cancellation request",
        "tone": "Friendly", "urgency": "Moyenne", "confidence": 0.9, "language": "en"}], texts=[FRENCH])
    with LLMServer(script) as server:
        model = make_chat_model(Settings(_env_file=None, environment="test", database_url=db_url,
                                         chat_provider="openai", openai_api_key="sk-test",
                                         openai_base_url=server.base_url))
        llm_lead = post_lead(api, alpha, name="Jane Doe", message=MESSAGE, phone=PHONE).json()["lead_id"]
        assert enrich_all(pool, lead_settings, db_url, model) == 1
    assert script.chat_calls == 2  # the analysis, then the summary's translation
    assert "from English to French" in script.requests[1]["messages"][0]["content"]
    assert sign_in(api, alpha)[0] == 303

    page = api.get(f"/dashboard/leads/{offline_lead}").text
    assert "John Smith — Annulation ou résiliation : « Hello, I would like to cancel my membership" in page
    assert "aucune traduction" in page and "Moyenne" in page  # said to be untranslated; French labels

    page = api.get(f"/dashboard/leads/{llm_lead}").text
    assert FRENCH in page and "aucune traduction" not in page
    assert "John wants to cancel" not in page

    assert translation_metrics(conn, alpha) == [
        ("lead_enrichment", {"llm": 1}), ("lead_dashboard", {"untranslated": 1}), ("lead_dashboard", {"cache": 1})]

    # Forgetting the lead forgets its summary's translation (which may name them) too.
    assert forget(conn, phone=PHONE).rows["translation_cache"] == 1
    assert conn.execute("SELECT count(*) AS n FROM translation_cache").fetchone()["n"] == 0
