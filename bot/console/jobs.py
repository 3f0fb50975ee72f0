"""The console's periodic jobs: `auto_release` (every minute) and `analytics_daily` (hourly).

Each job re-enqueues itself when it finishes, with a dedup key so that at most one is
ever pending: several workers (or restarts) never multiply them. `job_handlers` seeds
both when a worker starts, delayed, so that a test draining its queue never runs them.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import psycopg

from bot.console import analytics, repository
from bot.core import queue
from bot.core.connections import Conn
from bot.core.services import Services
from bot.core.worker import Handler

log = logging.getLogger(__name__)

AUTO_RELEASE_EVERY = 60.0
ANALYTICS_EVERY = 3600.0
schedule = queue.schedule


def release_idle(conn: Conn) -> list[int]:
    """Give back to the bot every conversation an admin left idle past the configured delay."""
    with conn.transaction():
        config = repository.configuration(conn)
        minutes = float(config.get("auto_release_minutes") or 0)
        if minutes <= 0:
            return []  # 0 or unset: takeovers last until an admin releases them
        released = repository.idle_takeovers(conn, minutes=minutes)
        for lead_id in released:
            repository.release(conn, lead_id, admin_id=None, automatic=True)
    return released


def refresh_analytics(conn: Conn, *, today: dt.date | None = None) -> int:
    """Yesterday's and today's rows (yesterday is final after midnight, today is partial)."""
    today = today or dt.datetime.now(dt.UTC).date()
    return analytics.fill_analytics(conn, start=today - dt.timedelta(days=1), end=today)


def job_handlers(services: Services) -> dict[str, Handler]:
    """`auto_release` and `analytics_daily`; seeds their first runs."""

    def auto_release(job: queue.Job) -> dict[str, Any]:
        with services.pool.connection() as conn:
            released = release_idle(conn)
            schedule(conn, "auto_release", delay=AUTO_RELEASE_EVERY)
        return {"released": released}

    def analytics_daily(job: queue.Job) -> dict[str, Any]:
        with services.pool.connection() as conn:
            days = refresh_analytics(conn)
            schedule(conn, "analytics_daily", delay=ANALYTICS_EVERY)
        return {"days": days}

    try:
        with services.pool.connection() as conn:
            schedule(conn, "auto_release", delay=AUTO_RELEASE_EVERY)
            schedule(conn, "analytics_daily", delay=AUTO_RELEASE_EVERY)
    except (
        psycopg.Error
    ) as exc:  # a worker must start even if seeding fails; the next start retries
        log.warning("could not schedule the console's periodic jobs: %s", exc)
    return {"auto_release": auto_release, "analytics_daily": analytics_daily}
