"""Retention and the right to be forgotten.

- `forget`: one member erased everywhere (messages, chat memory, graph checkpoints,
  logs, queue jobs, contact requests and payments, form leads of every tenant).
- `prune`: what the platform document says expires (feedback after a year, translation
  cache after 90 days), finished queue jobs, and graph checkpoints older than the
  latest of each thread (LangGraph's saver keeps every one and offers no pruning).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import psycopg

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction
from bot.core.services import Services
from bot.core.worker import Handler, RetryLater
from bot.store.memory import memory_session_id, thread_id

log = logging.getLogger(__name__)


@dataclass
class Forgotten:
    """What `forget` erased."""

    leads: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def _count(conn: Conn, query: str, params: tuple[Any, ...]) -> int:
    return conn.execute(query, params).rowcount


def forget(conn: Conn, *, phone: str) -> Forgotten:
    """Erase a member (by phone number or provider user id) everywhere, in one transaction."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    result = Forgotten()
    with conn.transaction():
        leads = conn.execute(
            """SELECT id FROM leads
               WHERE phone = %s OR channel_user_id = %s OR regexp_replace(phone, '\\D', '', 'g') = %s""",
            (phone, phone, digits),
        ).fetchall()
        ids = [row["id"] for row in leads]
        rows = result.rows
        for lead_id in ids:
            thread = thread_id(lead_id)
            for table in ("checkpoint_writes", "checkpoint_blobs", "checkpoints"):
                rows[table] = rows.get(table, 0) + _count(
                    conn, f"DELETE FROM {table} WHERE thread_id = %s", (thread,)
                )
            rows["n8n_chat_histories"] = rows.get("n8n_chat_histories", 0) + _count(
                conn, "DELETE FROM n8n_chat_histories WHERE session_id = %s", (memory_session_id(lead_id),)
            )
        if ids:
            rows["logs"] = _count(conn, "DELETE FROM logs WHERE lead_id = ANY(%s)", (ids,))
            rows["queue_jobs"] = _count(
                conn, "DELETE FROM queue_jobs WHERE (payload->>'lead_id')::int = ANY(%s) "
                "OR (payload->>'message_id')::int IN (SELECT id FROM conversations WHERE lead_id = ANY(%s))",
                (ids, ids),
            )
            # conversations, agent_logs, profile_views, contact_requests, transactions cascade.
            rows["conversations"] = _count(conn, "DELETE FROM conversations WHERE lead_id = ANY(%s)", (ids,))
            result.leads = _count(conn, "DELETE FROM leads WHERE id = ANY(%s)", (ids,))
        with service_transaction(conn):
            rows["lead_memory"] = _count(
                conn,
                "DELETE FROM lead_memory WHERE phone = %s OR regexp_replace(phone, '\\D', '', 'g') = %s",
                (phone, digits or str(uuid.uuid4())),
            )
    return result


def prune(conn: Conn, *, job_days: int = 7) -> dict[str, int]:
    """Delete what has expired; returns rows deleted per table."""
    deleted: dict[str, int] = {}
    with service_transaction(conn):
        deleted["feedback_tracking"] = _count(conn, "DELETE FROM feedback_tracking WHERE expires_at < now()", ())
        deleted["translation_cache"] = _count(conn, "DELETE FROM translation_cache WHERE expires_at < now()", ())
        deleted["queue_jobs"] = _count(
            conn,
            "DELETE FROM queue_jobs WHERE status = 'completed' AND completed_at < now() - make_interval(days => %s)",
            (job_days,),
        )
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
            result = forget(conn, phone=lead["phone"] or lead["channel_user_id"])
        return {"forgotten": result.leads, "rows": sum(result.rows.values())}

    return {"retention": retention, "forget_member": forget_member}
