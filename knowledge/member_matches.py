"""Matching read the other way: for members, the newest profiles added since they joined
that suit them (the "new compatible profile" alerts of member outreach).

`knowledge.profiles.match_profiles` asks which profiles suit one member; an alert asks, for
many members at once, whether a profile added lately suits them. The hard constraints are
the same, both ways, written here in SQL over the member's own columns (a test keeps the two
in agreement): an active profile of the gender the member seeks, whose age is in the
member's range, whose own search range holds the member's age, in the member's city (or
the other cities they accepted) when they asked for one, and not of a religion, nor with
children, that the member turned profiles down for. Never a profile the member was shown
(`profile_views`) or already alerted to (`member_outreach`).

Per member, the catalogue is walked newest first (the partial index on (gender,
created_at) of 0017) and the walk stops at the first profile that passes: a handful of
rows when few profiles are new, and still a short walk after a bulk import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from psycopg import sql
from psycopg.rows import dict_row

from bot.core.connections import Conn
from knowledge.profiles import PROFILE_COLUMNS, Profile
from knowledge.text import ACCENTED, PLAIN


def _folded(expression: sql.Composable) -> sql.Composable:
    """SQL for knowledge.text.fold of a text expression (the same translate the city filter uses)."""
    return sql.SQL("btrim(translate(lower({}), {}, {}))").format(
        expression, sql.Literal(ACCENTED), sql.Literal(PLAIN))


def _json_list(key: str) -> sql.Composable:
    """The member's metadata list under `key` as rows of text (none when it is not a list)."""
    value = sql.SQL("l.metadata -> {}").format(sql.Literal(key))
    return sql.SQL(
        "jsonb_array_elements_text(CASE WHEN jsonb_typeof({v}) = 'array' THEN {v} ELSE '[]'::jsonb END)"
    ).format(v=value)


# The member `l` may be shown the profile `p` (the hard constraints of _match_filter, both ways).
SUITS = sql.SQL(
    """p.status = 'active'
       AND p.gender = l.looking_for_gender
       AND (l.preferred_age_min IS NULL OR p.age >= l.preferred_age_min)
       AND (l.preferred_age_max IS NULL OR p.age <= l.preferred_age_max)
       AND (l.age IS NULL OR ((p.search_age_min IS NULL OR p.search_age_min <= l.age)
                              AND (p.search_age_max IS NULL OR p.search_age_max >= l.age)))
       AND (l.preferred_city IS NULL OR btrim(l.preferred_city) = ''
            OR {profile_city} IN (SELECT {city} FROM {also_cities} AS c
                                  UNION ALL SELECT {preferred_city}))
       AND NOT EXISTS (SELECT 1 FROM {religions} AS r WHERE lower(r) = lower(p.religion))
       AND (l.metadata -> 'without_children' IS DISTINCT FROM 'true'::jsonb
            OR coalesce(p.children, 0) = 0)"""
).format(
    profile_city=_folded(sql.SQL("p.city")), city=_folded(sql.SQL("c")),
    also_cities=_json_list("also_cities"), preferred_city=_folded(sql.SQL("l.preferred_city")),
    religions=_json_list("exclude_religions"),
)

NEWEST_MATCHES = sql.SQL(
    """SELECT l.id AS lead_id, {cols}
       FROM leads l
       CROSS JOIN LATERAL (
           SELECT p.id FROM profiles p
           WHERE p.created_at > greatest(%(since)s, l.created_at) AND {suits}
             AND NOT EXISTS (SELECT 1 FROM profile_views v WHERE v.lead_id = l.id AND v.profile_id = p.id)
             AND NOT EXISTS (SELECT 1 FROM member_outreach o WHERE o.lead_id = l.id AND o.profile_id = p.id)
           ORDER BY p.created_at DESC, p.id DESC
           LIMIT 1
       ) newest
       JOIN profiles p ON p.id = newest.id
       WHERE l.id = ANY(%(leads)s)
       ORDER BY l.id
       LIMIT %(limit)s"""
).format(cols=PROFILE_COLUMNS, suits=SUITS)


@dataclass(frozen=True)
class NewMatch:
    """A profile added lately that suits a member and was never proposed to them."""

    lead_id: int
    profile: Profile


def newest_matches(
    conn: Conn, *, lead_ids: Sequence[int], added_since: datetime, limit: int | None = None
) -> list[NewMatch]:
    """For each of these members (the first `limit` who have one, by id), the newest suitable
    profile added after `added_since` and after the member joined (profiles they could
    already browse when they came are not news)."""
    if not lead_ids:
        return []
    params = {"leads": list(lead_ids), "since": added_since, "limit": limit}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(NEWEST_MATCHES, params).fetchall()
    return [NewMatch(lead_id=row.pop("lead_id"), profile=Profile.from_row(row)) for row in rows]
