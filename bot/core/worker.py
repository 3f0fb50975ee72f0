"""Job workers: threads that claim jobs, run their handler, and finish or retry them.

Wake-up is LISTEN/NOTIFY (a trigger notifies on every insert) with a short poll as a
safety net; leases are extended by a heartbeat thread; expired leases are reaped by
whichever worker looks first.

Threads are grouped in lanes, each claiming only its own job types (Oban's queues,
Sidekiq's processes per queue): a kind of job that blocks, e.g. deliveries while a
provider does not answer, holds only its lane's threads and never delays another lane.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from bot.core import metrics, queue
from bot.core.connections import Conn, Pool
from bot.core.database_in_use import DatabaseInUse
from bot.core.log_context import job_context
from bot.core.queue import Job

log = logging.getLogger(__name__)

Handler = Callable[[Job], "dict[str, Any] | None"]


class RetryLater(Exception):
    """The job cannot run now (e.g. its lead is busy); try again after `delay` seconds."""

    def __init__(self, delay: float = 0.2, reason: str = "busy") -> None:
        super().__init__(reason)
        self.delay = delay


class PermanentError(Exception):
    """The job can never succeed; fail it at once with this message."""


@dataclass(frozen=True)
class Lane:
    """Job types served by threads of their own."""

    name: str
    types: tuple[str, ...]
    threads: int


class Worker:
    """A set of threads working on the queue for the given job types.

    Without `lanes`, `concurrency` threads share every job type; with them, every job type
    must belong to exactly one lane.
    """

    def __init__(
        self,
        pool: Pool,
        handlers: Mapping[str, Handler],
        *,
        database_url: str,
        database: DatabaseInUse | None = None,
        concurrency: int = 2,
        lanes: Sequence[Lane] | None = None,
        lease: float = 30.0,
        timeout: float = 300.0,
        poll_interval: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.pool = pool
        self.handlers = dict(handlers)
        self.types = list(self.handlers)
        self.database_url = database_url
        self.database = database  # with a failover: jobs pinned to it, the listener following it
        self.lanes = list(lanes) if lanes is not None else [Lane("jobs", tuple(self.types), concurrency)]
        _check_lanes(self.lanes, self.types)
        self.lease = lease
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._wake = threading.Condition()
        self._running: dict[Any, Job] = {}
        self._running_lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> None:
        """Start worker, listener and heartbeat threads (daemon threads)."""
        self._stop.clear()
        targets: list[tuple[str, Callable[..., None], tuple[Any, ...]]] = [
            (f"{lane.name}-{i}", self._work_loop, (list(lane.types),))
            for lane in self.lanes for i in range(lane.threads)
        ]
        targets += [("listener", self._listen_loop, ()), ("heartbeat", self._heartbeat_loop, ())]
        for label, target, args in targets:
            thread = threading.Thread(target=target, args=args, name=f"matchbot-{label}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask every thread to stop and wait for running jobs to finish."""
        self._stop.set()
        self.wake()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def wake(self) -> None:
        """Wake idle workers (a job was enqueued in this process)."""
        with self._wake:
            self._wake.notify_all()

    # -- one job ----------------------------------------------------------------------

    def run_one(self, types: list[str] | None = None) -> Job | None:
        """Claim and run one due job (of `types`, default all) in this thread; None when nothing is due.

        After a switch of database, a job claimed before it gets no connection to the new
        one (`DatabaseSwitched`): it stays claimed where it was, and that database's reaper
        takes it back once its lease expires there.
        """
        with self.database.pinned() if self.database else contextlib.nullcontext():
            with self.pool.connection() as conn:
                queue.reap(conn, timeout=self.timeout)
                job = queue.claim(conn, types=self.types if types is None else types, worker=self.name,
                                  lease=self.lease)
            if job is None:
                return None
            with job_context(job):  # its log lines carry the job's id, kind and lead
                self._execute(job)
        return job

    def drain(self, *, max_wait: float = 5.0) -> int:
        """Run due jobs in this thread until none is pending within `max_wait` seconds."""
        done = 0
        while True:
            if self.run_one() is not None:
                done += 1
                continue
            with self.pool.connection() as conn:
                wait = queue.next_due_in(conn, types=self.types)
            if wait is None or wait > max_wait:
                return done
            time.sleep(min(wait, 0.05) if wait > 0 else 0.005)

    def _execute(self, job: Job) -> None:
        with self._running_lock:
            self._running[job.id] = job
        started = time.perf_counter()
        try:
            with metrics.timed_job(job, busy=RetryLater, permanent=PermanentError):
                result = self.handlers[job.job_type](job)
        except RetryLater as busy:
            delay = busy.delay
            self._finish(lambda c: queue.postpone(c, job, worker=self.name, delay=delay))
        except PermanentError as exc:
            log.warning("job %s (%s) failed permanently: %s", job.id, job.job_type, exc)
            forced, reason = Job(**{**job.__dict__, "attempts": job.max_attempts}), str(exc)
            self._finish(lambda c: queue.fail(c, forced, worker=self.name, error=reason))
        except Exception as exc:  # noqa: BLE001 -- a handler bug must not kill the worker
            detail = f"{type(exc).__name__}: {exc}"
            log.warning("job %s (%s) attempt %s failed: %s\n%s", job.id, job.job_type,
                        job.attempts, detail, traceback.format_exc(limit=5))
            self._finish(lambda c: queue.fail(c, job, worker=self.name, error=detail))
        else:
            elapsed = round((time.perf_counter() - started) * 1000, 1)
            payload = {**(result or {}), "duration_ms": elapsed}
            self._finish(lambda c: queue.complete(c, job.id, worker=self.name, result=payload))
        finally:
            with self._running_lock:
                self._running.pop(job.id, None)

    def _finish(self, action: Callable[[Conn], object]) -> None:
        with self.pool.connection() as conn:
            action(conn)

    # -- loops ------------------------------------------------------------------------

    def _work_loop(self, types: list[str]) -> None:
        while not self._stop.is_set():
            try:
                if self.run_one(types) is not None:
                    continue
                with self.pool.connection() as conn:
                    wait = queue.next_due_in(conn, types=types)
            except (psycopg.Error, OSError) as exc:
                log.warning("worker cannot reach the database: %s", exc)
                wait = None
                self._stop.wait(1.0)
            timeout = self.poll_interval if wait is None else min(max(wait, 0.001), self.poll_interval)
            with self._wake:
                self._wake.wait(timeout)

    def _listen_loop(self) -> None:
        while not self._stop.is_set():
            url = self.database.url if self.database else self.database_url
            try:
                with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {queue.NOTIFY_CHANNEL}")
                    # A switch of database: listen on the new one.
                    while not self._stop.is_set() and (self.database is None or self.database.url == url):
                        got = False
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            got = True
                        if got:
                            self.wake()
            except (psycopg.Error, OSError) as exc:
                log.warning("queue listener reconnecting: %s", exc)
                self._stop.wait(1.0)

    def _heartbeat_loop(self) -> None:
        while not self._stop.wait(self.lease / 3):
            with self._running_lock:
                jobs = list(self._running)
            if not jobs:
                continue
            try:
                with self.pool.connection() as conn:
                    for job_id in jobs:
                        queue.heartbeat(conn, job_id, worker=self.name, lease=self.lease)
            except (psycopg.Error, OSError) as exc:
                log.warning("heartbeat failed: %s", exc)


def _check_lanes(lanes: list[Lane], types: list[str]) -> None:
    """Every handled job type in exactly one lane, every lane with a thread: none left unclaimed."""
    laned = [t for lane in lanes for t in lane.types]
    if sorted(laned) != sorted(types) or any(lane.threads < 1 or not lane.types for lane in lanes):
        raise ValueError(f"worker lanes {[(lane.name, lane.types, lane.threads) for lane in lanes]} "
                         f"do not cover the job types {sorted(types)} once each with a thread")
