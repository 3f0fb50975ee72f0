"""What the agency's members ask, where their qualification stalls, which profiles draw
interest: aggregates for the console's Growth Brain page (bot/lead_platform/intelligence/agency.py).

Only aggregates leave these queries, and of a profile only its code and first name: never
a member's phone or name, never a profile's full name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psycopg.rows import class_row

from bot.core.connections import Conn

# The first question a member has not answered, as agents/qualification.py `missing_question`
# reads it (its QUESTIONS order; "any" answers stored in the metadata count as answered).
FIRST_MISSING = """CASE
    WHEN qualification_complete THEN 'qualified'
    WHEN gender IS NULL THEN 'gender'
    WHEN age IS NULL THEN 'age'
    WHEN city IS NULL THEN 'city'
    WHEN looking_for_gender IS NULL THEN 'looking_for_gender'
    WHEN preferred_age_min IS NULL AND metadata->>'age_range_any' IS DISTINCT FROM 'true' THEN 'age_range'
    WHEN preferred_city IS NULL AND metadata->>'preferred_city_any' IS DISTINCT FROM 'true' THEN 'preferred_city'
    ELSE 'qualified' END"""


@dataclass(frozen=True)
class Asked:
    """Inbound messages the bot read as one intent (`metadata.reading`, stored by each turn)."""

    intent: str
    messages: int


@dataclass(frozen=True)
class Topic:
    """A knowledge-base entry and how often its answer went out word for word."""

    entry_id: int
    topic: str
    category: str | None
    answers: int


@dataclass(frozen=True)
class Step:
    """Members whose next qualification question is `slot` ('qualified': none left);
    `stalled`: of them, those silent for the stall delay or opted out."""

    slot: str
    members: int
    stalled: int


@dataclass(frozen=True)
class ProfileInterest:
    """A profile's pull: shown, "intéressé" right after its card, introduction requests, paid."""

    code: str
    first_name: str
    shown: int
    interested: int
    requests: int
    paid: int


def asked(conn: Conn, *, since: datetime) -> list[Asked]:
    """Members' messages by the intent they were read as, most frequent first."""
    return conn.cursor(row_factory=class_row(Asked)).execute(
        """SELECT metadata->'reading'->>'intent' AS intent, count(*) AS messages
           FROM conversations
           WHERE direction = 'in' AND created_at >= %s AND metadata->'reading'->>'intent' IS NOT NULL
           GROUP BY 1 ORDER BY 2 DESC, 1""", (since,)).fetchall()


def faq_topics(conn: Conn, *, since: datetime, limit: int = 8) -> list[Topic]:
    """Knowledge-base entries by answers sent; an answer a model rephrased cannot be traced
    to its entry and is not counted."""
    return conn.cursor(row_factory=class_row(Topic)).execute(
        """SELECT k.id AS entry_id, coalesce(k.title, k.question) AS topic, k.category, count(*) AS answers
           FROM conversations c JOIN knowledge_base k ON k.answer = c.content
           WHERE c.direction = 'out' AND c.intent = 'faq' AND c.created_at >= %s
           GROUP BY k.id ORDER BY answers DESC, k.id LIMIT %s""", (since, limit)).fetchall()


def qualification(conn: Conn, *, since: datetime, stalled_before: datetime) -> list[Step]:
    """Members who started since `since` (minors refused left out), by the question they are at."""
    return conn.cursor(row_factory=class_row(Step)).execute(
        f"""SELECT slot, count(*) AS members,
                   count(*) FILTER (WHERE slot <> 'qualified'
                                      AND (opted_out OR coalesce(last_inbound_at, created_at) < %(stalled)s)) AS stalled
            FROM (SELECT {FIRST_MISSING} AS slot, opted_out, last_inbound_at, created_at FROM leads
                  WHERE created_at >= %(since)s AND status <> 'non_eligible') m
            GROUP BY slot""", {"since": since, "stalled": stalled_before}).fetchall()


PROFILES_SQL = """
WITH shown AS (
    SELECT profile_id, count(*) AS shown FROM profile_views WHERE shown_at >= %(since)s GROUP BY 1
), requests AS (
    SELECT profile_id, count(*) AS requests, count(*) FILTER (WHERE status IN ('paid', 'shared')) AS paid
    FROM contact_requests WHERE created_at >= %(since)s AND profile_id IS NOT NULL GROUP BY 1
), interested AS (
    -- a message read as "interest" is about the last profile card sent to that member before it
    SELECT card.profile_code, count(*) AS interested
    FROM conversations m
    CROSS JOIN LATERAL (
        SELECT o.profile_code FROM conversations o
        WHERE o.lead_id = m.lead_id AND o.direction = 'out' AND o.profile_code IS NOT NULL
          AND o.created_at <= m.created_at
        ORDER BY o.created_at DESC, o.id DESC LIMIT 1) card
    WHERE m.direction = 'in' AND m.created_at >= %(since)s AND m.metadata->'reading'->>'intent' = 'interest'
    GROUP BY 1
)
SELECT p.code, p.first_name, coalesce(s.shown, 0) AS shown, coalesce(i.interested, 0) AS interested,
       coalesce(r.requests, 0) AS requests, coalesce(r.paid, 0) AS paid
FROM profiles p
LEFT JOIN shown s ON s.profile_id = p.id
LEFT JOIN requests r ON r.profile_id = p.id
LEFT JOIN interested i ON i.profile_code = p.code
WHERE r.requests IS NOT NULL OR i.interested IS NOT NULL
ORDER BY requests DESC, interested DESC, shown DESC, p.code
LIMIT %(limit)s
"""


def profile_interest(conn: Conn, *, since: datetime, limit: int = 10) -> list[ProfileInterest]:
    """The profiles members asked to meet or said they liked, most wanted first."""
    return conn.cursor(row_factory=class_row(ProfileInterest)).execute(
        PROFILES_SQL, {"since": since, "limit": limit}).fetchall()


def members_since(conn: Conn, *, since: datetime) -> tuple[int, int]:
    """(members who wrote, their messages) since `since`."""
    row = conn.execute(
        "SELECT count(DISTINCT lead_id) AS members, count(*) AS messages FROM conversations "
        "WHERE direction = 'in' AND created_at >= %s", (since,)).fetchone()
    assert row is not None  # an aggregate
    return int(row["members"]), int(row["messages"])
