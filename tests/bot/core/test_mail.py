"""SMTP sending and the auto-reply job against a real local SMTP server (aiosmtpd)."""

# Fixtures come from tests/leadkit.py (imported by name, so F811 is expected).
# ruff: noqa: F811

from __future__ import annotations

import email
import smtplib
from collections.abc import Iterator
from email.message import Message
from typing import Any

import psycopg
import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings
from psycopg_pool import ConnectionPool

from bot.lead_platform.jobs import job_handlers
from bot.core.db import open_pool
from bot.core.mail import EmailNotConfigured, send_email
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from tests.bot.lead_platform.leadkit import (
    Tenant,
    api,
    drain,
    free_port,
    lead_settings,
    make_tenant,
    post_lead,
)  # noqa: F401


class Inbox:
    """An aiosmtpd handler keeping messages; it can refuse the first N with 451."""

    def __init__(self, *, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.attempts = 0
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.attempts <= self.fail_first:
            return "451 4.3.0 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def smtp_settings(settings: Settings, port: int) -> Settings:
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port,
                                       "smtp_from": "Agence <no-reply@agence.test>"})


def body_of(message: Message) -> str:
    part = message.get_payload(decode=True) if not message.is_multipart() else message.get_payload(0).get_payload(decode=True)
    return part.decode()  # type: ignore[union-attr]


def test_send_email_delivers_to_the_local_server(smtp_server: tuple[Inbox, int], settings: Settings) -> None:
    inbox, port = smtp_server
    message_id = send_email(smtp_settings(settings, port), to="awa@example.org", subject="Bonjour ✓",
                            text="Réponse en français", reply_to="client@example.test")
    assert len(inbox.messages) == 1
    got = inbox.messages[0]
    assert got["To"] == "awa@example.org" and got["Message-ID"] == message_id
    assert got["Reply-To"] == "client@example.test" and "français" in body_of(got)


def test_send_email_raises_on_refusal_and_without_configuration(smtp_server: tuple[Inbox, int],
                                                                settings: Settings) -> None:
    inbox, port = smtp_server
    inbox.fail_first = 1
    with pytest.raises(smtplib.SMTPDataError):
        send_email(smtp_settings(settings, port), to="a@example.org", subject="s", text="t")
    with pytest.raises(EmailNotConfigured):
        send_email(settings, to="a@example.org", subject="s", text="t")


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


def test_auto_reply_fails_with_451_then_is_retried_from_the_queue(
    smtp_server: tuple[Inbox, int], api: TestClient, lead_settings: Settings, db_url: str,
    pool: ConnectionPool, conn: psycopg.Connection,
) -> None:
    inbox, port = smtp_server
    inbox.fail_first = 1
    tenant = make_tenant(db_url, "agence", language="en", ai_personalized_reply=True, email_tone="Friendly",
                         booking_link="https://cal.example/agence")
    lead_id = post_lead(api, tenant, name="Awa Diallo", email="awa@example.org",
                        message="Bonjour, je voudrais un rendez-vous cette semaine").json()["lead_id"]
    services = Services(settings=smtp_settings(lead_settings, port), pool=pool, database_url=db_url,
                        embedder=FakeEmbeddings(size=8))
    worker = Worker(pool, job_handlers(services), database_url=db_url)
    assert worker.run_one().job_type == "enrich_lead"  # type: ignore[union-attr]
    assert worker.run_one().job_type == "lead_auto_reply"  # type: ignore[union-attr]
    job = conn.execute("SELECT status, attempts, error FROM queue_jobs WHERE job_type = 'lead_auto_reply'").fetchone()
    assert job["status"] == "pending" and job["attempts"] == 1 and "451" in job["error"]
    assert inbox.messages == []
    assert drain(worker) == 1  # waits for the backoff, then delivers
    job = conn.execute("SELECT status, attempts FROM queue_jobs WHERE job_type = 'lead_auto_reply'").fetchone()
    assert job == {"status": "completed", "attempts": 2}
    assert len(inbox.messages) == 1
    sent = inbox.messages[0]
    text = body_of(sent)
    # The lead wrote in French: the reply is in French, in the client's (friendly) tone, with the link.
    assert sent["To"] == "awa@example.org" and sent["Subject"].startswith("Merci")
    assert "Bonjour Awa !" in text and "https://cal.example/agence" in text and "prise de rendez-vous" in text
    metrics = conn.execute("SELECT success_rate FROM performance_metrics WHERE event_type = 'email_response' "
                           "ORDER BY recorded_at").fetchall()
    assert [float(m["success_rate"]) for m in metrics] == [0.0, 1.0]
    feedback = conn.execute("SELECT count(*) AS n FROM feedback_tracking WHERE action_type = 'email_response'").fetchone()
    assert feedback["n"] == 1
    actions = [a["action_type"] for a in conn.execute(
        "SELECT action_type FROM lead_actions WHERE lead_id = %s ORDER BY timestamp", (lead_id,)).fetchall()]
    assert actions == ["created", "email_sent"]
    # Running the job again (e.g. a redelivery) sends nothing twice.
    from bot.core import queue
    with pool.connection() as c:
        queue.enqueue(c, "lead_auto_reply", {"client_id": str(tenant.client_id), "lead_memory_id": lead_id})
    drain(worker)
    assert len(inbox.messages) == 1


def test_no_auto_reply_when_the_client_turned_it_off(api: TestClient, db_url: str, conn: psycopg.Connection) -> None:
    tenant = make_tenant(db_url, "quiet", ai_personalized_reply=False)
    post_lead(api, tenant)
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'lead_auto_reply'").fetchone()["n"] == 0
