"""Every LLM call of a registered prompt is a prompt_performance row: real OpenAI and Mistral SDKs
against the local stand-in, through the lead platform's jobs (the registry's text sent, an edit
taking effect without a deploy, tokens and cost, format consistency, errors, the feedback link)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings

from agents.outreach.graph import build_graph, run
from agents.outreach.state import OutreachContext
from agents.translation import Translator
from bot.core.chat_model import make_chat_model
from bot.core.db import open_pool, service_transaction, tenant_transaction
from bot.core.llm_prices import cost_usd
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.enrichment.prompts import ENRICH_SYSTEM, LEAD_REPLY
from bot.lead_platform.enrichment.reply import personal_paragraph
from bot.lead_platform.jobs import job_handlers
from bot.lead_platform.store.clients import get_client
from bot.lead_platform.store.intake import RequestMeta, record_lead
from bot.prompts import registry
from bot.store import conversations as repo
from bot.store.erasure import forget
from bot.store.retention import prune
from tests.agents.outreach.test_agent import brief, prospect
from tests.bot.lead_platform.leadkit import Tenant, make_tenant
from tests.support.llm_server import LLMServer, ScriptedLLM

ANALYSIS = {"summary": "Awa veut annuler son abonnement.", "intent": "Cancellation request", "tone": "Neutral",
            "urgency": "Moyenne", "confidence": 0.9, "language": "fr"}


@pytest.fixture(scope="module")
def script() -> ScriptedLLM:
    return ScriptedLLM()


@pytest.fixture(scope="module")
def server(script: ScriptedLLM) -> Iterator[LLMServer]:
    with LLMServer(script) as running:
        yield running


def llm_services(settings: Settings, db_url: str, server: LLMServer, provider: str) -> Services:
    keys: dict[str, Any] = ({"openai_api_key": "sk-test", "openai_base_url": server.base_url} if provider == "openai"
                            else {"mistral_api_key": "test", "mistral_base_url": server.base_url})
    configured = Settings(_env_file=None, environment="test", database_url=db_url,  # type: ignore[call-arg]
                          chat_provider=provider, embedding_provider="offline", **keys)
    return Services(settings=configured, pool=open_pool(db_url, max_size=4), database_url=db_url,
                    embedder=FakeEmbeddings(size=8), chat_model=make_chat_model(configured))


@pytest.fixture(scope="module")
def openai(settings: Settings, db_url: str, server: LLMServer) -> Iterator[Services]:
    services = llm_services(settings, db_url, server, "openai")
    yield services
    services.pool.close()


@pytest.fixture(scope="module")
def tenant(db_url: str) -> Tenant:
    return make_tenant(db_url, f"recorded{uuid.uuid4().hex[:6]}", language="fr")  # no summary to translate


def new_lead(services: Services, tenant: Tenant, message: str) -> uuid.UUID:
    with services.pool.connection() as conn, tenant_transaction(conn, tenant.client_id):
        client = get_client(conn, tenant.client_id)
        assert client is not None
        return record_lead(conn, client=client, lead={"name": "Awa Diallo", "message": message},
                           meta=RequestMeta(key_prefix=None, ip=None, user_agent=None), logged_body={})


def enrich(services: Services, tenant: Tenant, message: str) -> tuple[uuid.UUID, dict[str, Any]]:
    """One lead through the enrichment job; its recorded call."""
    lead_id = new_lead(services, tenant, message)
    assert Worker(services.pool, job_handlers(services), database_url=services.database_url).drain() >= 1
    with services.pool.connection() as conn, service_transaction(conn):
        row = conn.execute("SELECT * FROM prompt_performance WHERE subject = %s", (f"lead:{lead_id}",)).fetchone()
    assert row is not None
    return lead_id, row


def test_an_enrichment_call_is_recorded_with_usage_cost_and_its_feedback_row(
    openai: Services, tenant: Tenant, script: ScriptedLLM, conn: psycopg.Connection
) -> None:
    script.structured.append(ANALYSIS)
    lead_id, row = enrich(openai, tenant, "Je veux annuler mon abonnement")
    sent = script.requests[-1]
    assert sent["messages"][0]["content"].startswith(ENRICH_SYSTEM.split("{")[0])  # the registry's text
    with service_transaction(conn):
        active = registry.get_active(conn, "lead_analysis")
        feedback = conn.execute("SELECT id FROM feedback_tracking WHERE lead_id = %s", (lead_id,)).fetchone()
    assert active is not None and feedback is not None
    assert (row["prompt_name"], row["prompt_registry_id"], row["client_id"]) == ("lead_analysis", active.id,
                                                                                 tenant.client_id)
    assert row["feedback_id"] == feedback["id"]
    # The stand-in reports 10 prompt and 5 completion tokens; gpt-4o-mini is in the price table.
    assert (row["input_tokens"], row["output_tokens"], row["token_count"]) == (10, 5, 15)
    assert row["model_name"] == "gpt-4o-mini"
    assert float(row["cost_usd"]) == cost_usd("gpt-4o-mini", input_tokens=10, output_tokens=5)
    assert (float(row["consistency_score"]), row["error_occurred"], row["environment"]) == (1.0, False, "test")
    assert row["response_time_ms"] >= 0 and row["ab_test_id"] is None
    assert row["output_data"]["parsed"]["intent"] == "Cancellation request"
    assert "Je veux annuler mon abonnement" in row["input_data"]["messages"][0]["content"]
    # The tenant sees its own rows, under Row Level Security.
    with tenant_transaction(conn, tenant.client_id):
        assert conn.execute("SELECT count(*) AS n FROM prompt_performance").fetchone()["n"] >= 1
    with tenant_transaction(conn, uuid.uuid4()):
        assert conn.execute("SELECT count(*) AS n FROM prompt_performance").fetchone()["n"] == 0


def test_an_admins_edit_reaches_the_next_call_without_a_deploy(
    openai: Services, tenant: Tenant, script: ScriptedLLM, conn: psycopg.Connection
) -> None:
    edited = ENRICH_SYSTEM.replace("Return the structured analysis only.",
                                   "Return the structured analysis only. Cancellations come first.")
    with service_transaction(conn):
        version = registry.add_version(conn, name="lead_analysis", text=edited, parameters='{"temperature": 0}',
                                       by="boss", activate=True)
    openai.prompts.invalidate()  # what the console does; other processes see it within 30 s
    script.structured.append(ANALYSIS)
    _, row = enrich(openai, tenant, "Je veux résilier")
    sent = script.requests[-1]
    assert "Cancellations come first." in sent["messages"][0]["content"] and sent["temperature"] == 0
    assert row["prompt_registry_id"] == version.id and row["input_data"]["parameters"] == {"temperature": 0.0}
    with service_transaction(conn):  # back to the code's text for the other tests
        registry.activate_version(conn, name="lead_analysis", version=1)
    openai.prompts.invalidate()


def test_answers_out_of_format_and_provider_failures_are_recorded_as_such(
    settings: Settings, db_url: str, server: LLMServer, tenant: Tenant, script: ScriptedLLM
) -> None:
    mistral = llm_services(settings, db_url, server, "mistral")
    try:
        script.structured.append({"intent": "Cancellation request"})  # the other fields are missing
        _, row = enrich(mistral, tenant, "Je veux annuler")
        assert (float(row["consistency_score"]), row["error_occurred"]) == (0.0, True)
        assert row["error_message"].startswith("ValidationError") and row["input_tokens"] == 10
        assert row["model_name"] == "mistral-small-latest" and row["feedback_id"] is not None
        script.failures = 2  # the call and the SDK's one retry
        _, row = enrich(mistral, tenant, "Je veux annuler")
        assert (row["consistency_score"], row["error_occurred"], row["token_count"]) == (None, True, None)
    finally:
        mistral.pool.close()


def test_an_output_the_service_refuses_is_judged(openai: Services, tenant: Tenant, script: ScriptedLLM,
                                                 conn: psycopg.Connection) -> None:
    script.texts.append("Merci ! Réservez ici : https://evil.example/pay")
    prompt = openai.prompts.call(LEAD_REPLY, subject="lead:judged", client_id=tenant.client_id)
    assert personal_paragraph(openai.chat_model, business="Agence", language="fr", tone="Friendly",
                              message="Bonjour", prompt=prompt) is None
    with service_transaction(conn):
        row = conn.execute("SELECT * FROM prompt_performance WHERE execution_id = %s",
                           (prompt.execution_id,)).fetchone()
    assert (float(row["consistency_score"]), float(row["output_quality_score"])) == (1.0, 0.0)
    assert row["output_data"]["refused"] == ["a link or an address"]
    assert "evil.example" in row["output_data"]["text"]


def test_forgetting_a_member_erases_the_calls_made_about_them(conn: psycopg.Connection) -> None:
    phone = f"+2376{uuid.uuid4().int % 10**8:08d}"
    lead_id = repo.upsert_lead(conn, channel="local", phone=phone, name="Nadia")
    with service_transaction(conn):
        for subject in (f"member:{lead_id}", "member:0"):
            conn.execute("INSERT INTO prompt_performance (prompt_name, execution_id, subject, input_data) "
                         "VALUES ('understand', %s, %s, %s)",
                         (uuid.uuid4().hex, subject, '{"messages": [{"role": "human", "content": "je suis Nadia"}]}'))
    assert forget(conn, phone=phone).rows["prompt_performance"] == 1
    with service_transaction(conn):
        left = conn.execute("SELECT subject FROM prompt_performance WHERE subject LIKE 'member:%'").fetchall()
    assert [r["subject"] for r in left] == ["member:0"]


def test_calls_are_kept_a_year_like_the_feedback_that_judges_them(conn: psycopg.Connection) -> None:
    with service_transaction(conn):
        conn.execute("INSERT INTO prompt_performance (prompt_name, execution_id, executed_at) VALUES "
                     "('faq', 'old', now() - interval '366 days'), ('faq', 'recent', now() - interval '364 days')")
    assert prune(conn)["prompt_performance"] == 1
    with service_transaction(conn):
        kept = conn.execute("SELECT execution_id FROM prompt_performance WHERE execution_id IN ('old', 'recent')")
        assert [r["execution_id"] for r in kept.fetchall()] == ["recent"]


def test_translations_and_outreach_paragraphs_read_the_registry_and_are_judged(
    openai: Services, tenant: Tenant, script: ScriptedLLM, conn: psycopg.Connection
) -> None:
    script.texts.append("Ingénieure passionnée de randonnée")
    translator = Translator(openai.chat_model, component="profile_card", prompts=openai.prompts)
    with service_transaction(conn):
        assert translator.translate(conn, "Engineer who loves hiking", source="en", target="fr").via == "llm"
    # A model paragraph that invents a fact: the outreach check refuses it, and the call says so.
    script.texts.append("Dupont Bakery won 12 awards in Paris last year.")
    recipient = prospect()
    recipient = dataclasses.replace(recipient, row={**recipient.row, "client_id": tenant.client_id})
    result = run(build_graph(), {"recipient": recipient, "brief": brief()},
                 OutreachContext(chat_model=openai.chat_model, prompts=openai.prompts))
    assert result["refused_model"]
    with service_transaction(conn):
        rows = {r["prompt_name"]: r for r in conn.execute(
            "SELECT * FROM prompt_performance WHERE prompt_name IN ('translate', 'outreach_personal')").fetchall()}
    assert float(rows["translate"]["output_quality_score"]) == 1.0 and rows["translate"]["subject"].startswith("text:")
    paragraph = rows["outreach_personal"]
    assert paragraph["subject"] == f"prospect:{recipient.id}" and paragraph["client_id"] == tenant.client_id
    assert float(paragraph["output_quality_score"]) == 0.0
    assert any("12" in reason for reason in paragraph["output_data"]["refused"])
