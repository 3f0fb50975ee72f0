"""At most once: an outreach e-mail the SMTP server may hold is never sent again, whether the
server's answer is lost or the worker dies before recording it (a real process, killed while
the server holds the message); a refused DATA is retried and sent once; a `sending` e-mail
whose job is gone for good is settled by the next tick.

Bounces by envelope are tested with the inbound route (tests/webhooks/outreach/test_bounces.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest

from bot.core import queue
from bot.core.connections import Pool
from bot.core.db import tenant_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import RetryLater, Worker
from bot.lead_platform.outreach import campaign_jobs, drafting, screens, sending
from bot.lead_platform.store import outreach_emails
from tests.bot.lead_platform.outreach.campaignkit import job_count, queued_email, services_of
from tests.support import REPO_ROOT
from tests.support.smtp import Inbox, smtp_settings


@pytest.fixture
def services(settings: Settings, smtp_server: tuple[Inbox, int], pool: Pool, db_url: str) -> Services:
    return services_of(smtp_settings(settings, smtp_server[1]), pool, db_url)


def email_row(conn: psycopg.Connection, email_id: uuid.UUID) -> dict[str, object]:
    return conn.execute("SELECT status, sent_at, gmail_message_id, metadata FROM outreach_emails WHERE id = %s",
                        (email_id,)).fetchone()


def sent_events(conn: psycopg.Connection, email_id: uuid.UUID) -> list[dict[str, object]]:
    return conn.execute("SELECT metadata FROM outreach_tracking WHERE email_id = %s AND action = 'sent'",
                        (email_id,)).fetchall()


def _sender_process(db_url: str, port: int, home: Path) -> subprocess.Popen[bytes]:
    """A worker process that takes the bulk_email job with a one-second lease (send_one.py)."""
    env = {**os.environ, "DATABASE_URL": db_url, "MATCHBOT_HOME": str(home), "MATCHBOT_ENV": "test",
           "MATCHBOT_CHAT_PROVIDER": "offline", "MATCHBOT_EMBEDDING_PROVIDER": "offline",
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_FROM": "Agence <no-reply@agence.test>"}
    return subprocess.Popen([sys.executable, "-m", "tests.bot.lead_platform.outreach.send_one"], env=env,
                            cwd=REPO_ROOT, start_new_session=True)


def test_a_worker_killed_while_the_server_holds_the_message_does_not_send_it_twice(
    conn: psycopg.Connection, services: Services, db_url: str, smtp_server: tuple[Inbox, int], tmp_path: Path,
) -> None:
    inbox, port = smtp_server
    queued = queued_email(conn, services, db_url)
    process = _sender_process(db_url, port, tmp_path)
    # The server has the message; the worker dies before it reads the answer, let alone records it.
    inbox.after_data = lambda: os.killpg(process.pid, signal.SIGKILL)
    try:
        assert process.wait(60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    inbox.after_data = None
    assert len(inbox.messages) == 1
    row = email_row(conn, queued.email_id)
    assert row["status"] == "sending" and row["gmail_message_id"] == inbox.messages[0]["Message-ID"]

    # Its lease lapses; another worker takes the job back and settles it without sending.
    worker = Worker(services.pool, campaign_jobs.job_handlers(services), database_url=db_url)
    deadline = time.monotonic() + 10
    while worker.run_one([sending.SEND_JOB]) is None:
        assert time.monotonic() < deadline, "the job did not come back"
        time.sleep(0.2)
    assert len(inbox.messages) == 1
    row = email_row(conn, queued.email_id)
    assert row["status"] == "sent" and row["metadata"]["delivery"] == "unconfirmed" and row["sent_at"]
    assert [e["metadata"]["unconfirmed"] for e in sent_events(conn, queued.email_id)] == [True]
    job = conn.execute("SELECT status, attempts, result FROM queue_jobs WHERE job_type = 'bulk_email'").fetchone()
    assert (job["status"], job["attempts"], job["result"]["unconfirmed"]) == ("completed", 2, str(queued.email_id))
    with tenant_transaction(conn, queued.client_id):  # the campaign page says so
        [person] = screens.timeline(outreach_emails.timeline(conn, queued.campaign_id))
    assert [event for _at, _step, event in person["events"]][-1] == "sent_unconfirmed"
    # Nothing queues the e-mail again.
    drafting.tick(services, campaign_id=str(queued.campaign_id))
    assert job_count(conn, "bulk_email") == 0 and len(inbox.messages) == 1


def test_a_lost_answer_is_sent_unconfirmed_a_refused_data_retried_and_a_lost_job_settled(
    conn: psycopg.Connection, services: Services, db_url: str, smtp_server: tuple[Inbox, int],
) -> None:
    inbox, _port = smtp_server
    lost = queued_email(conn, services, db_url)
    inbox.lose_answers = True
    worker = Worker(services.pool, campaign_jobs.job_handlers(services), database_url=db_url)
    assert worker.run_one([sending.SEND_JOB]) is not None
    inbox.lose_answers = False
    assert len(inbox.messages) == 1
    assert email_row(conn, lost.email_id)["metadata"]["delivery"] == "unconfirmed"
    assert job_count(conn, "bulk_email", "completed") == 1 and job_count(conn, "bulk_email") == 0

    # A 451 to DATA: nothing was accepted, so the e-mail is approved again and goes on the retry.
    refused = queued_email(conn, services, db_url)
    inbox.fail_first, inbox.attempts = 1, 0
    job = conn.execute("SELECT id FROM queue_jobs WHERE job_type = 'bulk_email' AND status = 'pending'").fetchone()
    claimed = queue.claim(conn, types=[sending.SEND_JOB], worker="test", lease=30)
    assert claimed is not None and claimed.id == job["id"]
    with pytest.raises(RetryLater):
        sending.send(services, claimed)
    row = email_row(conn, refused.email_id)
    assert row["status"] == "approved" and row["gmail_message_id"] is None and len(inbox.messages) == 1
    assert sending.send(services, claimed)["sent"] == str(refused.email_id)
    assert len(inbox.messages) == 2 and "delivery" not in email_row(conn, refused.email_id)["metadata"]
    assert [e["metadata"].get("unconfirmed") for e in sent_events(conn, refused.email_id)] == [None]

    # A `sending` e-mail whose job is gone for good (its last attempt died): the tick settles it.
    stale = queued_email(conn, services, db_url)
    long_ago = services.clock() - 2 * sending.STALE_SENDING
    conn.execute("UPDATE outreach_emails SET status = 'sending', gmail_message_id = '<lost@outreach.localhost>', "
                 "metadata = metadata || jsonb_build_object('sending_at', %s::timestamptz) WHERE id = %s",
                 (long_ago, stale.email_id))
    conn.execute("UPDATE queue_jobs SET status = 'failed' WHERE job_type = 'bulk_email' AND status = 'pending'")
    assert drafting.tick(services, campaign_id=str(stale.campaign_id))["unconfirmed"] == 1
    row = email_row(conn, stale.email_id)
    assert row["status"] == "sent" and row["sent_at"] == long_ago and len(inbox.messages) == 2
