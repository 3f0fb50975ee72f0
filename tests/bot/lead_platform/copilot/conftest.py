"""Copilot fixtures: the scripted OpenAI/Mistral stand-in, services whose chat model talks to it
through the real SDKs, tenants' leads, and a signed-in session to chat in."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings
from psycopg_pool import ConnectionPool
from pydantic import SecretStr

from bot.core.chat_model import make_chat_model
from bot.core.db import open_pool, service_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.lead_platform.copilot.workspace import Scope, Workspace
from bot.store import sessions
from tests.bot.lead_platform.leadkit import Tenant, make_tenant
from tests.conftest import create_database, drop_database
from tests.support.llm_server import LLMServer, ScriptedLLM

Provider = str
MakeServices = Callable[[Provider], Services]


@pytest.fixture(scope="module")
def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    """One database per module: each test works in tenants of its own (below), and a database
    per test cost more than the tests themselves."""
    url = create_database(pg_admin_url, template=template_db)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def alpha(db_url: str) -> Tenant:
    """A French-speaking client of this test only."""
    return make_tenant(db_url, f"alpha{uuid.uuid4().hex[:6]}", language="fr")


@pytest.fixture
def beta(db_url: str) -> Tenant:
    """Another client, English-speaking."""
    return make_tenant(db_url, f"beta{uuid.uuid4().hex[:6]}", language="en")


@pytest.fixture
def script() -> ScriptedLLM:
    return ScriptedLLM()


@pytest.fixture
def stand_in(script: ScriptedLLM) -> Iterator[LLMServer]:
    with LLMServer(script) as server:
        yield server


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


def with_llm(settings: Settings, stand_in: LLMServer, provider: Provider) -> Settings:
    """The test's settings with a provider whose SDK talks to the stand-in."""
    keys: dict[str, Any] = {
        "openai": {"openai_api_key": SecretStr("sk-test"), "openai_base_url": stand_in.base_url},
        "mistral": {"mistral_api_key": SecretStr("test-key"), "mistral_base_url": stand_in.base_url},
    }[provider]
    return settings.model_copy(update={"chat_provider": provider, **keys})


@pytest.fixture
def make_services(settings: Settings, stand_in: LLMServer, pool: ConnectionPool, db_url: str) -> MakeServices:
    def make(provider: Provider) -> Services:
        llm = with_llm(settings, stand_in, provider)
        return Services(settings=llm, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8),
                        chat_model=make_chat_model(llm))

    return make


def open_session(conn: psycopg.Connection, *, client_id: uuid.UUID | None = None,
                 admin_id: int | None = None) -> bytes:
    """A live web session (the copilot's chat and actions belong to one)."""
    token = secrets.token_urlsafe(16)
    sessions.create(conn, token=token, lifetime=timedelta(hours=1), user_agent="test", client_id=client_id,
                    admin_id=admin_id)
    return sessions.session_id(token)


def desk(conn: psycopg.Connection, services: Services, tenant: Tenant, *, language: str = "fr",
         scope: Scope = "client") -> Workspace:
    """The tenant's copilot in a new session of its own."""
    return Workspace(services=services, client_id=tenant.client_id, session_id=open_session(conn, client_id=tenant.client_id),
                     actor=tenant.email, language=language, scope=scope, name=tenant.email.split("@")[0].title())


def add_lead(conn: psycopg.Connection, client_id: uuid.UUID, **fields: Any) -> uuid.UUID:
    """A form lead as enrichment leaves it (the service writes it, as intake does)."""
    values = {"name": "Awa Diallo", "email": "awa@example.org", "phone": "+33 6 12 34 56 78",
              "message": "Bonjour, rappelez-moi au 06 12 34 56 78 pour un devis urgent.", "intent": "Quote request",
              "urgency": "Élevée", "tone": "Friendly", "language": "fr", "confidence_score": 0.9,
              "ai_summary": "Demande de devis urgente.", **fields}
    with service_transaction(conn):
        row = conn.execute(
            f"""INSERT INTO lead_memory (client_id, {', '.join(values)})
                VALUES (%s, {', '.join(['%s'] * len(values))}) RETURNING id""",
            (client_id, *values.values()),
        ).fetchone()
    assert row is not None
    return row["id"]


def agent_logs(conn: psycopg.Connection, client_id: uuid.UUID) -> list[dict[str, Any]]:
    """The copilot's agent_logs rows of one tenant, oldest first."""
    return conn.execute(
        "SELECT agent_name, input_summary, output_summary, success, error_message, lead_id, duration_ms "
        "FROM agent_logs WHERE agent_name LIKE 'copilot.%%' AND input_summary LIKE %s ORDER BY id",
        (f"% {client_id} %",)).fetchall()
