"""Where a lead's conversation lives in LangGraph's and LangChain's tables.

The checkpoint thread and the chat-memory session are keyed by the lead: the turn writes
them, retention and `matchbot forget` erase them.
"""

from __future__ import annotations

import uuid

from bot.core.connections import Conn

CHAT_MEMORY_TABLE = "n8n_chat_histories"
MEMORY_NAMESPACE = uuid.UUID("5b0f3a52-6f1e-4c55-9a77-6d61746368bf")


def memory_session_id(lead_id: int) -> str:
    """The stable LangChain memory session of a lead (a UUID, as langchain-postgres wants)."""
    return str(uuid.uuid5(MEMORY_NAMESPACE, f"lead:{lead_id}"))


def thread_id(lead_id: int) -> str:
    """The LangGraph checkpoint thread of a lead."""
    return f"lead-{lead_id}"


def recent_messages(conn: Conn, lead_id: int, *, limit: int) -> list[tuple[str, str]]:
    """The lead's last chat-memory messages as (type, text), oldest first.

    Read here rather than through langchain-postgres, whose reader expects tuple rows.
    """
    rows = conn.execute(
        f"""SELECT message FROM {CHAT_MEMORY_TABLE} WHERE session_id = %s ORDER BY id DESC LIMIT %s""",
        (memory_session_id(lead_id), limit),
    ).fetchall()
    found = []
    for row in reversed(rows):
        message = row["message"] or {}
        found.append((str(message.get("type", "")), str((message.get("data") or {}).get("content", ""))))
    return found
