"""Channel fixtures: local Twilio and Graph API servers, a worker on the delivery jobs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from bot.channels import job_handlers
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.store import conversations as repo
from tests.support.stand_ins import GraphServer, TwilioServer
from tests.webhooks.conftest import wa_settings  # noqa: F401  (shared fixture)


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    server = GraphServer()
    yield server
    server.close()


@pytest.fixture
def twilio() -> Iterator[TwilioServer]:
    server = TwilioServer()
    yield server
    server.close()


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


@pytest.fixture
def services(wa_settings: Settings, graph: GraphServer, pool: ConnectionPool, db_url: str,  # noqa: F811
             twilio: TwilioServer) -> Services:
    settings = wa_settings.model_copy(update={"meta_graph_url": graph.url, "twilio_base_url": twilio.url})
    return Services(settings=settings, pool=pool, database_url=db_url, embedder=None)  # type: ignore[arg-type]


@pytest.fixture
def worker(services: Services) -> Worker:
    return Worker(services.pool, job_handlers(services), database_url=services.database_url)


def run_due(worker: Worker) -> int:
    """Run every job due now in this thread (Worker.drain waits for later ones too)."""
    done = 0
    while worker.run_one() is not None:
        done += 1
    return done


def make_lead(conn: psycopg.Connection, *, channel: str = "twilio", phone: str | None = "+237650000001",
              user_id: str | None = None, hours_since_inbound: float | None = 1.0,
              opted_out: bool = False) -> int:
    lead_id = repo.upsert_lead(conn, channel=channel, phone=phone, channel_user_id=user_id, name="Awa")
    last = None if hours_since_inbound is None else timedelta(hours=hours_since_inbound)
    conn.execute("UPDATE leads SET last_inbound_at = now() - %s::interval, opted_out = %s WHERE id = %s",
                 (last, opted_out, lead_id))
    return lead_id


def queue_outbound(conn: psycopg.Connection, lead_id: int, content: str = "Bonjour Awa", **kwargs: Any) -> int:
    """An outbound row and its delivery job, as the conversation engine writes them."""
    from bot.core import queue

    message_id = repo.record_outbound(conn, lead_id=lead_id, content=content, **kwargs)
    queue.enqueue(conn, "deliver_message", {"message_id": message_id})
    return message_id


def row(conn: psycopg.Connection, message_id: int) -> dict[str, Any]:
    return conn.execute(
        "SELECT delivery_status, delivery_error, provider_message_id FROM conversations WHERE id = %s",
        (message_id,)).fetchone()


def set_templates(conn: psycopg.Connection, templates: dict[str, Any]) -> None:
    conn.execute("UPDATE configuration SET value = %s WHERE key = 'whatsapp_templates'", (json.dumps(templates),))
