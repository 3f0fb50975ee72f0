"""`api_response` metrics of the lead API, written in batches off the request path.

A pure ASGI middleware times every request to /api/lead and /api/leads… (a clock read and
an append to a buffer: no database work while the caller waits). A task of the app writes
what the buffer holds every FLUSH_SECONDS as one batch (performance_metrics, source
`lead_api`, with the route's path template, method, status and, once the key was known,
the client), and once more when the app stops, so a clean shutdown loses nothing. With
the database away the rows wait for the next flush; beyond MAX_PENDING the oldest are
dropped, and counted in a warning.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg_pool import PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.core.connections import AsyncPool
from bot.lead_platform.store.learning import arecord_api_responses

log = logging.getLogger(__name__)
PREFIX = "/api/lead"  # /api/lead and /api/leads…
FLUSH_SECONDS = 5.0
MAX_PENDING = 50_000
CHUNK = 2000  # rows per statement
CLIENT_KEY = "metrics_client_id"  # request.state: the client whose key the request carried


def note_client(state: Any, client_id: object) -> None:
    """Say which client a request was for (request.state), for its metric."""
    setattr(state, CLIENT_KEY, client_id)


class ApiMetrics:
    """The responses timed and not yet written."""

    def __init__(self, *, max_pending: int = MAX_PENDING, chunk: int = CHUNK) -> None:
        self._pending: deque[dict[str, Any]] = deque()
        self._max = max_pending
        self._chunk = chunk
        self._lock = threading.Lock()
        self.dropped = 0

    def add(self, response: dict[str, Any]) -> None:
        with self._lock:
            if len(self._pending) >= self._max:
                self._pending.popleft()
                self.dropped += 1
            self._pending.append(response)

    def pending(self) -> int:
        return len(self._pending)

    async def flush(self, apool: AsyncPool) -> int:
        """Write what is pending, `chunk` rows a statement (each well inside the web pool's statement
        deadline, even for the backlog of an outage); what the database refuses is put back."""
        with self._lock:
            batch, self._pending = list(self._pending), deque()
            dropped, self.dropped = self.dropped, 0
        if dropped:
            log.warning("lead API metrics: %s responses dropped while the database was away", dropped)
        if not batch:
            return 0
        written = 0
        try:
            async with apool.connection() as conn:
                while written < len(batch):
                    chunk = batch[written:written + self._chunk]
                    await arecord_api_responses(conn, chunk)
                    written += len(chunk)
        except (psycopg.Error, PoolTimeout, OSError) as exc:
            log.warning("lead API metrics not written yet (%s): %s kept for the next flush", type(exc).__name__,
                        len(batch) - written)
            with self._lock:
                self._pending.extendleft(reversed(batch[written:]))
                while len(self._pending) > self._max:  # the oldest go first
                    self._pending.popleft()
                    self.dropped += 1
        return written

    async def run(self, apool: AsyncPool, *, every: float = FLUSH_SECONDS) -> None:
        """Flush every `every` seconds until cancelled."""
        while True:
            await asyncio.sleep(every)
            try:
                await self.flush(apool)
            except Exception:  # a bug must not stop the timing of every later request
                log.exception("lead API metrics: flush failed")

    async def stop(self, task: asyncio.Task[None], apool: AsyncPool | None) -> None:
        """Stop the periodic flush, then write what is left (None: the database is away)."""
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if apool is not None:
            await self.flush(apool)


class ApiResponseTimer:
    """Times the lead API's requests into an ApiMetrics buffer."""

    def __init__(self, app: ASGIApp, *, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        started, at, status = time.perf_counter(), datetime.now(UTC), 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            self.metrics.add({
                "ms": round((time.perf_counter() - started) * 1000), "status": status, "at": at,
                "endpoint": getattr(route, "path", None) or "unmatched", "method": scope["method"],
                "client_id": (scope.get("state") or {}).get(CLIENT_KEY),
            })
