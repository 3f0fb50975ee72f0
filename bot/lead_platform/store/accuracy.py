"""Prediction accuracy from the scored predictions (feedback_tracking → performance_metrics).

`apply` is the `learning_feedback` job's work for one client, in its tenant transaction:
it takes the client's scored predictions not yet applied, recomputes the accuracy of every
day they were made on from all the scored predictions of those days, replaces that day's
accuracy rows, gives each prompt call its prediction's accuracy (`prompt_performance.
accuracy_score`) and marks the rows applied. Recomputing whole days from the current
verdicts (rather than adding each batch) is what makes it idempotent and keeps a
re-scored prediction from counting twice; one transaction makes a failed run leave nothing.

An accuracy row is `performance_metrics` with event `ai_analysis`, metric `accuracy`,
source `learning_feedback`, dated (`recorded_at`) at midnight UTC of the day the
predictions were made: `ai_accuracy` = right / judged (a field is right when its error is
0: an urgency one level off is wrong), `metric_value` the same in percent, `error_count`
the wrong ones, and in `metadata` the dimension and key, `judged`, `correct`, the mean
error and the mean learning impact. Dimensions: `intent` and `urgency` of lead analyses
(key `all`), `understanding` of the bot's readings (key `all` and each predicted intent),
`prompt` (key: the registry variant that made the prediction, every judged field counted).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.core.connections import Conn
from bot.core.db import switch_to_service

SOURCE = "learning_feedback"
BATCH = 5000  # predictions applied per client and run; the rest wait for the next run

_PENDING_SQL = """
SELECT id, (created_at AT TIME ZONE 'UTC')::date AS day FROM feedback_tracking
WHERE NOT learning_applied AND learning_impact IS NOT NULL
ORDER BY created_at LIMIT %s FOR UPDATE SKIP LOCKED
"""
# Every judged field of the scored predictions made on the given days, under each dimension it counts in.
_JUDGED_CTE = """
WITH judged AS (
    SELECT (f.created_at AT TIME ZONE 'UTC')::date AS day, f.context_data->>'kind' AS kind, e.key AS field,
           (e.value->>'error')::numeric AS error, f.learning_impact,
           f.context_data->'prediction'->>'intent' AS predicted_intent,
           f.context_data->'prompt'->>'variant_id' AS variant
    FROM feedback_tracking f CROSS JOIN LATERAL jsonb_each(f.context_data->'evidence') e
    WHERE f.learning_impact IS NOT NULL AND f.created_at >= %(first)s AND f.created_at < %(end)s
      AND (f.created_at AT TIME ZONE 'UTC')::date = ANY(%(days)s)
), counted AS (
    SELECT day, 'intent' AS dimension, 'all' AS key, error, learning_impact FROM judged
        WHERE kind = 'lead_analysis' AND field = 'intent'
    UNION ALL SELECT day, 'urgency', 'all', error, learning_impact FROM judged
        WHERE kind = 'lead_analysis' AND field = 'urgency'
    UNION ALL SELECT day, 'understanding', 'all', error, learning_impact FROM judged WHERE kind = 'understanding'
    UNION ALL SELECT day, 'understanding', predicted_intent, error, learning_impact FROM judged
        WHERE kind = 'understanding' AND predicted_intent IS NOT NULL
    UNION ALL SELECT day, 'prompt', variant, error, learning_impact FROM judged WHERE variant IS NOT NULL
)
"""
_INSERT_SQL = _JUDGED_CTE + """
INSERT INTO performance_metrics (event_type, metric_name, metric_value, metric_unit, ai_accuracy, error_count,
                                 source_component, client_id, recorded_at, metadata)
SELECT 'ai_analysis', 'accuracy', round(100.0 * correct / judged, 1), 'percent', round(correct::numeric / judged, 3),
       judged - correct, %(source)s, %(client_id)s, day::timestamp AT TIME ZONE 'UTC',
       jsonb_build_object('dimension', dimension, 'key', key, 'day', day, 'judged', judged, 'correct', correct,
                          'mean_error', mean_error, 'mean_learning_impact', mean_learning_impact)
FROM (SELECT day, dimension, key, count(*) AS judged, count(*) FILTER (WHERE error = 0) AS correct,
             round(avg(error), 3) AS mean_error, round(avg(learning_impact), 3) AS mean_learning_impact
      FROM counted GROUP BY day, dimension, key) s
"""
# A prompt call's accuracy: 1 − the mean error of the fields its prediction was judged on.
_PROMPT_SQL = """
UPDATE prompt_performance p SET accuracy_score = s.accuracy
FROM (SELECT f.id, round(1 - avg((e.value->>'error')::numeric), 3) AS accuracy
      FROM feedback_tracking f CROSS JOIN LATERAL jsonb_each(f.context_data->'evidence') e
      WHERE f.id = ANY(%s) GROUP BY f.id) s
WHERE p.feedback_id = s.id AND p.accuracy_score IS DISTINCT FROM s.accuracy
"""


@dataclass(frozen=True)
class Applied:
    predictions: int
    days: int
    metric_rows: int
    prompt_calls: int


def apply(conn: Conn, *, client_id: uuid.UUID | str, limit: int = BATCH) -> Applied:
    """Fold the client's newly scored predictions into its daily accuracy (tenant transaction;
    it goes on as the service role for the prompt calls of the agency's bot, whose rows have
    no client)."""
    pending = conn.execute(_PENDING_SQL, (limit,)).fetchall()
    if not pending:
        return Applied(0, 0, 0, 0)
    ids = [r["id"] for r in pending]
    days = sorted({r["day"] for r in pending})
    starts = [_midnight(d) for d in days]
    conn.execute("DELETE FROM performance_metrics WHERE client_id = %s AND recorded_at = ANY(%s::timestamptz[]) "
                 "AND source_component = %s AND event_type = 'ai_analysis' AND metric_name = 'accuracy'",
                 (client_id, starts, SOURCE))
    written = conn.execute(_INSERT_SQL, {"source": SOURCE, "client_id": client_id, "days": days,
                                         "first": starts[0], "end": _midnight(days[-1] + timedelta(days=1))}).rowcount
    conn.execute("UPDATE feedback_tracking SET learning_applied = TRUE, processed_at = now() WHERE id = ANY(%s)",
                 (ids,))
    switch_to_service(conn)  # only this client's predictions' calls: ids are its own rows
    calls = conn.execute(_PROMPT_SQL, (ids,)).rowcount
    return Applied(len(ids), len(days), written, calls)


def _midnight(day: date) -> str:
    return f"{day.isoformat()} 00:00:00+00"


@dataclass(frozen=True)
class WeeklyAccuracy:
    """Accuracy of one dimension over the last 7 days and the 7 before (None: nothing judged)."""

    dimension: str
    this_week: float | None
    this_week_judged: int
    last_week: float | None
    last_week_judged: int


def weekly(conn: Conn, *, today: date, dimensions: tuple[str, ...] = ("intent", "urgency")) -> list[WeeklyAccuracy]:
    """The table the dashboard and the console show: this week (today and the 6 days before)
    against the week before, from the daily accuracy rows the tenant (or the service) sees."""
    this_start = today - timedelta(days=6)
    last_start = this_start - timedelta(days=7)
    rows = conn.execute(
        """SELECT metadata->>'dimension' AS dimension,
                  coalesce(sum((metadata->>'correct')::int) FILTER (WHERE recorded_at >= %(this)s::timestamptz), 0) AS tc,
                  coalesce(sum((metadata->>'judged')::int) FILTER (WHERE recorded_at >= %(this)s::timestamptz), 0) AS tj,
                  coalesce(sum((metadata->>'correct')::int) FILTER (WHERE recorded_at < %(this)s::timestamptz), 0) AS lc,
                  coalesce(sum((metadata->>'judged')::int) FILTER (WHERE recorded_at < %(this)s::timestamptz), 0) AS lj
           FROM performance_metrics
           WHERE event_type = 'ai_analysis' AND metric_name = 'accuracy' AND source_component = %(source)s
             AND metadata->>'key' = 'all' AND metadata->>'dimension' = ANY(%(dimensions)s)
             AND recorded_at >= %(last)s::timestamptz AND recorded_at < %(end)s::timestamptz
           GROUP BY 1""",
        {"this": _midnight(this_start), "last": _midnight(last_start), "end": _midnight(today + timedelta(days=1)),
         "source": SOURCE, "dimensions": list(dimensions)},
    ).fetchall()
    found: dict[str, dict[str, Any]] = {r["dimension"]: r for r in rows}
    nothing = {"tc": 0, "tj": 0, "lc": 0, "lj": 0}

    def rate(correct: int, judged: int) -> float | None:
        return round(correct / judged, 3) if judged else None

    weeks = []
    for dimension in dimensions:
        r = found.get(dimension, nothing)
        weeks.append(WeeklyAccuracy(dimension, rate(int(r["tc"]), int(r["tj"])), int(r["tj"]),
                                    rate(int(r["lc"]), int(r["lj"])), int(r["lj"])))
    return weeks
