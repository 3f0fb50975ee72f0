"""The prompts' jobs: `prompt_ab_check` (hourly) and `prompt_evolve` (asked from the console).

`prompt_ab_check` concludes the A/B tests the figures decide, promotes winners and
refreshes each version's usage count and score; like the other periodic jobs it
re-enqueues itself (one pending at most) and is seeded, delayed, when a worker starts.
`prompt_evolve` asks the chat model for a variant outside the web request (it may take
seconds); a provider failure is retried, a refused proposal fails the job with the
reason, which the prompt's console page shows.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction
from bot.core.services import Services
from bot.core.worker import Handler, PermanentError
from bot.prompts import abtests, evolution, registry
from bot.prompts.registry import PromptError

log = logging.getLogger(__name__)
CHECK_JOB = "prompt_ab_check"
EVOLVE_JOB = "prompt_evolve"
CHECK_EVERY = 3600.0


def check_tests(services: Services) -> dict[str, Any]:
    """Conclude what the figures decide, refresh the scores, and make the change visible at once."""
    with services.pool.connection() as conn, service_transaction(conn):
        decided = abtests.check_running(conn, now=services.clock())
        refreshed = registry.refresh_scores(conn)
    if decided:
        services.prompts.invalidate()
    for test, decision in decided:
        log.info("A/B test %s on %s concluded: %s", test.test_name, test.prompt_name, decision.conclusion)
    return {"concluded": [{"test": str(t.id), "prompt": t.prompt_name, "outcome": d.outcome, "winner": d.winner}
                          for t, d in decided], "scores_refreshed": refreshed}


def request_evolution(conn: Conn, *, name: str, by: str) -> None:
    """Queue a model-written variant of a prompt (one pending request per prompt)."""
    queue.enqueue(conn, EVOLVE_JOB, {"prompt_name": name, "by": by}, dedup_key=f"prompt:{name}", max_attempts=3)


def last_evolution_request(conn: Conn, name: str) -> dict[str, Any] | None:
    """The latest variant request of a prompt: its status and, when it failed, why."""
    return conn.execute(
        """SELECT status, error, created_at, completed_at FROM queue_jobs
           WHERE job_type = %s AND payload->>'prompt_name' = %s ORDER BY created_at DESC LIMIT 1""",
        (EVOLVE_JOB, name)).fetchone()


def job_handlers(services: Services) -> dict[str, Handler]:
    """`prompt_ab_check` and `prompt_evolve`; seeds the first check."""

    def prompt_ab_check(job: queue.Job) -> dict[str, Any]:
        result = check_tests(services)
        with services.pool.connection() as conn:
            queue.schedule(conn, CHECK_JOB, delay=CHECK_EVERY)
        return result

    def prompt_evolve(job: queue.Job) -> dict[str, Any]:
        name, by = str(job.payload.get("prompt_name") or ""), str(job.payload.get("by") or "console")
        try:
            evolved = evolution.evolve(services, name=name, by=by)
        except PromptError as exc:
            raise PermanentError(str(exc)) from None
        return {"prompt": name, "child_version": evolved.child.version, "test": str(evolved.test.id)}

    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, CHECK_JOB, delay=CHECK_EVERY)
    except psycopg.Error as exc:  # a worker must start even if seeding fails; the next start retries
        log.warning("could not schedule the prompt A/B check: %s", exc)
    return {CHECK_JOB: prompt_ab_check, EVOLVE_JOB: prompt_evolve}
