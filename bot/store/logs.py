"""Repository for `logs` (alerts, delivery problems, maskings) and `agent_logs` (agent runs)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from psycopg.rows import dict_row

from bot.core.connections import Conn


def insert_log(
    conn: Conn, *, source: str, message: str, level: str = "info",
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


def record_agent_runs(conn: Conn, *, lead_id: int | None, runs: Iterable[Mapping[str, Any]]) -> None:
    """Store what each agent of a turn did (duration, success, error)."""
    rows = [
        (lead_id, r["agent"], r.get("input"), r.get("output"), r.get("duration_ms", 0),
         r.get("success", True), r.get("error"))
        for r in runs
    ]
    if rows:
        with conn.cursor() as cur:
            cur.executemany(
                """INSERT INTO agent_logs (lead_id, agent_name, input_summary, output_summary,
                                           duration_ms, success, error_message)
                   VALUES (%s, %s, %s, %s, %s, %s, %s)""",
                rows,
            )
