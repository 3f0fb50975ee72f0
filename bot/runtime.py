"""How a process starts: the Services built from settings, the workers, the demo content.

The composition root: the only place that builds infrastructure from settings and
hands it to everyone else.
"""

from __future__ import annotations

from bot.core.chat_model import make_chat_model
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
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
    """Start worker threads on every registered job type."""
    settings = services.settings
    worker = Worker(
        services.pool,
        all_handlers(services),
        database_url=services.database_url,
        concurrency=concurrency or settings.worker_concurrency,
        lease=settings.job_lease_seconds,
        timeout=settings.job_timeout_seconds,
    )
    worker.start()
    return worker


def load_demo_if_empty(services: Services) -> dict[str, int] | None:
    """Load the demo catalogue and knowledge base into an empty database."""
    with services.pool.connection() as conn:
        if not database_is_empty(conn):
            return None
        return load_demo(conn, services.embedder)
