"""The unique (job_type, dedup_key) index of pending jobs never makes a caller crash.

Two workers on one database (`matchbot chat` beside `matchbot serve`) race: one gives a
lead's turn back to the queue (its lead was busy) while a new message of that lead
enqueues a twin. Whichever commits first, the other joins it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from bot.core import queue

KEY = "lead:7"


@pytest.fixture
def other(db_url: str) -> Iterator[psycopg.Connection]:
    """A second session, as another process would have."""
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as connection:
        yield connection


def _claimed(conn: psycopg.Connection) -> queue.Job:
    queue.enqueue(conn, "bot_turn", {"lead_id": 7}, dedup_key=KEY)
    job = queue.claim(conn, types=["bot_turn"], worker="w", lease=30)
    assert job is not None
    return job


def _blocked(conn: psycopg.Connection, action: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run action in a thread until it waits on a lock held by `conn`'s open transaction."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(action())
        except psycopg.Error as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        waiting = conn.execute(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
        if waiting:
            return thread, outcome
        time.sleep(0.01)
    raise AssertionError("the second session never waited on the first")


def _pending(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "SELECT count(*) AS n FROM queue_jobs WHERE dedup_key = %s AND status = 'pending'", (KEY,)
    ).fetchone()
    return int(row["n"])


def test_a_job_given_back_joins_a_twin_enqueued_meanwhile(
    conn: psycopg.Connection, other: psycopg.Connection
) -> None:
    job = _claimed(conn)
    with other.transaction():
        twin = queue.enqueue(other, "bot_turn", {"lead_id": 7}, dedup_key=KEY)
        assert twin is not None
        thread, outcome = _blocked(other, lambda: queue.postpone(conn, job, worker="w", delay=0.25))
    thread.join(10)
    assert outcome == ["merged"]
    assert _pending(conn) == 1
    row = conn.execute("SELECT status, result FROM queue_jobs WHERE id = %s", (job.id,)).fetchone()
    assert (row["status"], row["result"]) == ("completed", {"merged": True})


def test_a_twin_enqueued_while_a_job_is_given_back_joins_it(
    conn: psycopg.Connection, other: psycopg.Connection
) -> None:
    job = _claimed(conn)
    with other.transaction():
        assert queue.postpone(other, job, worker="w", delay=0.25) == "retry"
        thread, outcome = _blocked(
            other, lambda: queue.enqueue(conn, "bot_turn", {"lead_id": 7}, dedup_key=KEY)
        )
    thread.join(10)
    assert outcome == [None]  # joined the job given back
    assert _pending(conn) == 1
