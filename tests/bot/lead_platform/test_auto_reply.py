"""The auto-reply job: written in the lead's language and the client's tone, sent over a real
local SMTP server, retried from the queue when the server refuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings

from bot.core import queue
from bot.core.connections import Conn, Pool
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.jobs import job_handlers
from tests.bot.lead_platform.leadkit import make_tenant, post_lead
from tests.support.smtp import Inbox, body_of, smtp_settings


@pytest.fixture
def pool(db_url: str) -> Iterator[Pool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


def test_auto_reply_fails_with_451_then_is_retried_from_the_queue(
    smtp_server: tuple[Inbox, int], api: TestClient, lead_settings: Settings, db_url: str,
    pool: Pool, conn: Conn,
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
    assert worker.drain() == 1  # waits for the backoff, then delivers
    job = conn.execute("SELECT status, attempts FROM queue_jobs WHERE job_type = 'lead_auto_reply'").fetchone()
    assert job == {"status": "completed", "attempts": 2}
    assert len(inbox.messages) == 1
    sent = inbox.messages[0]
    text = body_of(sent)
    # The lead wrote in French: the reply is in French, in the client's (friendly) tone, with the link.
    assert sent["To"] == "awa@example.org" and sent["Subject"].startswith("Merci")
    assert "Bonjour Awa !" in text and "https://cal.example/agence" in text and "rendez-vous ou réservation" in text
    metrics = conn.execute("SELECT success_rate FROM performance_metrics WHERE event_type = 'email_response' "
                           "ORDER BY recorded_at").fetchall()
    assert [float(m["success_rate"]) for m in metrics] == [0.0, 1.0]
    feedback = conn.execute("SELECT count(*) AS n FROM feedback_tracking WHERE action_type = 'email_response'").fetchone()
    assert feedback["n"] == 1
    actions = [a["action_type"] for a in conn.execute(
        "SELECT action_type FROM lead_actions WHERE lead_id = %s ORDER BY timestamp", (lead_id,)).fetchall()]
    assert actions == ["created", "email_sent"]
    # Running the job again (e.g. a redelivery) sends nothing twice.
    with pool.connection() as c:
        queue.enqueue(c, "lead_auto_reply", {"client_id": str(tenant.client_id), "lead_memory_id": lead_id})
    worker.drain()
    assert len(inbox.messages) == 1


def test_no_auto_reply_when_the_client_turned_it_off(api: TestClient, db_url: str, conn: Conn) -> None:
    tenant = make_tenant(db_url, "quiet", ai_personalized_reply=False)
    post_lead(api, tenant)
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'lead_auto_reply'").fetchone()["n"] == 0
