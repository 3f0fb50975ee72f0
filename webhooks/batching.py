"""Natural batching of inbound messages: while one batch is being committed, the
messages that arrive meanwhile wait and go together in the next one.

At low rates a batch is one message and nothing waits; under load one statement and
one commit serve many webhooks, which is where the database time goes (measured per
message: ~0.85 ms of PostgreSQL CPU one by one). Batches of one process never overlap,
and a batch that fails is replayed message by message so that each request still gets
its own answer. A batch that meets a stalled database is not replayed: it and the
messages queued behind it answer 503 within the deadlines of bot/core/deadlines.py.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.connections import AsyncPool
from bot.core.deadlines import STALLED_ERRORS, DatabaseStalled
from bot.store import inbound

log = logging.getLogger(__name__)

MAX_BATCH = 100
Row = dict[str, Any]


class InboundBatcher:
    """Collects phone-identified inbound messages of one process into batched writes."""

    def __init__(self, apool: AsyncPool, *, turn_delay: float) -> None:
        self.apool = apool
        self.turn_delay = turn_delay
        self._pending: list[tuple[Row, asyncio.Future[bool]]] = []
        self._flushing = False

    async def submit(self, row: Row, *, one_by_one: Callable[[], Awaitable[bool]]) -> bool:
        """Store one message (True when new); `one_by_one` stores it alone if its batch fails."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.append((row, future))
        if not self._flushing:
            self._flushing = True
            # A batch serves many requests: its log lines must not carry this one's request id.
            asyncio.get_running_loop().create_task(self._flush(), context=contextvars.Context())
        try:
            return await future
        except _Replay:
            return await one_by_one()

    async def _flush(self) -> None:
        try:
            while self._pending:
                await asyncio.sleep(0)  # let requests already in flight join this batch
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                await self._write(batch)
        finally:
            self._flushing = False

    async def _write(self, batch: list[tuple[Row, asyncio.Future[bool]]]) -> None:
        try:
            async with self.apool.connection() as conn:
                stored = await inbound.aingest_inbound_batch(conn, [row for row, _ in batch],
                                                          turn_delay=self.turn_delay)
        except STALLED_ERRORS as exc:
            # Replaying would wait out the deadline again: this batch and the messages that
            # queued behind it answer 503 now (the providers retry them).
            waiting, self._pending = batch + self._pending, []
            log.warning("inbound batch of %d not stored, database stalled: %s", len(waiting), exc)
            for _, future in waiting:
                if not future.done():
                    future.set_exception(DatabaseStalled(f"inbound message not stored: {exc}"))
            return
        except Exception as exc:  # noqa: BLE001 - each message is replayed alone and answers for itself
            log.info("inbound batch of %d replayed one by one: %s", len(batch), exc)
            for _, future in batch:
                if not future.done():
                    future.set_exception(_Replay())
            return
        seen: set[object] = set()
        for row, future in batch:
            sid = row["provider_message_id"]
            if not future.done():
                future.set_result(sid in stored and sid not in seen)
            seen.add(sid)


class _Replay(Exception):
    """The batch failed: store this message on its own."""
