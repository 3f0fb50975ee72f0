"""The e-mail campaigns' jobs: `outreach_tick` (drafts and queue, every minute), `bulk_email`
(one e-mail) and `outreach_metrics` (statistics, every ten minutes).

The two periodic jobs re-schedule themselves (at most one of each is ever pending); a
campaign that starts, or a screen's "refresh", enqueues a run for that campaign alone.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import psycopg

from bot.core import queue
from bot.core.connections import Conn
from bot.core.services import Services
from bot.core.worker import Handler
from bot.lead_platform.outreach import drafting, metrics, sending

log = logging.getLogger(__name__)


def kick(conn: Conn, campaign_id: uuid.UUID | str) -> None:
    """Draft and queue this campaign now (it just started or resumed), and refresh its metrics."""
    queue.enqueue(conn, drafting.TICK_JOB, {"campaign_id": str(campaign_id)}, dedup_key=f"campaign:{campaign_id}")


def refresh_metrics(conn: Conn, campaign_id: uuid.UUID | str | None = None) -> None:
    """Recompute the statistics now (of one campaign, or all)."""
    payload = {"campaign_id": str(campaign_id)} if campaign_id else {}
    queue.enqueue(conn, metrics.METRICS_JOB, payload, dedup_key=f"now:{campaign_id or 'all'}")


def job_handlers(services: Services) -> dict[str, Handler]:
    """Job type -> handler; seeds the first periodic runs."""

    def tick(job: queue.Job) -> dict[str, Any]:
        one = job.payload.get("campaign_id")
        result = drafting.tick(services, campaign_id=str(one) if one else None)
        if not one:
            with services.pool.connection() as conn:
                queue.schedule(conn, drafting.TICK_JOB, delay=drafting.TICK_EVERY)
        return result

    def outreach_metrics(job: queue.Job) -> dict[str, Any]:
        one = job.payload.get("campaign_id")
        result = metrics.refresh(services, campaign_id=str(one) if one else None)
        if job.dedup_key == queue.PERIODIC_KEY:
            with services.pool.connection() as conn:
                queue.schedule(conn, metrics.METRICS_JOB, delay=metrics.METRICS_EVERY)
        return result

    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, drafting.TICK_JOB, delay=drafting.TICK_EVERY)
            queue.schedule(conn, metrics.METRICS_JOB, delay=metrics.METRICS_EVERY)
    except psycopg.Error as exc:  # a worker must start even if seeding fails; the next start retries
        log.warning("could not schedule the outreach periodic jobs: %s", exc)
    return {
        drafting.TICK_JOB: tick,
        sending.SEND_JOB: lambda job: sending.send(services, job),
        metrics.METRICS_JOB: outreach_metrics,
    }
