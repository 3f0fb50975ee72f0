"""Enrichment results and the learning records (feedback_tracking, performance_metrics).

The predictions and their outcomes are in feedback.py; here, the other feedback rows (an
e-mail sent) and the metrics of what the platform does: `ai_analysis`, `lead_processing`,
`email_response` from the jobs, `api_response` from the lead API (in batches)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from bot.core.connections import AsyncConn, Conn
from bot.core.db import aservice_transaction
from bot.lead_platform.store.leads import LEAD_COLUMNS

APPLY_SQL = f"""
UPDATE lead_memory SET
    ai_summary = %(summary)s::text, intent = %(intent)s::text, tone = %(tone)s::text,
    urgency = %(urgency)s::text, confidence_score = %(confidence)s::numeric,
    language = coalesce(language, %(language)s::text),
    tone_history = tone_history || jsonb_build_array(jsonb_build_object('value', %(tone)s::text, 'at', now())),
    confidence_history = confidence_history
        || jsonb_build_array(jsonb_build_object('value', %(confidence)s::numeric, 'at', now())),
    urgency_history = urgency_history
        || jsonb_build_array(jsonb_build_object('value', %(urgency)s::text, 'at', now())),
    updated_at = now()
WHERE id = %(id)s
RETURNING {LEAD_COLUMNS}
"""


def apply_analysis(conn: Conn, lead_id: uuid.UUID | str, analysis: dict[str, Any]) -> dict[str, Any] | None:
    """Write an analysis onto the lead and append to its histories (tenant)."""
    return conn.execute(APPLY_SQL, {**analysis, "id": lead_id}).fetchone()


def record_feedback(conn: Conn, *, client_id: uuid.UUID | str, lead_id: uuid.UUID | str | None,
                    action_type: str, outcome: str, confidence: float | None = None,
                    context: dict[str, Any] | None = None, notes_en: str | None = None,
                    notes_fr: str | None = None) -> uuid.UUID:
    """A feedback_tracking row (expires after a year, the column default); its id."""
    row = conn.execute(
        """INSERT INTO feedback_tracking (lead_id, client_id, action_type, outcome, confidence_score,
                                          context_data, notes, notes_en, notes_fr)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id""",
        (lead_id, client_id, action_type, outcome, confidence, json.dumps(context or {}, default=str),
         notes_en, notes_en, notes_fr),
    ).fetchone()
    assert row is not None
    return row["id"]


def record_metric(conn: Conn, *, client_id: uuid.UUID | str, event_type: str,
                  response_time_ms: int, success: bool, source: str,
                  metadata: dict[str, Any] | None = None, error_en: str | None = None,
                  error_fr: str | None = None) -> None:
    """A performance_metrics row: response time and success of one operation."""
    conn.execute(
        """INSERT INTO performance_metrics (event_type, metric_name, metric_value, metric_unit,
               response_time_ms, success_rate, error_count, source_component, client_id, metadata,
               error_message_en, error_message_fr)
           VALUES (%s, 'response_time', %s, 'ms', %s, %s, %s, %s, %s, %s, %s, %s)""",
        (event_type, response_time_ms, response_time_ms, 1.0 if success else 0.0, 0 if success else 1,
         source, client_id, json.dumps(metadata or {}, default=str), error_en, error_fr),
    )


def record_action(conn: Conn, *, lead: dict[str, Any], action_type: str,
                  performed_by: str) -> None:
    """A system action in the lead's journal (e.g. the auto-reply was sent)."""
    conn.execute(
        "INSERT INTO lead_actions (lead_id, client_id, action_type, performed_by, is_test) "
        "VALUES (%s, %s, %s, %s, %s)",
        (lead["id"], lead["client_id"], action_type, performed_by, lead["is_test"]),
    )


def has_action(conn: Conn, lead_id: uuid.UUID | str, action_type: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM lead_actions WHERE lead_id = %s AND action_type = %s LIMIT 1", (lead_id, action_type)
    ).fetchone() is not None


API_RESPONSE_SQL = """
INSERT INTO performance_metrics (event_type, metric_name, metric_value, metric_unit, response_time_ms, success_rate,
                                 error_count, source_component, client_id, recorded_at, metadata)
SELECT 'api_response', 'response_time', r.ms, 'ms', r.ms, CASE WHEN r.status < 400 THEN 1 ELSE 0 END,
       CASE WHEN r.status >= 500 THEN 1 ELSE 0 END, 'lead_api', r.client_id, r.at,
       jsonb_build_object('endpoint', r.endpoint, 'method', r.method, 'status', r.status)
FROM jsonb_to_recordset(%s::jsonb) AS r(ms int, status int, client_id uuid, at timestamptz, endpoint text, method text)
"""


async def arecord_api_responses(conn: AsyncConn, responses: list[dict[str, Any]]) -> None:
    """`api_response` rows of the lead API, many in one statement (service role: they span
    tenants). Each response: ms, status, endpoint (the route's path template), method,
    client_id, at."""
    async with aservice_transaction(conn):
        await conn.execute(API_RESPONSE_SQL, (json.dumps(responses, default=str),))
