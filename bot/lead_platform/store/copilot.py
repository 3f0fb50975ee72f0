"""The copilot's chat (`copilot_messages`) and the changes it prepared (`copilot_actions`).

Tenant functions (RLS): a session reads and confirms only its own rows. Taking a pending
action is one UPDATE that checks session, status and expiry together, so an action runs at
most once, and only for the session that was shown it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from psycopg.rows import class_row

from bot.core.connections import Conn

Role = Literal["user", "assistant"]
Status = Literal["pending", "done", "cancelled", "failed"]


@dataclass(frozen=True)
class ChatMessage:
    id: int
    role: Role
    content: str
    created_at: datetime


@dataclass(frozen=True)
class Action:
    """A prepared change: what was shown, what will run, and how it ended."""

    id: uuid.UUID
    client_id: uuid.UUID
    message_id: int | None
    lead_id: uuid.UUID | None
    tool: str
    arguments: dict[str, Any]
    description: str
    status: Status
    result: str | None
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None

    def expired(self, now: datetime) -> bool:
        return self.status == "pending" and self.expires_at <= now


ACTION_COLUMNS = """id, client_id, message_id, lead_id, tool, arguments, description, status, result,
    created_at, expires_at, decided_at"""


def add_message(conn: Conn, *, client_id: uuid.UUID, session_id: bytes, role: Role, content: str) -> int:
    row = conn.execute(
        """INSERT INTO copilot_messages (client_id, session_id, role, content)
           VALUES (%s, %s, %s, %s) RETURNING id""",
        (client_id, session_id, role, content),
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING always returns the row
    return int(row["id"])


def questions_since(conn: Conn, *, since: datetime) -> int:
    """The tenant's questions to the copilot (every session and user) since `since`."""
    row = conn.execute("SELECT count(*) AS n FROM copilot_messages WHERE role = 'user' AND created_at >= %s",
                       (since,)).fetchone()
    return int(row["n"]) if row else 0


def recent_messages(conn: Conn, *, session_id: bytes, limit: int) -> list[ChatMessage]:
    """The session's latest messages, oldest first."""
    rows = conn.cursor(row_factory=class_row(ChatMessage)).execute(
        """SELECT id, role, content, created_at FROM (
               SELECT id, role, content, created_at FROM copilot_messages
               WHERE session_id = %s ORDER BY id DESC LIMIT %s) latest
           ORDER BY id""",
        (session_id, limit),
    ).fetchall()
    return list(rows)


def propose(conn: Conn, *, client_id: uuid.UUID, session_id: bytes, tool: str, arguments: dict[str, Any],
            description: str, lead_id: uuid.UUID | None, expires_at: datetime) -> Action:
    """Record a change waiting for the user's confirmation."""
    row = conn.cursor(row_factory=class_row(Action)).execute(
        f"""INSERT INTO copilot_actions (client_id, session_id, lead_id, tool, arguments, description, expires_at)
            VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING {ACTION_COLUMNS}""",
        (client_id, session_id, lead_id, tool, json.dumps(arguments, default=str), description, expires_at),
    ).fetchone()
    assert row is not None
    return row


def attach(conn: Conn, action_ids: Iterable[uuid.UUID], *, message_id: int) -> None:
    """Tie actions to the assistant message that showed them."""
    conn.execute("UPDATE copilot_actions SET message_id = %s WHERE id = ANY(%s)", (message_id, list(action_ids)))


def session_actions(conn: Conn, *, session_id: bytes) -> list[Action]:
    """Every action shown in the session, oldest first."""
    return conn.cursor(row_factory=class_row(Action)).execute(
        f"SELECT {ACTION_COLUMNS} FROM copilot_actions WHERE session_id = %s ORDER BY created_at, id",
        (session_id,),
    ).fetchall()


def get_action(conn: Conn, action_id: uuid.UUID, *, session_id: bytes) -> Action | None:
    return conn.cursor(row_factory=class_row(Action)).execute(
        f"SELECT {ACTION_COLUMNS} FROM copilot_actions WHERE id = %s AND session_id = %s",
        (action_id, session_id),
    ).fetchone()


def take(conn: Conn, action_id: uuid.UUID, *, session_id: bytes, status: Status, now: datetime) -> Action | None:
    """Move a pending, unexpired action of this session to `status` (done: the caller runs it
    in the same transaction); None when it is not there, already decided, or expired."""
    return conn.cursor(row_factory=class_row(Action)).execute(
        f"""UPDATE copilot_actions SET status = %s, decided_at = %s
            WHERE id = %s AND session_id = %s AND status = 'pending' AND expires_at > %s
            RETURNING {ACTION_COLUMNS}""",
        (status, now, action_id, session_id, now),
    ).fetchone()


def finish(conn: Conn, action_id: uuid.UUID, *, status: Status, result: str) -> None:
    """What came of a taken action (done, or failed with the reason)."""
    conn.execute("UPDATE copilot_actions SET status = %s, result = %s WHERE id = %s", (status, result, action_id))
