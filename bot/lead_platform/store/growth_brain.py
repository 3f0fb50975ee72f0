"""The Growth Brain's SQL: one client's lead figures as aggregates, and its `growth_brain` row.

Runs in the client's tenant transaction: RLS keeps every other client's rows out whatever
the WHERE clauses say (they name the client too, for the indexes). Nothing here loads
leads into Python: each query answers a few dozen aggregate rows at most (one per intent,
tone, urgency level, language and week).

Leads analysed: the client's active leads (neither archived nor deleted), test leads
(posted with a test key) left out, created up to the analysis time.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.connections import Conn
from bot.lead_platform.store.leads import CONVERTED_TAG

WEEKS = 12  # the weekly series cover this many 7-day windows ending at the analysis time
# Actions the service records by itself; any other action on a lead is the business's doing.
SYSTEM_ACTIONS = ("created", "email_sent", "outreach_reply")
FOLLOW_UP_HOURS = 24  # a lead handled within this long of its arrival was handled quickly

_ACTIVE = """
SELECT id, intent, tone, urgency, language, confidence_score, current_tag, created_at,
       least(floor(extract(epoch FROM %(now)s - created_at) / 604800), %(weeks)s)::int AS weeks_ago
FROM lead_memory
WHERE client_id = %(client)s AND NOT archived AND NOT deleted AND NOT is_test AND created_at <= %(now)s
"""

# One pass over the leads, grouped five ways at once (and once in total).
DIMENSIONS_SQL = f"""
WITH active AS ({_ACTIVE})
SELECT CASE WHEN GROUPING(intent) = 0 THEN 'intent' WHEN GROUPING(tone) = 0 THEN 'tone'
            WHEN GROUPING(urgency) = 0 THEN 'urgency' WHEN GROUPING(language) = 0 THEN 'language'
            WHEN GROUPING(weeks_ago) = 0 THEN 'week' ELSE 'total' END AS dimension,
       coalesce(intent, tone, urgency, language, weeks_ago::text) AS value,
       count(*) AS leads,
       count(*) FILTER (WHERE urgency = 'Élevée') AS high_urgency,
       count(urgency) AS with_urgency,
       count(confidence_score) AS with_confidence,
       avg(confidence_score)::float AS avg_confidence,
       count(*) FILTER (WHERE intent IS NULL) AS unanalysed,
       min(created_at) AS first_at
FROM active
GROUP BY GROUPING SETS ((intent), (tone), (urgency), (language), (weeks_ago), ())
"""

INTENT_LABELS_SQL = """
SELECT intent_en, intent_fr, category FROM intent_translations WHERE intent_en = ANY(%(intents)s)
"""

# What the business did with its leads, and what its outreach e-mails to them drew.
ACTIVITY_SQL = f"""
WITH active AS ({_ACTIVE}),
acted AS (
    SELECT lead_id,
           min(timestamp) FILTER (WHERE action_type <> ALL(%(system)s)) AS first_action_at,
           bool_or(action_type = 'reverted') AS reverted
    FROM lead_actions WHERE client_id = %(client)s AND timestamp <= %(now)s
    GROUP BY lead_id
),
mailed AS (
    SELECT lead_id, bool_or(replied_at IS NOT NULL AND replied_at <= %(now)s) AS replied
    FROM outreach_emails
    WHERE client_id = %(client)s AND lead_id IS NOT NULL AND sent_at IS NOT NULL AND sent_at <= %(now)s
    GROUP BY lead_id
)
SELECT count(a.first_action_at) AS handled,
       count(*) FILTER (WHERE a.first_action_at <= l.created_at + make_interval(hours => %(hours)s))
           AS handled_within_day,
       count(*) FILTER (WHERE l.current_tag = %(converted)s) AS converted,
       count(*) FILTER (WHERE a.reverted) AS reverted,
       count(m.lead_id) AS emailed,
       count(*) FILTER (WHERE m.replied) AS replied
FROM active l
LEFT JOIN acted a ON a.lead_id = l.id
LEFT JOIN mailed m ON m.lead_id = l.id
"""


@dataclass(frozen=True)
class Count:
    """Leads with one value of a dimension (an intent, a tone…); intents (stored in English)
    carry their French label and their category from intent_translations."""

    value: str
    leads: int
    label_fr: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class Week:
    """Leads that arrived in one 7-day window, `weeks_ago` 0 being the last 7 days."""

    weeks_ago: int
    leads: int = 0
    high_urgency: int = 0
    with_urgency: int = 0
    with_confidence: int = 0
    avg_confidence: float | None = None


@dataclass(frozen=True)
class Activity:
    """Counts over the analysed leads: handled by the business (any action of theirs),
    handled within FOLLOW_UP_HOURS, converted now, conversions reverted, sent an outreach
    e-mail, replied to one."""

    handled: int = 0
    handled_within_day: int = 0
    converted: int = 0
    reverted: int = 0
    emailed: int = 0
    replied: int = 0


@dataclass(frozen=True)
class LeadFigures:
    """Everything the Growth Brain is computed from, as aggregates."""

    total: int
    unanalysed: int  # not enriched yet (no intent)
    first_lead_at: datetime | None
    avg_confidence: float | None  # over every analysed lead, whatever its week
    intents: tuple[Count, ...]  # most frequent first (ties by name)
    tones: tuple[Count, ...]
    urgencies: dict[str, int]  # stored level ('Élevée', 'Moyenne', 'Faible') -> leads
    languages: dict[str, int]
    weeks: tuple[Week, ...]  # weeks_ago 0 .. WEEKS - 1, every window present
    activity: Activity


def _ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (-int(r["leads"]), r["value"]))


def lead_figures(conn: Conn, *, client_id: uuid.UUID | str, now: datetime) -> LeadFigures:
    """The client's lead figures at `now` (tenant transaction)."""
    params = {"client": client_id, "now": now, "weeks": WEEKS}
    rows = conn.execute(DIMENSIONS_SQL, params).fetchall()
    by: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["value"] is not None or row["dimension"] == "total":
            by.setdefault(row["dimension"], []).append(row)
    total = by["total"][0]  # an aggregate without GROUP BY columns always answers one row
    intents = _ranked(by.get("intent", []))
    labels = {r["intent_en"]: r for r in conn.execute(
        INTENT_LABELS_SQL, {"intents": [r["value"] for r in intents]}).fetchall()}
    weeks = {int(r["value"]): r for r in by.get("week", [])}
    activity = conn.execute(ACTIVITY_SQL, {**params, "system": list(SYSTEM_ACTIONS), "hours": FOLLOW_UP_HOURS,
                                           "converted": CONVERTED_TAG}).fetchone()
    assert activity is not None  # an aggregate
    return LeadFigures(
        total=int(total["leads"]), unanalysed=int(total["unanalysed"]), first_lead_at=total["first_at"],
        avg_confidence=total["avg_confidence"],
        intents=tuple(Count(r["value"], int(r["leads"]), labels.get(r["value"], {}).get("intent_fr"),
                            labels.get(r["value"], {}).get("category")) for r in intents),
        tones=tuple(Count(r["value"], int(r["leads"])) for r in _ranked(by.get("tone", []))),
        urgencies={r["value"]: int(r["leads"]) for r in by.get("urgency", [])},
        languages={r["value"]: int(r["leads"]) for r in by.get("language", [])},
        weeks=tuple(_week(n, weeks.get(n)) for n in range(WEEKS)),
        activity=Activity(**{k: int(v) for k, v in activity.items()}),
    )


def _week(weeks_ago: int, row: dict[str, Any] | None) -> Week:
    if row is None:
        return Week(weeks_ago)
    return Week(weeks_ago, leads=int(row["leads"]), high_urgency=int(row["high_urgency"]),
                with_urgency=int(row["with_urgency"]), with_confidence=int(row["with_confidence"]),
                avg_confidence=row["avg_confidence"])


BRAIN_COLUMNS = """client_id, analysis_period_start, analysis_period_end, total_leads, top_intents,
    urgency_distribution, urgency_trend_percentage, tone_distribution, tone_sentiment_score, avg_confidence,
    confidence_trajectory, language_ratio, engagement_score, predictive_insights, details, analyzed_at"""
_JSON_COLUMNS = ("top_intents", "urgency_distribution", "tone_distribution", "confidence_trajectory",
                 "language_ratio", "predictive_insights", "details")

SAVE_SQL = f"""
INSERT INTO growth_brain ({BRAIN_COLUMNS})
VALUES (%(client_id)s, %(analysis_period_start)s, %(analysis_period_end)s, %(total_leads)s, %(top_intents)s,
        %(urgency_distribution)s, %(urgency_trend_percentage)s, %(tone_distribution)s, %(tone_sentiment_score)s,
        %(avg_confidence)s, %(confidence_trajectory)s, %(language_ratio)s, %(engagement_score)s,
        %(predictive_insights)s, %(details)s, %(analyzed_at)s)
ON CONFLICT (client_id) DO UPDATE SET
    analysis_period_start = EXCLUDED.analysis_period_start, analysis_period_end = EXCLUDED.analysis_period_end,
    total_leads = EXCLUDED.total_leads, top_intents = EXCLUDED.top_intents,
    urgency_distribution = EXCLUDED.urgency_distribution,
    urgency_trend_percentage = EXCLUDED.urgency_trend_percentage, tone_distribution = EXCLUDED.tone_distribution,
    tone_sentiment_score = EXCLUDED.tone_sentiment_score, avg_confidence = EXCLUDED.avg_confidence,
    confidence_trajectory = EXCLUDED.confidence_trajectory, language_ratio = EXCLUDED.language_ratio,
    engagement_score = EXCLUDED.engagement_score, predictive_insights = EXCLUDED.predictive_insights,
    details = EXCLUDED.details, analyzed_at = EXCLUDED.analyzed_at
RETURNING {BRAIN_COLUMNS}
"""


def save_brain(conn: Conn, row: dict[str, Any]) -> dict[str, Any]:
    """Upsert the client's one growth_brain row (keyed by client_id); the stored row (tenant)."""
    values = {k: json.dumps(v, default=str) if k in _JSON_COLUMNS else v for k, v in row.items()}
    stored = conn.execute(SAVE_SQL, values).fetchone()
    assert stored is not None
    return stored


def load_brain(conn: Conn, client_id: uuid.UUID | str) -> dict[str, Any] | None:
    """The client's growth_brain row, or None before its first analysis (tenant)."""
    return conn.execute(f"SELECT {BRAIN_COLUMNS} FROM growth_brain WHERE client_id = %s", (client_id,)).fetchone()


def last_analysed_at(conn: Conn, client_id: uuid.UUID | str) -> datetime | None:
    """When the client was last analysed (tenant)."""
    row = conn.execute("SELECT analyzed_at FROM growth_brain WHERE client_id = %s", (client_id,)).fetchone()
    return row["analyzed_at"] if row else None


def clients_with_active_leads(conn: Conn) -> list[uuid.UUID]:
    """Clients with at least one lead the analysis would count (service role, across tenants)."""
    rows = conn.execute(
        """SELECT c.client_id FROM clients c
           WHERE EXISTS (SELECT 1 FROM lead_memory l WHERE l.client_id = c.client_id
                                                      AND NOT l.archived AND NOT l.deleted AND NOT l.is_test)
           ORDER BY c.created_at, c.client_id"""
    ).fetchall()
    return [r["client_id"] for r in rows]
