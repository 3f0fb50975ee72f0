"""Worker lanes: each lane's threads claim only its own job types, so one kind never starves another."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from psycopg_pool import ConnectionPool

from bot.core import queue
from bot.core.db import open_pool
from bot.core.worker import Lane, Worker


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=6)
    yield p
    p.close()


def test_a_blocked_lane_does_not_hold_the_other_lanes_threads(pool: ConnectionPool, db_url: str) -> None:
    release = threading.Event()
    started: dict[str, float] = {}

    def slow(job: queue.Job) -> None:
        release.wait(10)  # a provider that does not answer

    def quick(job: queue.Job) -> None:
        started[job.payload["n"]] = time.monotonic()

    worker = Worker(pool, {"slow": slow, "quick": quick}, database_url=db_url, poll_interval=0.2,
                    lanes=[Lane("stuck", ("slow",), 2), Lane("free", ("quick",), 1)])
    with pool.connection() as conn:
        for _ in range(5):  # more than every thread of the worker, and claimed first
            queue.enqueue(conn, "slow", {}, priority=1)
    worker.start()
    try:
        time.sleep(0.3)  # both slow threads are now blocked
        enqueued = time.monotonic()
        with pool.connection() as conn:
            queue.enqueue(conn, "quick", {"n": "a"})
        deadline = time.monotonic() + 5
        while "a" not in started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "a" in started and started["a"] - enqueued < 1.0
        with pool.connection() as conn:
            busy = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'slow' "
                                "AND status = 'processing'").fetchone()
        assert busy is not None and busy["n"] == 2  # the stuck lane never took more than its threads
    finally:
        release.set()
        worker.stop()


def test_every_job_type_needs_a_lane() -> None:
    with pytest.raises(ValueError, match="do not cover"):
        Worker(None, {"a": lambda job: None, "b": lambda job: None}, database_url="",  # type: ignore[arg-type]
               lanes=[Lane("only-a", ("a",), 1)])
