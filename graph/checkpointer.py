"""The LangGraph checkpointer on PostgreSQL: one thread per lead."""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from bot.core.connections import Conn
from bot.store.memory import thread_id
from graph.state import Understanding

# The state's own classes, allowed to be read back from a checkpoint (LangGraph blocks
# unlisted classes under LANGGRAPH_STRICT_MSGPACK and warns about them otherwise).
SERDE = JsonPlusSerializer(allowed_msgpack_modules=[Understanding])


def saver(conn: Conn) -> PostgresSaver:
    """A checkpoint saver on the turn's own connection (inside the turn's transaction)."""
    return PostgresSaver(conn, serde=SERDE)


def thread_config(lead_id: int) -> RunnableConfig:
    """LangGraph config for a lead's conversation thread."""
    return RunnableConfig(configurable={"thread_id": thread_id(lead_id)})
