"""The database this process uses now, and pools that follow it when it switches.

A process that fails over (bot/core/failover.py) does not rebuild its pools: every
object holding one (the Services, the worker, the routes) keeps it. Instead the pools
take their URL from `DatabaseInUse.conninfo` (psycopg_pool calls it for each new
connection) and, at a switch:
- idle connections are dropped (`drain`), and a connection made for the database left
  behind is refused before it is lent (`check`, which compares the connection's own
  parameters with the URL in use);
- connections lent out are cut (their sockets shut down): a frozen server would hold
  the threads waiting on them for ever, and their half-done transactions can only roll
  back;
- a job begun on the old database never touches the new one: the worker pins each job
  to the database it was claimed from, and asking for a connection after a switch
  raises `DatabaseSwitched` (ids are not the same rows in two unreplicated databases).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
import weakref
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from bot.core.connections import AsyncConn, AsyncPool, Conn
from bot.core.db import POOL_KWARGS, describe_host
from bot.core.metrics import database_labels
from bot.core.settings import Settings
from bot.core.switches import Decision, Probe

log = logging.getLogger(__name__)

# The parameters that say which server and database a connection reaches.
_IDENTITY_KEYS = ("host", "hostaddr", "port", "dbname", "user")


class DatabaseSwitched(psycopg.OperationalError):
    """This job or request began on a database the process has since left."""


def identity(url: str) -> dict[str, str]:
    """The server and database a URL names, as libpq reads it."""
    params = conninfo_to_dict(url)
    return {key: str(params[key]) for key in _IDENTITY_KEYS if key in params}


def made_for(conn: psycopg.Connection[Any] | psycopg.AsyncConnection[Any], target: dict[str, str]) -> bool:
    """Whether conn was opened from a URL naming `target` (its own parameters, no round trip)."""
    params = conninfo_to_dict(conn.info.dsn)
    return all(str(params.get(key)) == value for key, value in target.items())


def cut(conn: Conn) -> None:
    """Shut a lent connection's socket down, waking whoever waits on it with an error.

    Only the socket is shut: the descriptor stays libpq's, so nothing else can reuse it.
    """
    try:
        duplicate = os.dup(conn.pgconn.socket)
    except (psycopg.OperationalError, OSError):  # closed meanwhile: nothing to cut
        return
    try:
        sock = socket.socket(fileno=duplicate)  # owns the duplicate from here
    except OSError:
        os.close(duplicate)
        return
    with sock, contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


# The database generation the running job was claimed under (see `DatabaseInUse.pinned`).
_PIN: ContextVar[tuple[DatabaseInUse, int] | None] = ContextVar("matchbot_database_pin", default=None)


class DatabaseInUse:
    """Which database (embedded, primary or failover) this process uses, since when and why."""

    def __init__(self, settings: Settings, url: str) -> None:
        self.settings = settings
        self.url = url
        self.role = database_labels(settings, url)["role"]
        self.epoch = 0  # the recorded decision followed (0: none yet)
        self.decision: Decision | None = None
        self.since = datetime.now(UTC)
        self.generation = 0  # bumped at every switch
        self.seen: dict[str, Probe] = {}  # the monitor's last probes, by role
        self._target = identity(url)
        self._checked: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
        self._checked_lock = threading.Lock()
        self._lock = threading.Lock()
        self._pools: list[FollowingPool] = []
        self._async_pools: list[tuple[AsyncPool, asyncio.AbstractEventLoop]] = []

    # -- what the pools ask -----------------------------------------------------------

    def conninfo(self) -> str:
        """The URL new connections go to (psycopg_pool's `conninfo` callable)."""
        return self.url

    def check(self, conn: Conn) -> None:
        """Pool `check`: a connection made for a database this process left is closed and refused."""
        if not self._belongs(conn):
            conn.close()
            raise psycopg.OperationalError("a connection to a database no longer in use")

    async def acheck(self, conn: AsyncConn) -> None:
        """`check` for the async pool."""
        if not self._belongs(conn):
            await conn.close()
            raise psycopg.OperationalError("a connection to a database no longer in use")

    def _belongs(self, conn: psycopg.Connection[Any] | psycopg.AsyncConnection[Any]) -> bool:
        """Whether conn reaches the database in use: looked at once per connection and switch
        (reading a connection's parameters costs about a millisecond, a webhook's whole budget is 5)."""
        generation = self.generation
        with self._checked_lock:
            if self._checked.get(conn) == generation:
                return True
        if not made_for(conn, self._target):
            return False
        with self._checked_lock:
            self._checked[conn] = generation
        return True

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        """Connections asked for inside the block come from the database in use at its start, or none."""
        token = _PIN.set((self, self.generation))
        try:
            yield
        finally:
            _PIN.reset(token)

    def refuse_if_switched(self) -> None:
        """Raise `DatabaseSwitched` inside a `pinned` block begun before the last switch."""
        pin = _PIN.get()
        if pin is not None and pin[0] is self and pin[1] != self.generation:
            raise DatabaseSwitched(f"begun on a database left for the {self.role} database; not resumed there")

    # -- the pools that follow --------------------------------------------------------

    def follow_pool(self, pool: FollowingPool) -> None:
        self._pools.append(pool)

    def follow_async_pool(self, pool: AsyncPool, loop: asyncio.AbstractEventLoop) -> None:
        """An async pool (opened with `conninfo` and `acheck`), drained on its own loop at a switch."""
        self._async_pools.append((pool, loop))

    # -- switching --------------------------------------------------------------------

    def follow(self, decision: Decision) -> bool:
        """Adopt a recorded decision newer than the one followed; True when this process switched."""
        url = self.settings.database_failover_url if decision.role == "failover" else self.settings.database_url
        assert url is not None  # decisions exist only with both URLs set
        with self._lock:
            if decision.epoch <= self.epoch:
                return False
            self.epoch, self.decision = decision.epoch, decision
            if url == self.url:
                return False
            self.url, self.role, self._target = url, decision.role, identity(url)
            self.generation += 1
            self.since = datetime.now(UTC)
        for pool in self._pools:
            pool.leave()
        for apool, loop in self._async_pools:
            if not loop.is_closed():
                asyncio.run_coroutine_threadsafe(apool.drain(), loop)
        return True

    def about(self) -> dict[str, object]:
        """What /healthz, the console and the logs say: role, host (never a password), since when, why."""
        about: dict[str, object] = {"role": self.role, "host": describe_host(self.url) if self.role != "embedded"
                                    else "embedded", "since": self.since.isoformat(timespec="seconds")}
        if self.decision is not None:
            about.update(epoch=self.decision.epoch, decided_by=self.decision.decided_by, reason=self.decision.reason)
        failover = self.settings.database_failover_url
        if self.settings.database_url and failover:
            primary_probe = self.seen.get("primary")
            about["primary"] = {"host": describe_host(self.settings.database_url),
                                "answers": primary_probe.answers if primary_probe else None}
            about["failover"] = {"host": describe_host(failover)}
        return about


class FollowingPool(ConnectionPool[Conn]):
    """A sync pool on the database in use: it drops and cuts its connections when that one changes."""

    def __init__(self, database: DatabaseInUse, **kwargs: Any) -> None:
        self.database = database
        self._lent: set[Conn] = set()
        self._lent_lock = threading.Lock()
        super().__init__(database.conninfo, check=database.check, **kwargs)

    def getconn(self, timeout: float | None = None) -> Conn:
        self.database.refuse_if_switched()
        conn = super().getconn(timeout)
        with self._lent_lock:
            self._lent.add(conn)
        return conn

    def putconn(self, conn: Conn) -> None:
        with self._lent_lock:
            self._lent.discard(conn)
        super().putconn(conn)

    def leave(self) -> None:
        """The database changed: idle connections closed, lent ones cut (they return broken)."""
        self.drain()
        with self._lent_lock:
            lent = list(self._lent)
        for conn in lent:
            cut(conn)


def open_following_pool(database: DatabaseInUse, *, max_size: int, name: str, timeout: float = 30.0) -> FollowingPool:
    """A sync pool like bot/core/db.py's `open_pool`, following `database`."""
    pool = FollowingPool(database, min_size=1, max_size=max_size, kwargs=POOL_KWARGS, name=name,
                         timeout=timeout, open=False)
    pool.open(wait=True, timeout=15)
    database.follow_pool(pool)
    return pool

