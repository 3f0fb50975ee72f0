"""The LangGraph checkpointer on PostgreSQL: one thread per lead."""

from __future__ import annotations

import psycopg
from langgraph.checkpoint.postgres import PostgresSaver

from bot.store.memory import thread_id


def setup_checkpointer(conn: psycopg.Connection) -> None:
    """Create or upgrade LangGraph's checkpoint tables (needs an autocommit connection)."""
    PostgresSaver(conn).setup()


def thread_config(lead_id: int) -> dict[str, dict[str, str]]:
    """LangGraph config for a lead's conversation thread."""
    return {"configurable": {"thread_id": thread_id(lead_id)}}
