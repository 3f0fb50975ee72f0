"""The durable job queue on queue_jobs: enqueue, claim with a lease, finish, retry.

Semantics:
- A claimed job is `processing` with a lease (`locked_until`) that its worker extends
  by heartbeats. A worker that dies stops heartbeating; once the lease has lapsed the
  job goes back to `pending` (the reaper) and another worker runs it again.
- A job may not run longer than the processing timeout (300 s, from the platform
  document): past it, the reaper takes it back even if heartbeats continue.
- Failures retry with exponential backoff until `max_attempts`; then the job is
  `failed` with its error kept.
- `dedup_key`: at most one *pending* job per (job_type, key). A second enqueue joins
  the first (this is how a burst of messages becomes one turn).
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from bot.core.connections import AsyncConn, Conn

NOTIFY_CHANNEL = "matchbot_jobs"

ENQUEUE_SQL = """
INSERT INTO queue_jobs (job_type, payload, run_at, dedup_key, max_attempts, priority)
VALUES (%(job_type)s, %(payload)s, now() + make_interval(secs => %(delay)s),
        %(dedup_key)s, %(max_attempts)s, %(priority)s)
ON CONFLICT (job_type, dedup_key) WHERE dedup_key IS NOT NULL AND status = 'pending'
DO NOTHING
RETURNING id
"""

CLAIM_SQL = """
UPDATE queue_jobs j
SET status = 'processing', attempts = j.attempts + 1, started_at = now(),
    locked_until = now() + make_interval(secs => %(lease)s), locked_by = %(worker)s,
    updated_at = now()
WHERE j.id = (
    SELECT id FROM queue_jobs
    WHERE status = 'pending' AND run_at <= now() AND job_type = ANY(%(types)s)
    ORDER BY priority DESC, run_at, created_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING j.id, j.job_type, j.payload, j.attempts, j.max_attempts, j.dedup_key, j.created_at
"""


@dataclass(frozen=True)
class Job:
    """A claimed job."""

    id: uuid.UUID
    job_type: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    dedup_key: str | None
    created_at: datetime


def _enqueue_params(
    job_type: str,
    payload: dict[str, Any],
    *,
    delay: float,
    dedup_key: str | None,
    max_attempts: int,
    priority: int,
) -> dict[str, Any]:
    return {
        "job_type": job_type,
        "payload": json.dumps(payload, default=str),
        "delay": delay,
        "dedup_key": dedup_key,
        "max_attempts": max_attempts,
        "priority": priority,
    }


def enqueue(
    conn: Conn,
    job_type: str,
    payload: dict[str, Any],
    *,
    delay: float = 0.0,
    dedup_key: str | None = None,
    max_attempts: int = 5,
    priority: int = 0,
) -> uuid.UUID | None:
    """Add a job; returns its id, or None when it joined a pending job with the same key."""
    params = _enqueue_params(
        job_type, payload, delay=delay, dedup_key=dedup_key, max_attempts=max_attempts, priority=priority
    )
    row = conn.cursor(row_factory=dict_row).execute(ENQUEUE_SQL, params).fetchone()
    return row["id"] if row else None


async def aenqueue(
    conn: AsyncConn,
    job_type: str,
    payload: dict[str, Any],
    *,
    delay: float = 0.0,
    dedup_key: str | None = None,
    max_attempts: int = 5,
    priority: int = 0,
) -> uuid.UUID | None:
    """`enqueue` for the async web processes (webhooks, lead intake); workers use the sync one."""
    params = _enqueue_params(
        job_type, payload, delay=delay, dedup_key=dedup_key, max_attempts=max_attempts, priority=priority
    )
    cur = await conn.cursor(row_factory=dict_row).execute(ENQUEUE_SQL, params)
    row = await cur.fetchone()
    return row["id"] if row else None


PERIODIC_KEY = "periodic"


def schedule(conn: Conn, job_type: str, *, delay: float) -> None:
    """The next run of a periodic job; joins the pending one, so at most one ever waits."""
    enqueue(conn, job_type, {}, delay=delay, dedup_key=PERIODIC_KEY, max_attempts=3)


def claim(conn: Conn, *, types: list[str], worker: str, lease: float) -> Job | None:
    """Take the next due job of these types, or None."""
    row = conn.cursor(row_factory=dict_row).execute(
        CLAIM_SQL, {"types": types, "worker": worker, "lease": lease}
    ).fetchone()
    return Job(**row) if row else None


def heartbeat(conn: Conn, job_id: uuid.UUID, *, worker: str, lease: float) -> bool:
    """Extend a job's lease; False when the job is no longer ours (taken back by the reaper)."""
    cur = conn.execute(
        """UPDATE queue_jobs SET locked_until = now() + make_interval(secs => %s), updated_at = now()
           WHERE id = %s AND status = 'processing' AND locked_by = %s""",
        (lease, job_id, worker),
    )
    return cur.rowcount == 1


def complete(conn: Conn, job_id: uuid.UUID, *, worker: str, result: dict[str, Any] | None) -> bool:
    """Mark a job done; False when another worker owns it now (its result is dropped)."""
    cur = conn.execute(
        """UPDATE queue_jobs SET status = 'completed', result = %s, completed_at = now(),
                  locked_until = NULL, error = NULL, updated_at = now()
           WHERE id = %s AND status = 'processing' AND locked_by = %s""",
        (json.dumps(result or {}, default=str), job_id, worker),
    )
    return cur.rowcount == 1


def backoff_seconds(attempts: int, *, base: float = 2.0, cap: float = 300.0) -> float:
    """Exponential backoff with jitter: ~2 s, 4 s, 8 s … capped."""
    delay: float = min(cap, base ** attempts)
    return delay * random.uniform(0.8, 1.2)


def fail(conn: Conn, job: Job, *, worker: str, error: str) -> str:
    """Record a failed attempt: back to pending after a backoff, or `failed` for good."""
    if job.attempts >= job.max_attempts:
        conn.execute(
            """UPDATE queue_jobs SET status = 'failed', error = %s, completed_at = now(),
                      locked_until = NULL, updated_at = now()
               WHERE id = %s AND locked_by = %s""",
            (error, job.id, worker),
        )
        return "failed"
    return _requeue(conn, job.id, delay=backoff_seconds(job.attempts), error=error, worker=worker)


def postpone(conn: Conn, job: Job, *, worker: str, delay: float) -> str:
    """Give a job back without counting the attempt (e.g. its lead is busy)."""
    conn.execute("UPDATE queue_jobs SET attempts = attempts - 1 WHERE id = %s", (job.id,))
    return _requeue(conn, job.id, delay=delay, error=None, worker=worker)


def _requeue(
    conn: Conn, job_id: uuid.UUID, *, delay: float, error: str | None, worker: str | None
) -> str:
    """Back to pending; if a pending twin with the same dedup key exists, merge into it.

    A twin enqueued by another session while this UPDATE runs is invisible to its NOT
    EXISTS yet collides in the unique index: that also merges (in a savepoint).
    """
    with conn.transaction():
        try:
            with conn.transaction():
                cur = conn.execute(
                    """UPDATE queue_jobs j
                       SET status = 'pending', run_at = now() + make_interval(secs => %(delay)s),
                           error = coalesce(%(error)s, j.error), locked_until = NULL, locked_by = NULL,
                           updated_at = now()
                       WHERE j.id = %(id)s AND j.status = 'processing'
                         AND (%(worker)s::text IS NULL OR j.locked_by = %(worker)s)
                         AND NOT EXISTS (
                             SELECT 1 FROM queue_jobs o
                             WHERE o.job_type = j.job_type AND o.dedup_key = j.dedup_key
                               AND o.status = 'pending' AND o.id <> j.id)""",
                    {"id": job_id, "delay": delay, "error": error, "worker": worker},
                )
            if cur.rowcount == 1:
                return "retry"
        except psycopg.errors.UniqueViolation:
            pass
        conn.execute(
            """UPDATE queue_jobs SET status = 'completed', completed_at = now(), locked_until = NULL,
                      result = '{"merged": true}', updated_at = now()
               WHERE id = %s AND status = 'processing'""",
            (job_id,),
        )
        return "merged"


def reap(conn: Conn, *, timeout: float) -> int:
    """Take back jobs whose worker stopped heartbeating or that ran past the timeout."""
    with conn.transaction():
        rows = conn.execute(
            """SELECT id, attempts, max_attempts FROM queue_jobs
               WHERE status = 'processing'
                 AND (locked_until < now() OR started_at < now() - make_interval(secs => %s))
               FOR UPDATE SKIP LOCKED""",
            (timeout,),
        ).fetchall()
        for row in rows:
            if row["attempts"] >= row["max_attempts"]:
                conn.execute(
                    """UPDATE queue_jobs SET status = 'failed', completed_at = now(), locked_until = NULL,
                              error = coalesce(error, 'worker lost or job timed out'), updated_at = now()
                       WHERE id = %s""",
                    (row["id"],),
                )
            else:
                _requeue(conn, row["id"], delay=0, error="worker lost or job timed out", worker=None)
    return len(rows)


def next_due_in(conn: Conn, *, types: list[str]) -> float | None:
    """Seconds until the next pending job is due (0 when one is due now), None when idle."""
    row = conn.execute(
        """SELECT extract(epoch FROM min(run_at) - now()) AS wait
           FROM queue_jobs WHERE status = 'pending' AND job_type = ANY(%s)""",
        (types,),
    ).fetchone()
    # greatest(0, NULL) would be 0, so the idle case is told apart here.
    return max(0.0, float(row["wait"])) if row and row["wait"] is not None else None


def unfinished(conn: Conn) -> int:
    """Jobs waiting or running (what a database left by a failover still holds)."""
    row = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE status IN ('pending', 'processing')").fetchone()
    return int(row["n"]) if row else 0
