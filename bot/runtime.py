"""How a process starts: the Services built from settings, the workers, the demo content.

The composition root: the only place that builds infrastructure from settings and
hands it to everyone else.
"""

from __future__ import annotations

from wsgiref.simple_server import WSGIServer

from bot.channels.alerts import alert_admins
from bot.core.bootstrap import migrate_database
from bot.core.chat_model import make_chat_model
from bot.core.database_in_use import DatabaseInUse, open_following_pool
from bot.core.db import open_pool
from bot.core.errors import ConfigError
from bot.core.failover import FailoverMonitor, process_name, settle
from bot.core.metrics import LiveSnapshot, database_labels, serve_worker_metrics
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers, worker_lanes
from knowledge.demo import database_is_empty, load_demo
from knowledge.embeddings import make_embedder


def prepare_service_database(settings: Settings) -> str:
    """`serve` and `worker`: the database the processes agreed on (bot/core/failover.py), migrated."""
    url = settle(settings, alert=alert_admins, decided_by=process_name())
    migrate_database(url, settings)
    return url


def watch_database(database: DatabaseInUse) -> FailoverMonitor | None:
    """Probe the primary and the failover in the background (None without a failover configured)."""
    settings = database.settings
    if not (settings.database_url and settings.database_failover_url):
        return None
    monitor = FailoverMonitor(database, alert=alert_admins)
    monitor.start()
    return monitor


def build_services(
    settings: Settings, database_url: str, *, pool_size: int | None = None, database: DatabaseInUse | None = None
) -> Services:
    """Pool, embedder and chat model for this process (the caller closes services.pool).

    With `database`, the pool follows it from one database to the other (a failover).
    """
    size = pool_size or settings.pool_size
    pool = (open_following_pool(database, max_size=size, name="matchbot") if database
            else open_pool(database_url, max_size=size))
    return Services(
        settings=settings,
        pool=pool,
        database_url=database_url,
        embedder=make_embedder(settings),
        chat_model=make_chat_model(settings),
    )


def start_worker(
    services: Services, *, concurrency: int | None = None, database: DatabaseInUse | None = None
) -> Worker:
    """Start worker threads on every registered job type, in lanes (`concurrency`: turn threads)."""
    settings = services.settings
    handlers = all_handlers(services)
    worker = Worker(
        services.pool,
        handlers,
        database_url=services.database_url,
        database=database,
        lanes=worker_lanes(settings, handlers, turn_threads=concurrency),
        lease=settings.job_lease_seconds,
        timeout=settings.job_timeout_seconds,
    )
    worker.start()
    return worker


def serve_metrics(services: Services, database: DatabaseInUse | None = None) -> WSGIServer | None:
    """A worker's own metrics on MATCHBOT_METRICS_HOST:MATCHBOT_METRICS_PORT (None without a port)."""
    settings = services.settings
    if settings.metrics_port is None:
        return None
    snapshot = LiveSnapshot(services.pool, lambda: database_labels(
        settings, database.url if database else services.database_url))
    try:
        return serve_worker_metrics(snapshot, host=settings.metrics_host, port=settings.metrics_port)
    except OSError as exc:
        raise ConfigError(f"cannot serve metrics on {settings.metrics_host}:{settings.metrics_port} "
                          f"({exc.strerror}); choose another MATCHBOT_METRICS_PORT") from None


def load_demo_if_empty(services: Services) -> dict[str, int] | None:
    """Load the demo catalogue and knowledge base into an empty database."""
    with services.pool.connection() as conn:
        if not database_is_empty(conn):
            return None
        return load_demo(conn, services.embedder)
