"""Bring a database to a usable state: reachable, pgvector available, migrated.

The tables include LangGraph's checkpoint tables (its saver's own set-up, which needs an
autocommit connection because it creates indexes concurrently).
"""

from __future__ import annotations

from langgraph.checkpoint.postgres import PostgresSaver

from bot.core.connections import Conn
from bot.core.db import connect, database_url, describe_host
from bot.core.errors import ConfigError
from bot.core.settings import Settings
from schema.migrate import Migration, embedding_dim, migrate


def setup_checkpointer(conn: Conn) -> None:
    """Create or upgrade LangGraph's checkpoint tables (needs an autocommit connection)."""
    PostgresSaver(conn).setup()


def check_pgvector(conn: Conn, url: str) -> None:
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
