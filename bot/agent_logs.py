"""Repository for agent_logs: one row per agent run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import psycopg


def record_agent_runs(conn: psycopg.Connection, *, lead_id: int | None, runs: Iterable[Mapping[str, Any]]) -> None:
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
