"""Deadlines on the web processes' database work: a stalled database is a fast 503, never a hang.

A frozen PostgreSQL (a stopped process, a host that stopped answering) never fails a
query: it just never answers, and a request waits as long as the database is away
(measured before these deadlines: webhooks answered after up to 19.9 s, when Twilio
gives up after 15 s). Three limits bound a hot-path request to under 2 s:

- acquiring a pooled connection waits at most `ACQUIRE_SECONDS`;
- every round trip on an async connection waits at most `ROUND_TRIP_SECONDS`, on the
  client side (the only side that still runs when the server is frozen); past it the
  connection is closed, so that its half-done transaction can only roll back;
- the server itself cancels statements and lock waits a little earlier
  (`statement_timeout`, `lock_timeout`), which keeps the connection usable when the
  database is merely slow.

New hot-path connections give up after `CONNECT_SECONDS` (libpq's minimum is 2 s)
and TCP keepalives detect a peer that vanished. Callers map the errors raised here (all
`psycopg.OperationalError`s) to 503 with Retry-After: providers retry, and nothing that
was acknowledged is lost.
"""

from __future__ import annotations

from typing import TypeVar

import psycopg
from psycopg.abc import PQGen
from psycopg_pool import PoolTimeout

from bot.core.connections import AsyncConn, Row

ACQUIRE_SECONDS = 0.5
ROUND_TRIP_SECONDS = 1.2
# Below the client's round trip deadline: a slow but living server cancels cleanly first.
STATEMENT_TIMEOUT_MS = 1000
LOCK_TIMEOUT_MS = 500
CONNECT_SECONDS = 2

RV = TypeVar("RV")

# A peer that vanished (host down, network cut) is noticed in ~25 s instead of the
# kernel's two hours; libpq ignores these on Unix sockets.
KEEPALIVES: dict[str, object] = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                                 "keepalives_count": 3}
HOT_PATH_CONNECT: dict[str, object] = {**KEEPALIVES, "connect_timeout": CONNECT_SECONDS}


class DatabaseStalled(psycopg.OperationalError):
    """The database did not answer within the deadline (the connection was closed)."""


class DeadlineConnection(psycopg.AsyncConnection[Row]):
    """An async connection whose every round trip to the server has a deadline.

    psycopg runs each statement, commit and rollback through `wait()`, which accepts a
    timeout that asyncio cancellation cannot replace: a cancelled query first waits up
    to 10 s for the server to acknowledge the cancel, and a frozen server never does.
    """

    # psycopg's own signature and default interval (asyncio.timeout cannot replace it, see above).
    async def wait(self, gen: PQGen[RV], interval: float = 0.1, timeout: float | None = None) -> RV:  # noqa: ASYNC109
        try:
            return await super().wait(gen, interval, timeout or ROUND_TRIP_SECONDS)
        except psycopg.errors._WaitTimeout:  # psycopg's own signal that `timeout` expired
            await self.close()
            raise DatabaseStalled(
                f"the database did not answer within {ROUND_TRIP_SECONDS} s"
            ) from None


async def bound_statements(conn: AsyncConn) -> None:
    """Pool `configure` callback: the server-side statement and lock timeouts.

    Session settings, like the workers' advisory locks and LISTEN: they need a direct or
    session-mode connection (a transaction-mode pooler would lend them to other clients).
    """
    await conn.execute(
        "SELECT set_config('statement_timeout', %s, false), set_config('lock_timeout', %s, false)",
        (f"{STATEMENT_TIMEOUT_MS}ms", f"{LOCK_TIMEOUT_MS}ms"),
    )


# What "the database is stalled or overloaded" looks like to a caller: answer 503, do not
# retry here (the client retries), and do not replay the work on another connection.
STALLED_ERRORS: tuple[type[Exception], ...] = (
    DatabaseStalled, PoolTimeout, psycopg.errors.QueryCanceled, psycopg.errors.LockNotAvailable,
)
