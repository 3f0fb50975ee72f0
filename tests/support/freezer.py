"""A frozen database: SIGSTOP the PostgreSQL server (postmaster and every child), SIGCONT after.

A stopped server keeps its sockets open and never answers, which is what a hung host or
a stalled disk looks like to a client. A watchdog thaws the server after `limit` seconds
even if the test's own thread is stuck waiting on it.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state letter


def postmaster_pid(url: str) -> int:
    """The server process behind url: the parent of this connection's backend."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None
        parent = _parent(int(row[0]))  # while the backend lives: it exits with the connection
    assert parent is not None, "the backend's process is not visible in /proc"
    return parent


def _children(pid: int) -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and _parent(int(entry)) == pid]


def _signal_all(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):  # it exited meanwhile
            os.kill(pid, sig)


@contextmanager
def frozen(url: str, *, limit: float = 15.0) -> Iterator[list[int]]:
    """Freeze the server behind url for the block (at most `limit` seconds); yields the pids."""
    postmaster = postmaster_pid(url)
    os.kill(postmaster, signal.SIGSTOP)  # first, so that it forks no new backend meanwhile
    pids = [postmaster, *_children(postmaster)]
    _signal_all(pids[1:], signal.SIGSTOP)
    thaw = threading.Timer(limit, _signal_all, args=(pids, signal.SIGCONT))
    thaw.daemon = True
    thaw.start()
    try:
        yield pids
    finally:
        thaw.cancel()
        _signal_all(pids, signal.SIGCONT)
