"""How a process starts: a reachable, migrated database, the Services, the workers.

The composition root: the only place that builds infrastructure from settings and
hands it to everyone else.
"""

from __future__ import annotations

import psycopg

from bot.core.db import connect, database_url, describe_host, open_pool
from bot.core.errors import ConfigError
from bot.jobs import all_handlers
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from graph.checkpointer import setup_checkpointer
from schema.migrate import Migration, embedding_dim, migrate


def check_pgvector(conn: psycopg.Connection, url: str) -> None:
    """Fail with instructions when the server has no pgvector extension to install."""
    row = conn.execute(
        "SELECT 1 AS ok FROM pg_available_extensions WHERE name = 'vector'"
    ).fetchone()
    if row is None:
        raise ConfigError(
            f"the database at {describe_host(url)} has no pgvector extension; install it "
            "(Debian/Ubuntu: apt install postgresql-<version>-pgvector; Supabase/Neon: enable "
            "the 'vector' extension) and run `matchbot migrate` again"
        )


def migrate_database(url: str, settings: Settings) -> list[Migration]:
    """Apply pending migrations (and LangGraph's checkpoint tables) to the database at url."""
    with connect(url) as conn:
        check_pgvector(conn, url)
        applied = migrate(conn, embedding_dim=settings.embedding_dim, after=setup_checkpointer)
        width = embedding_dim(conn)
    if width is not None and width != settings.embedding_dim:
        # Not fatal: the vectors in the database still belong to the previous model.
        applied_note = (
            f"embedding columns are {width}-wide but {settings.embedding_model} gives "
            f"{settings.embedding_dim}; run `matchbot reindex`"
        )
        raise ConfigError(applied_note)
    return applied


def prepare_database(settings: Settings) -> str:
    """URL of a reachable, migrated database (starting the embedded one when needed)."""
    url = database_url(settings)
    migrate_database(url, settings)
    return url


def build_services(settings: Settings, database_url: str, *, pool_size: int | None = None) -> Services:
    """Pool, embedder and chat model for this process (the caller closes services.pool)."""
    from agents.llm import make_chat_model
    from knowledge.embeddings import make_embedder

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
    from knowledge.demo import database_is_empty, load_demo

    with services.pool.connection() as conn:
        if not database_is_empty(conn):
            return None
        return load_demo(conn, services.embedder)
