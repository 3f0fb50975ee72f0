"""The `intelligence_analysis` job (the seed's job type) and the dashboard's "Analyse now".

Without a client in its payload the job is the weekly run: it queues one analysis per
client with active leads, then schedules itself a week later (at most one weekly run ever
waits). With `client_id` it analyses that client (with the chat model when one is
configured). A client's analysis waiting or running is one job (dedup key `client:<id>`):
asking again joins it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.core.worker import Handler, PermanentError
from bot.lead_platform.intelligence.analysis import UnknownClient, analyse_client
from bot.lead_platform.store import growth_brain

log = logging.getLogger(__name__)
JOB = "intelligence_analysis"
EVERY = timedelta(days=7).total_seconds()
FIRST_RUN_AFTER = timedelta(hours=1).total_seconds()  # a fresh install analyses within the hour
# "Analyse now" again within this long of the last analysis is refused: the figures of a few
# minutes cannot differ much, and each run may cost model calls.
ON_DEMAND_EVERY = timedelta(minutes=5)


def _key(client_id: uuid.UUID | str) -> str:
    return f"client:{client_id}"


@dataclass(frozen=True)
class Asked:
    """What "Analyse now" did: `queued`, `running` (an analysis already waits or runs), or
    `too_soon` (then `wait_seconds` until it may be asked again)."""

    outcome: str
    wait_seconds: int = 0


def pending(conn: Conn, client_id: uuid.UUID | str) -> bool:
    """Whether an analysis of this client waits or runs (service role)."""
    with service_transaction(conn):
        return conn.execute(
            "SELECT 1 FROM queue_jobs WHERE job_type = %s AND dedup_key = %s AND status IN ('pending', 'processing') "
            "LIMIT 1", (JOB, _key(client_id))).fetchone() is not None


def ask_now(conn: Conn, client_id: uuid.UUID | str, *, now: datetime) -> Asked:
    """Queue an analysis of this client now, unless one waits or the last is too recent."""
    with tenant_transaction(conn, client_id):
        last = growth_brain.last_analysed_at(conn, client_id)
    if last is not None and now - last < ON_DEMAND_EVERY:
        return Asked("too_soon", wait_seconds=int((ON_DEMAND_EVERY - (now - last)).total_seconds()) + 1)
    if pending(conn, client_id):
        return Asked("running")
    with service_transaction(conn):
        queue.enqueue(conn, JOB, {"client_id": str(client_id)}, dedup_key=_key(client_id), max_attempts=3)
    return Asked("queued")


def run(services: Services, job: queue.Job) -> dict[str, Any]:
    """One client's analysis, or the weekly run queuing every active client's."""
    raw = job.payload.get("client_id")
    if raw is None:
        return _weekly(services)
    try:
        client_id = uuid.UUID(str(raw))
    except ValueError:
        raise PermanentError("payload's client_id is not a UUID") from None
    with services.pool.connection() as conn:
        try:
            brain = analyse_client(conn, client_id, chat_model=services.chat_model, prompts=services.prompts,
                                   now=services.clock())
        except UnknownClient:
            raise PermanentError("client not found (deleted?)") from None
    return {"client_id": str(client_id), "total_leads": brain.total_leads, "engine": brain.insights.engine}


def _weekly(services: Services) -> dict[str, Any]:
    with services.pool.connection() as conn:
        try:
            with service_transaction(conn):
                clients = growth_brain.clients_with_active_leads(conn)
                queued = sum(queue.enqueue(conn, JOB, {"client_id": str(c)}, dedup_key=_key(c), max_attempts=3)
                             is not None for c in clients)
        finally:
            queue.schedule(conn, JOB, delay=EVERY)
    return {"clients": len(clients), "queued": queued}


def job_handlers(services: Services) -> dict[str, Handler]:
    """`intelligence_analysis`; seeds the first weekly run."""
    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, JOB, delay=FIRST_RUN_AFTER)
    except psycopg.Error as exc:  # a worker must start even if seeding fails; the next start retries
        log.warning("could not schedule the weekly Growth Brain analysis: %s", exc)
    return {JOB: lambda job: run(services, job)}
