"""The `learning_feedback` job: scored predictions become accuracy figures, every 15 minutes.

Outcomes score predictions as they happen (bot/lead_platform/store/feedback.py); this job
folds the scored rows no run has applied yet into each client's daily accuracy
(performance_metrics, read by the dashboard's activity page and the console's analytics)
and into the accuracy of the prompt calls that made them (prompt_performance, beside the
outcome the A/B tests already read), then marks them `learning_applied` with
`processed_at`. Each client runs in its own tenant transaction under Row Level Security;
a run that fails leaves nothing and is retried by the queue (the next periodic run is
scheduled whatever happens on the last attempt). Re-running is harmless: a day's figures
are recomputed from all its scored predictions.

The bot's predictions belong to the agency's internal client. A turn that ran before that
client existed wrote its prediction without one: once scored, the job gives it the
internal client (created then if need be).
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg

from bot.core import queue
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.core.worker import Handler
from bot.lead_platform.store import accuracy
from bot.lead_platform.store.campaigns import ensure_internal_client

log = logging.getLogger(__name__)
JOB = "learning_feedback"
EVERY = 900.0


def apply_feedback(services: Services) -> dict[str, Any]:
    """One run over every client with newly scored predictions."""
    with services.pool.connection() as conn, service_transaction(conn):
        clients = [r["client_id"] for r in conn.execute(
            "SELECT DISTINCT client_id FROM feedback_tracking WHERE NOT learning_applied AND learning_impact IS NOT NULL"
        ).fetchall()]
        if None in clients:
            internal = ensure_internal_client(conn).client_id
            conn.execute("UPDATE feedback_tracking SET client_id = %s WHERE client_id IS NULL AND subject IS NOT NULL",
                         (internal,))
            clients = sorted({c for c in clients if c is not None} | {internal}, key=str)
    applied: dict[str, dict[str, int]] = {}
    for client_id in clients:
        with services.pool.connection() as conn, tenant_transaction(conn, client_id):
            done = accuracy.apply(conn, client_id=client_id)
        if done.predictions:
            applied[str(client_id)] = {"predictions": done.predictions, "days": done.days,
                                       "metric_rows": done.metric_rows, "prompt_calls": done.prompt_calls}
    return {"clients": applied}


def job_handlers(services: Services) -> dict[str, Handler]:
    """`learning_feedback`; seeds the first run."""

    def learning_feedback(job: queue.Job) -> dict[str, Any]:
        try:
            result = apply_feedback(services)
        except Exception:
            if job.attempts >= job.max_attempts:  # the queue gives up on this one: the next still comes
                with services.pool.connection() as conn:
                    queue.schedule(conn, JOB, delay=EVERY)
            raise
        with services.pool.connection() as conn:
            queue.schedule(conn, JOB, delay=EVERY)
        return result

    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, JOB, delay=EVERY)
    except psycopg.Error as exc:  # a worker must start even if seeding fails; the next start retries
        log.warning("could not schedule the learning feedback job: %s", exc)
    return {JOB: learning_feedback}
