"""The LangGraph checkpointer on PostgreSQL: one thread per lead."""

from __future__ import annotations

import psycopg
from langgraph.checkpoint.postgres import PostgresSaver

from bot.store.memory import thread_id


def saver(conn: psycopg.Connection) -> PostgresSaver:
    """A checkpoint saver on the turn's own connection (inside the turn's transaction)."""
    return PostgresSaver(conn)


def thread_config(lead_id: int) -> dict[str, dict[str, str]]:
    """LangGraph config for a lead's conversation thread."""
    return {"configurable": {"thread_id": thread_id(lead_id)}}
