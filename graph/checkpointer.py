"""The LangGraph checkpointer on PostgreSQL: one thread per lead."""

from __future__ import annotations

import psycopg
from langgraph.checkpoint.postgres import PostgresSaver
from psycopg_pool import ConnectionPool


def setup_checkpointer(conn: psycopg.Connection) -> None:
    """Create or upgrade LangGraph's checkpoint tables (needs an autocommit connection)."""
    PostgresSaver(conn).setup()


def make_checkpointer(pool: ConnectionPool) -> PostgresSaver:
    """A saver on the shared pool (connections are autocommit with dict rows)."""
    return PostgresSaver(pool)  # type: ignore[arg-type]


def thread_config(lead_id: int) -> dict[str, dict[str, str]]:
    """LangGraph config for a lead's conversation thread."""
    return {"configurable": {"thread_id": f"lead-{lead_id}"}}
