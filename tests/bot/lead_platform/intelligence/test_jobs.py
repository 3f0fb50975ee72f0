"""The `intelligence_analysis` job: the weekly run queues one analysis per client with active
leads and schedules itself a week later; a client's job analyses it; bad payloads fail for good."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings

from bot.core.db import open_pool
from bot.core.queue import Job, claim
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import PermanentError
from bot.lead_platform.intelligence import jobs, read_brain
from tests.bot.lead_platform.intelligence.brainkit import add_lead
from tests.bot.lead_platform.leadkit import make_tenant


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    made = Services(settings=settings, pool=open_pool(db_url, max_size=2), database_url=db_url,
                    embedder=FakeEmbeddings(size=8))
    yield made
    made.pool.close()


def job(payload: dict[str, str]) -> Job:
    return Job(id=uuid.uuid4(), job_type=jobs.JOB, payload=payload, attempts=1, max_attempts=3, dedup_key=None,
               created_at=datetime.now(UTC))


def test_the_weekly_run_queues_each_active_client_and_comes_back_in_a_week(
        services: Services, conn: psycopg.Connection, db_url: str) -> None:
    active, archived_only, empty = (make_tenant(db_url, name) for name in ("active", "archived", "empty"))
    add_lead(conn, active.client_id, at=datetime.now(UTC) - timedelta(days=1), intent="Quote request")
    add_lead(conn, archived_only.client_id, at=datetime.now(UTC) - timedelta(days=1), archived=True)
    handlers = jobs.job_handlers(services)  # a worker starting: the first weekly run is seeded
    weekly = conn.execute("SELECT run_at - now() AS wait, payload FROM queue_jobs WHERE job_type = %s",
                          (jobs.JOB,)).fetchall()
    assert len(weekly) == 1 and weekly[0]["payload"] == {} and timedelta(minutes=59) < weekly[0]["wait"]

    conn.execute("UPDATE queue_jobs SET run_at = now()")  # the hour has passed
    seeded = claim(conn, types=[jobs.JOB], worker="test", lease=30)
    assert seeded is not None and handlers[jobs.JOB](seeded) == {"clients": 1, "queued": 1}
    pending = conn.execute("SELECT payload, dedup_key, run_at - now() AS wait FROM queue_jobs "
                           "WHERE job_type = %s AND status = 'pending' ORDER BY run_at", (jobs.JOB,)).fetchall()
    assert [p["payload"] for p in pending] == [{"client_id": str(active.client_id)}, {}]
    assert pending[0]["dedup_key"] == f"client:{active.client_id}" and pending[1]["wait"] > timedelta(days=6)

    conn.execute("UPDATE queue_jobs SET run_at = now() WHERE payload <> '{}'")
    claimed = claim(conn, types=[jobs.JOB], worker="test", lease=30)
    assert claimed is not None
    assert handlers[jobs.JOB](claimed) == {"client_id": str(active.client_id), "total_leads": 1, "engine": "rules"}
    assert read_brain(conn, active.client_id).top_intents[0].intent == "Quote request"  # type: ignore[union-attr]
    assert read_brain(conn, empty.client_id) is None

    with pytest.raises(PermanentError, match="not a UUID"):
        jobs.run(services, job({"client_id": "nope"}))
    with pytest.raises(PermanentError, match="client not found"):
        jobs.run(services, job({"client_id": str(uuid.uuid4())}))
