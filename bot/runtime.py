"""How a process starts: the Services built from settings, the workers, the demo content.

The composition root: the only place that builds infrastructure from settings and
hands it to everyone else.
"""

from __future__ import annotations

from wsgiref.simple_server import WSGIServer

from bot.core.chat_model import make_chat_model
from bot.core.db import open_pool
from bot.core.errors import ConfigError
from bot.core.metrics import LiveSnapshot, database_labels, serve_worker_metrics
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers, worker_lanes
from knowledge.demo import database_is_empty, load_demo
from knowledge.embeddings import make_embedder


def build_services(settings: Settings, database_url: str, *, pool_size: int | None = None) -> Services:
    """Pool, embedder and chat model for this process (the caller closes services.pool)."""
    pool = open_pool(database_url, max_size=pool_size or settings.pool_size)
    return Services(
        settings=settings,
        pool=pool,
        database_url=database_url,
        embedder=make_embedder(settings),
        chat_model=make_chat_model(settings),
    )


def start_worker(services: Services, *, concurrency: int | None = None) -> Worker:
    """Start worker threads on every registered job type, in lanes (`concurrency`: turn threads)."""
    settings = services.settings
    handlers = all_handlers(services)
    worker = Worker(
        services.pool,
        handlers,
        database_url=services.database_url,
        lanes=worker_lanes(settings, handlers, turn_threads=concurrency),
        lease=settings.job_lease_seconds,
        timeout=settings.job_timeout_seconds,
    )
    worker.start()
    return worker


def serve_metrics(services: Services) -> WSGIServer | None:
    """A worker's own metrics on MATCHBOT_METRICS_HOST:MATCHBOT_METRICS_PORT (None without a port)."""
    settings = services.settings
    if settings.metrics_port is None:
        return None
    snapshot = LiveSnapshot(services.pool, lambda: database_labels(settings, services.database_url))
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
