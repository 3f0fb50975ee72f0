"""Members as the agency's copilot may see them: figures, and rows without phone or surname.

The copilot's answers go through a language model and back to an admin's screen: these
queries never select a phone number, a provider user id or more than the first word of a
member's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import class_row

from bot.core.connections import Conn

INBOX_STATUSES = ("bot", "waiting", "admin", "opted_out")


@dataclass(frozen=True)
class MemberRow:
    id: int
    first_name: str | None
    age: int | None
    gender: str | None
    city: str | None
    looking_for_gender: str | None
    preferred_age_min: int | None
    preferred_age_max: int | None
    preferred_city: str | None
    language: str
    conversation_phase: str
    inbox_status: str
    qualification_complete: bool
    last_message_at: datetime | None
    unread_count: int


MEMBER_COLUMNS = """id, nullif(split_part(trim(coalesce(name, '')), ' ', 1), '') AS first_name, age, gender, city,
    looking_for_gender, preferred_age_min, preferred_age_max, preferred_city, language, conversation_phase,
    inbox_status(opted_out, assigned_admin_id, status) AS inbox_status, qualification_complete,
    last_message_at, unread_count"""


def member_counts(conn: Conn, *, since: datetime) -> dict[str, Any]:
    """Members by inbox status, qualified, new since `since`, and contact requests by status."""
    row = conn.execute(
        """SELECT count(*) AS members,
                  count(*) FILTER (WHERE qualification_complete) AS qualified,
                  count(*) FILTER (WHERE created_at >= %(since)s) AS new_members,
                  count(*) FILTER (WHERE inbox_status(opted_out, assigned_admin_id, status) = 'bot') AS with_bot,
                  count(*) FILTER (WHERE inbox_status(opted_out, assigned_admin_id, status) = 'waiting') AS waiting,
                  count(*) FILTER (WHERE inbox_status(opted_out, assigned_admin_id, status) = 'admin') AS with_admin,
                  count(*) FILTER (WHERE opted_out) AS opted_out,
                  coalesce(sum(unread_count), 0)::int AS unread_messages
           FROM leads""",
        {"since": since},
    ).fetchone()
    requests = conn.execute(
        "SELECT status, count(*)::int AS n FROM contact_requests GROUP BY status ORDER BY status"
    ).fetchall()
    return {**(row or {}), "contact_requests": {r["status"]: r["n"] for r in requests}}


def find_members(conn: Conn, *, status: str | None = None, city: str | None = None,
                 qualified: bool | None = None, limit: int = 20) -> list[MemberRow]:
    """Members who wrote, most recent conversation first, filtered by inbox status, city
    (case-insensitive, the member's own or the one they seek) and qualification."""
    return conn.cursor(row_factory=class_row(MemberRow)).execute(
        f"""SELECT {MEMBER_COLUMNS} FROM leads
            WHERE last_message_at IS NOT NULL
              AND (%(status)s::text IS NULL OR inbox_status(opted_out, assigned_admin_id, status) = %(status)s)
              AND (%(city)s::text IS NULL OR lower(city) = lower(%(city)s) OR lower(preferred_city) = lower(%(city)s))
              AND (%(qualified)s::boolean IS NULL OR qualification_complete = %(qualified)s)
            ORDER BY last_message_at DESC, id DESC LIMIT %(limit)s""",
        {"status": status, "city": city, "qualified": qualified, "limit": max(1, min(limit, 100))},
    ).fetchall()


def get_member(conn: Conn, member_id: int) -> MemberRow | None:
    return conn.cursor(row_factory=class_row(MemberRow)).execute(
        f"SELECT {MEMBER_COLUMNS} FROM leads WHERE id = %s", (member_id,)).fetchone()
