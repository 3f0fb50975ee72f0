"""Twilio stops answering: bot turns still start at once, deliveries wait in the queue and go later.

The production worker (`bot.runtime.start_worker`: the real handlers in their lanes), the
real webhook and the real twilio SDK, against a stand-in that accepts requests and never
answers them until it is resumed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.delivery import enqueue_delivery
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.runtime import build_services, start_worker
from bot.store import conversations as repo
from tests.bot.channels.conftest import make_lead, row, run_due
from tests.support.stand_ins import TwilioServer, twilio_error
from tests.webhooks.conftest import post_twilio, sid, twilio_message

PATH = "/webhooks/twilio/whatsapp"
# Enough that threads shared by every job kind would still be busy failing deliveries
# (4 threads x 0.3 s per attempt: 1.5 s) when the members write.
BACKLOG = 20
PROVIDER_TIMEOUT = 0.3


@pytest.fixture
def services(wa_settings: Settings, db_url: str, twilio: TwilioServer) -> Iterator[Services]:
    settings = wa_settings.model_copy(update={"twilio_base_url": twilio.url, "provider_timeout_seconds": PROVIDER_TIMEOUT})
    built = build_services(settings, db_url)
    yield built
    built.pool.close()


def _wait_for(predicate: Callable[[], Any], *, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _turns(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Each bot turn with how long it waited, once due, before a worker started it."""
    return conn.execute(
        """SELECT status, extract(epoch FROM started_at - run_at) AS waited
           FROM queue_jobs WHERE job_type = 'bot_turn'""").fetchall()


def _completed(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The jobs once every one of them is completed, else nothing."""
    return jobs if jobs and all(job["status"] == "completed" for job in jobs) else []


def _deliveries(conn: psycopg.Connection) -> list[dict[str, Any]]:
    return conn.execute(
        """SELECT status, attempts, error, extract(epoch FROM run_at - updated_at) AS backoff
           FROM queue_jobs WHERE job_type = 'deliver_message'""").fetchall()


@pytest.mark.slow
def test_turns_start_within_a_second_while_deliveries_fail_and_are_retried_later(
    services: Services, db_url: str, conn: psycopg.Connection, twilio: TwilioServer
) -> None:
    twilio.stall()
    for n in range(BACKLOG):  # replies already waiting for Twilio
        lead = repo.upsert_lead(conn, channel="twilio", phone=f"+23766{n:07d}", channel_user_id=None, name=None)
        conn.execute("UPDATE leads SET last_inbound_at = now() WHERE id = %s", (lead,))
        enqueue_delivery(conn, repo.record_outbound(conn, lead_id=lead, content=f"Réponse {n}"))
    worker = start_worker(services)
    try:
        _wait_for(lambda: len(twilio.unanswered) >= 2, timeout=5, what="deliveries stuck on Twilio")
        with TestClient(create_app(services.settings, database_url=db_url)) as client:
            for n in range(3):
                form = twilio_message(sid(500 + n), body="Bonjour", sender=f"+23767{n:07d}")
                assert post_twilio(client, PATH, form).status_code == 200
        turns = _wait_for(lambda: _completed(_turns(conn)), timeout=20, what="the three turns")
        assert len(turns) == 3
        assert max(float(t["waited"]) for t in turns) < 1.0, turns

        # Each failed attempt is counted and the job waits out its backoff in the queue.
        failed = _wait_for(lambda: [j for j in _deliveries(conn) if j["attempts"] >= 1
                                    and j["status"] == "pending"], timeout=10, what="failed attempts")
        for job in failed:
            assert "Twilio unreachable" in job["error"]
            assert float(job["backoff"]) >= 0.8 * min(300, 2 ** job["attempts"]) - 0.05, job
        assert conn.execute("SELECT count(*) AS n FROM conversations WHERE direction = 'out' "
                            "AND delivery_status = 'failed'").fetchone()["n"] == 0

        twilio.resume()
        _wait_for(lambda: all(j["status"] == "completed" for j in _deliveries(conn)), timeout=30,
                  what="every delivery to go through once Twilio answers")
    finally:
        worker.stop()
    outbound = conn.execute("SELECT id, delivery_status FROM conversations WHERE direction = 'out'").fetchall()
    assert len(outbound) > BACKLOG  # the backlog and the three turns' replies
    assert {row["delivery_status"] for row in outbound} == {"queued"}
    assert len(twilio.requests) == len(outbound)  # each sent once
    assert max(j["attempts"] for j in _deliveries(conn)) >= 2


def test_a_delivery_outlives_a_long_outage(conn: psycopg.Connection, worker: Worker, twilio: TwilioServer) -> None:
    """Eight transient failures in a row (minutes of outage at the real backoff), then it goes."""
    twilio.script = [twilio_error(503, 20503, "Service Unavailable")] * 8
    message_id = repo.record_outbound(conn, lead_id=make_lead(conn), content="Bonjour Awa")
    enqueue_delivery(conn, message_id)
    for _ in range(9):
        conn.execute("UPDATE queue_jobs SET run_at = now() WHERE status = 'pending'")  # skip the backoff
        run_due(worker)
    assert row(conn, message_id)["delivery_status"] == "queued"
    [job] = _deliveries(conn)
    assert job["status"] == "completed" and job["attempts"] == 9
