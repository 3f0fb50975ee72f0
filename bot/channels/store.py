"""Repository functions the channel layer needs beyond conversations: configuration and logs."""

from __future__ import annotations

import json
from typing import Any

import psycopg
from psycopg.rows import dict_row


def get_configuration(conn: psycopg.Connection, key: str, default: Any = None) -> Any:
    """The JSON value of one configuration key (default when missing or null)."""
    row = conn.cursor(row_factory=dict_row).execute(
        "SELECT value FROM configuration WHERE key = %s", (key,)).fetchone()
    if row is None or row["value"] is None:
        return default
    return row["value"]


def all_configuration(conn: psycopg.Connection) -> dict[str, Any]:
    """The agency's whole `configuration` table as a dict."""
    rows = conn.cursor(row_factory=dict_row).execute("SELECT key, value FROM configuration")
    return {row["key"]: row["value"] for row in rows}


def insert_log(
    conn: psycopg.Connection, *, source: str, message: str, level: str = "info",
    context: dict[str, Any] | None = None, lead_id: int | None = None,
) -> int:
    """One row of `logs` (the console lists alerts and delivery problems from here)."""
    row = conn.cursor(row_factory=dict_row).execute(
        """INSERT INTO logs (level, source, message, context, lead_id)
           VALUES (%s, %s, %s, %s, %s) RETURNING id""",
        (level, source, message, json.dumps(context or {}, default=str), lead_id),
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING always returns the row
    return int(row["id"])
