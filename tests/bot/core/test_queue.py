"""Queue semantics: dedup, leases, retries with backoff, final failure, reaping."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from bot.core import queue
from bot.core.db import open_pool
from bot.core.worker import PermanentError, RetryLater, Worker


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


def _status(conn: psycopg.Connection, job_id) -> dict:
    return conn.execute(
        "SELECT status, attempts, error, result, run_at > now() AS later FROM queue_jobs WHERE id = %s",
        (job_id,),
    ).fetchone()


def test_dedup_key_joins_the_pending_job(conn: psycopg.Connection) -> None:
    first = queue.enqueue(conn, "bot_turn", {"lead_id": 1}, dedup_key="lead:1", delay=2)
    second = queue.enqueue(conn, "bot_turn", {"lead_id": 1}, dedup_key="lead:1")
    other = queue.enqueue(conn, "bot_turn", {"lead_id": 2}, dedup_key="lead:2", delay=60)
    assert first is not None and second is None and other is not None
    # Once the first is claimed, a new message makes a new pending job.
    conn.execute("UPDATE queue_jobs SET run_at = now() WHERE id = %s", (first,))
    claimed = queue.claim(conn, types=["bot_turn"], worker="w", lease=30)
    assert claimed is not None and claimed.id == first
    assert queue.enqueue(conn, "bot_turn", {"lead_id": 1}, dedup_key="lead:1") is not None


def test_claim_respects_run_at_and_skip_locked(conn: psycopg.Connection, db_url: str) -> None:
    later = queue.enqueue(conn, "t", {}, delay=60)
    now = queue.enqueue(conn, "t", {})
    with psycopg.connect(db_url, autocommit=True) as other, other.transaction():
        other.execute("SELECT 1 FROM queue_jobs WHERE id = %s FOR UPDATE", (now,))
        assert queue.claim(conn, types=["t"], worker="w", lease=30) is None
    job = queue.claim(conn, types=["t"], worker="w", lease=30)
    assert job is not None and job.id == now
    assert queue.claim(conn, types=["t"], worker="w", lease=30) is None
    assert later is not None


def test_failures_back_off_then_fail_for_good_with_error_kept(pool: ConnectionPool, db_url: str) -> None:
    calls = []

    def flaky(job: queue.Job) -> None:
        calls.append(job.attempts)
        raise ValueError("downstream is down")

    worker = Worker(pool, {"t": flaky}, database_url=db_url)
    with pool.connection() as conn:
        job_id = queue.enqueue(conn, "t", {}, max_attempts=3)
    for attempt in (1, 2, 3):
        assert worker.run_one() is not None
        with pool.connection() as conn:
            state = _status(conn, job_id)
            if attempt < 3:
                assert state["status"] == "pending" and state["later"], state
                conn.execute("UPDATE queue_jobs SET run_at = now() WHERE id = %s", (job_id,))
    assert calls == [1, 2, 3]
    assert state["status"] == "failed"
    assert "ValueError: downstream is down" in state["error"]


def test_backoff_grows_exponentially() -> None:
    delays = [queue.backoff_seconds(n) for n in (1, 2, 3, 4)]
    assert all(b > a for a, b in itertools.pairwise(delays))
    assert queue.backoff_seconds(30) <= 300 * 1.2


def test_permanent_error_fails_at_once_and_retry_later_does_not_count(pool: ConnectionPool, db_url: str) -> None:
    def handler(job: queue.Job) -> None:
        if job.payload["kind"] == "bad":
            raise PermanentError("payload names no lead")
        raise RetryLater(0.0)

    worker = Worker(pool, {"t": handler}, database_url=db_url)
    with pool.connection() as conn:
        bad = queue.enqueue(conn, "t", {"kind": "bad"})
        busy = queue.enqueue(conn, "t", {"kind": "busy"})
    worker.run_one()
    worker.run_one()
    with pool.connection() as conn:
        assert _status(conn, bad)["status"] == "failed"
        state = _status(conn, busy)
        assert state["status"] == "pending" and state["attempts"] == 0


def test_lapsed_lease_is_reaped_and_run_again(pool: ConnectionPool, db_url: str) -> None:
    with pool.connection() as conn:
        job_id = queue.enqueue(conn, "t", {})
        dead = queue.claim(conn, types=["t"], worker="dead-worker", lease=0.2)
        assert dead is not None
    time.sleep(0.4)
    ran = []
    worker = Worker(pool, {"t": lambda job: ran.append(job.attempts) or {"ok": True}}, database_url=db_url)
    assert worker.run_one() is not None
    with pool.connection() as conn:
        state = _status(conn, job_id)
        # The dead worker's late completion is refused.
        assert not queue.complete(conn, job_id, worker="dead-worker", result={})
    assert ran == [2] and state["status"] == "completed"


def test_job_past_the_processing_timeout_is_taken_back(conn: psycopg.Connection) -> None:
    job_id = queue.enqueue(conn, "t", {})
    queue.claim(conn, types=["t"], worker="slow", lease=3600)
    conn.execute("UPDATE queue_jobs SET started_at = now() - interval '301 seconds' WHERE id = %s", (job_id,))
    assert queue.reap(conn, timeout=300) == 1
    assert _status(conn, job_id)["status"] == "pending"


def test_requeue_merges_into_a_pending_twin(conn: psycopg.Connection) -> None:
    first = queue.enqueue(conn, "bot_turn", {}, dedup_key="lead:9")
    job = queue.claim(conn, types=["bot_turn"], worker="w", lease=30)
    twin = queue.enqueue(conn, "bot_turn", {}, dedup_key="lead:9")
    assert job is not None and job.id == first and twin is not None
    assert queue.fail(conn, job, worker="w", error="boom") == "merged"
    assert _status(conn, first)["status"] == "completed"
    assert _status(conn, twin)["status"] == "pending"


def test_threads_wake_on_notify_and_run_everything_once(pool: ConnectionPool, db_url: str) -> None:
    seen: list[int] = []
    worker = Worker(pool, {"t": lambda job: seen.append(job.payload["n"])}, database_url=db_url,
                    concurrency=3, poll_interval=5.0)
    worker.start()
    try:
        time.sleep(0.3)  # listener connected
        started = time.monotonic()
        with pool.connection() as conn:
            for n in range(50):
                queue.enqueue(conn, "t", {"n": n})
        while len(seen) < 50 and time.monotonic() - started < 10:
            time.sleep(0.02)
        elapsed = time.monotonic() - started
    finally:
        worker.stop()
    assert sorted(seen) == list(range(50))
    assert elapsed < 5.0  # woken by NOTIFY, not by the 5-second poll


def test_next_due_in_tells_idle_from_due(conn: psycopg.Connection) -> None:
    assert queue.next_due_in(conn, types=["t"]) is None
    queue.enqueue(conn, "t", {}, delay=30)
    assert 25 < queue.next_due_in(conn, types=["t"]) <= 30
    queue.enqueue(conn, "t", {})
    assert queue.next_due_in(conn, types=["t"]) == 0.0
