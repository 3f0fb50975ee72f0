"""Repository for `web_sessions`: the server-side sessions of the console and the dashboard.

A browser holds a random token; the table holds its SHA-256 (the session id) and whose
session it is: an admin (`admin_id`) or a client of the lead platform (`client_id`).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from psycopg import sql
from psycopg.rows import class_row

from bot.core.connections import Conn

# last_seen_at is written at most this often per session: the idle timeout needs no finer
# grain, and a write on every request would double the cost of the check.
TOUCH_EVERY = timedelta(seconds=60)
# Revoked and expired rows stay this long (who was signed in from where, for an
# investigation), then the retention job deletes them.
KEEP_ENDED = timedelta(days=30)

_COLUMNS = "id, admin_id, client_id, created_at, last_seen_at, expires_at, user_agent"


@dataclass(frozen=True)
class WebSession:
    """One live session (never carries the token)."""

    id: bytes
    admin_id: int | None
    client_id: uuid.UUID | None
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str | None


def session_id(token: str) -> bytes:
    """The stored id of a browser's token."""
    return hashlib.sha256(token.encode()).digest()


def _owner(admin_id: int | None, client_id: uuid.UUID | None) -> tuple[sql.Identifier, object]:
    """The owning column and value: exactly one of admin_id and client_id."""
    if (admin_id is None) == (client_id is None):
        raise ValueError("a session belongs to exactly one admin or one client")
    return (sql.Identifier("admin_id"), admin_id) if admin_id is not None else (sql.Identifier("client_id"), client_id)


def create(
    conn: Conn, *, token: str, lifetime: timedelta, user_agent: str | None,
    admin_id: int | None = None, client_id: uuid.UUID | None = None,
) -> None:
    """Record a new session for one admin or one client, ending after `lifetime` at the latest."""
    _owner(admin_id, client_id)
    conn.execute(
        """INSERT INTO web_sessions (id, admin_id, client_id, expires_at, user_agent)
           VALUES (%s, %s, %s, now() + %s, %s)""",
        (session_id(token), admin_id, client_id, lifetime, (user_agent or "")[:255] or None),
    )


def find_live(conn: Conn, token: str, *, idle: timedelta) -> WebSession | None:
    """The session of a token when it is still live, marked as seen: one primary-key lookup."""
    return (
        conn.cursor(row_factory=class_row(WebSession))
        .execute(
            f"""WITH live AS (
                    SELECT {_COLUMNS} FROM web_sessions
                    WHERE id = %(id)s AND revoked_at IS NULL AND expires_at > now()
                      AND last_seen_at > now() - %(idle)s),
                touched AS (
                    UPDATE web_sessions s SET last_seen_at = now() FROM live
                    WHERE s.id = live.id AND live.last_seen_at < now() - %(touch)s)
                SELECT {_COLUMNS} FROM live""",
            {"id": session_id(token), "idle": idle, "touch": TOUCH_EVERY},
        )
        .fetchone()
    )


def list_live(
    conn: Conn, *, idle: timedelta, admin_id: int | None = None, client_id: uuid.UUID | None = None
) -> list[WebSession]:
    """The live sessions of one account, most recently seen first."""
    column, value = _owner(admin_id, client_id)
    query = sql.SQL(
        "SELECT {cols} FROM web_sessions WHERE {col} = %s AND revoked_at IS NULL AND expires_at > now() "
        "AND last_seen_at > now() - %s ORDER BY last_seen_at DESC"
    ).format(cols=sql.SQL(_COLUMNS), col=column)
    return conn.cursor(row_factory=class_row(WebSession)).execute(query, (value, idle)).fetchall()


def revoke(conn: Conn, token: str) -> bool:
    """End one session (logout); False when it had already ended."""
    return conn.execute(
        "UPDATE web_sessions SET revoked_at = now() WHERE id = %s AND revoked_at IS NULL", (session_id(token),)
    ).rowcount == 1


def revoke_account(
    conn: Conn, *, admin_id: int | None = None, client_id: uuid.UUID | None = None, keep: bytes | None = None
) -> int:
    """End every session of one account but `keep` (the one changing its password); the count."""
    column, value = _owner(admin_id, client_id)
    query = sql.SQL(
        "UPDATE web_sessions SET revoked_at = now() WHERE {col} = %s AND revoked_at IS NULL "
        "AND id IS DISTINCT FROM %s"
    ).format(col=column)
    return conn.execute(query, (value, keep)).rowcount


def purge(conn: Conn) -> int:
    """Delete sessions that ended more than KEEP_ENDED ago (the retention job)."""
    return conn.execute(
        "DELETE FROM web_sessions WHERE least(expires_at, revoked_at) < now() - %s", (KEEP_ENDED,)
    ).rowcount
