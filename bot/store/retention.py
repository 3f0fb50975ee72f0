"""Retention, and the jobs that erase.

- `prune`: what the platform document says expires (feedback after a year, translation
  cache after 90 days; prompt calls, judged by that feedback, after a year too), received
  outreach e-mails after 90 days, finished
  queue jobs, ended web sessions, and graph checkpoints
  older than the latest of each thread (LangGraph's saver keeps every one and offers no
  pruning).
- The `forget_member` job: a member's own erasure request (bot/store/erasure.py).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import psycopg

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction
from bot.core.services import Services
from bot.core.worker import Handler, RetryLater
from bot.store import sessions
from bot.store.erasure import forget

log = logging.getLogger(__name__)


# How long a received e-mail (outreach replies, bounce reports, form-test answers) is kept.
INBOUND_EMAIL_DAYS = 90


def _count(conn: Conn, query: str, params: tuple[Any, ...]) -> int:
    return conn.execute(query, params).rowcount


def prune(conn: Conn, *, job_days: int = 7) -> dict[str, int]:
    """Delete what has expired; returns rows deleted per table."""
    deleted: dict[str, int] = {}
    with service_transaction(conn):
        deleted["feedback_tracking"] = _count(conn, "DELETE FROM feedback_tracking WHERE expires_at < now()", ())
        deleted["translation_cache"] = _count(conn, "DELETE FROM translation_cache WHERE expires_at < now()", ())
        # A prompt call keeps what was sent and answered: as long as the feedback it is judged by.
        deleted["prompt_performance"] = _count(
            conn, "DELETE FROM prompt_performance WHERE executed_at < now() - interval '1 year'", ())
        # A received e-mail is kept as it came so that its matching can be replayed; what it
        # meant stays after it (the reply's text on its e-mail, the tracking event, the lead).
        deleted["outreach_inbound_emails"] = _count(
            conn, "DELETE FROM outreach_inbound_emails WHERE received_at < now() - make_interval(days => %s)",
            (INBOUND_EMAIL_DAYS,))
        deleted["queue_jobs"] = _count(
            conn,
            "DELETE FROM queue_jobs WHERE status = 'completed' AND completed_at < now() - make_interval(days => %s)",
            (job_days,),
        )
    deleted["web_sessions"] = sessions.purge(conn)
    with conn.transaction():
        deleted["checkpoints"] = _count(
            conn,
            """DELETE FROM checkpoints c
               WHERE EXISTS (SELECT 1 FROM checkpoints newer
                             WHERE newer.thread_id = c.thread_id AND newer.checkpoint_ns = c.checkpoint_ns
                               AND newer.checkpoint_id > c.checkpoint_id)""",
            (),
        )
        deleted["checkpoint_writes"] = _count(
            conn,
            """DELETE FROM checkpoint_writes w
               WHERE NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.thread_id = w.thread_id
                                 AND c.checkpoint_ns = w.checkpoint_ns AND c.checkpoint_id = w.checkpoint_id)""",
            (),
        )
        deleted["checkpoint_blobs"] = _count(
            conn,
            """DELETE FROM checkpoint_blobs b
               WHERE NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.thread_id = b.thread_id
                                 AND c.checkpoint_ns = b.checkpoint_ns
                                 AND c.checkpoint -> 'channel_versions' ->> b.channel = b.version)""",
            (),
        )
    return deleted


RETENTION_EVERY = 24 * 3600.0
# An erasure waits for the goodbye message to be delivered, but not for ever.
FORGET_WAITS_AT_MOST = timedelta(minutes=10)


def job_handlers(services: Services) -> dict[str, Handler]:
    """`retention`: prune once a day (re-enqueues itself; at most one is pending)."""

    def retention(job: queue.Job) -> dict[str, Any]:
        with services.pool.connection() as conn:
            deleted = prune(conn)
            queue.schedule(conn, "retention", delay=RETENTION_EVERY)
        return deleted

    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, "retention", delay=RETENTION_EVERY)
    except psycopg.Error as exc:  # a worker must start even if seeding fails
        log.warning("could not schedule the retention job: %s", exc)
    def forget_member(job: queue.Job) -> dict[str, Any]:
        """A member asked (and confirmed) to be erased: once the goodbye is delivered."""
        lead_id = job.payload.get("lead_id")
        with services.pool.connection() as conn:
            lead = conn.execute("SELECT phone, channel_user_id FROM leads WHERE id = %s", (lead_id,)).fetchone()
            if lead is None:
                return {"forgotten": 0}
            undelivered = conn.execute(
                """SELECT 1 FROM conversations WHERE lead_id = %s AND direction = 'out'
                   AND delivery_status IN ('pending', 'sending') LIMIT 1""", (lead_id,)).fetchone()
            waited = services.clock() - job.created_at
            if undelivered and waited < FORGET_WAITS_AT_MOST:
                raise RetryLater(5.0, "the goodbye is not delivered yet")
            result = forget(conn, phone=lead["phone"] or lead["channel_user_id"], requested_by="member")
        return {"forgotten": result.leads, "rows": sum(result.rows.values())}

    return {"retention": retention, "forget_member": forget_member}
