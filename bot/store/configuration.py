"""Repository for the agency's `configuration` table (key -> JSON value)."""

from __future__ import annotations

from typing import Any

from psycopg.rows import dict_row

from bot.core.connections import Conn


def get_configuration(conn: Conn, key: str, default: Any = None) -> Any:
    """The JSON value of one configuration key (default when missing or null)."""
    row = conn.cursor(row_factory=dict_row).execute(
        "SELECT value FROM configuration WHERE key = %s", (key,)).fetchone()
    if row is None or row["value"] is None:
        return default
    return row["value"]


def all_configuration(conn: Conn) -> dict[str, Any]:
    """The agency's whole `configuration` table as a dict."""
    rows = conn.cursor(row_factory=dict_row).execute("SELECT key, value FROM configuration")
    return {row["key"]: row["value"] for row in rows}
