"""Console SQL for conversations: the inbox, takeover and release, admin logs, configuration."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row

from bot.core import like
from bot.core.connections import Conn
from bot.store.configuration import all_configuration
from bot.store.understanding import pending_review_count


@dataclass
class InboxRow:
    """One conversation in the inbox (a row of the `active_conversations` view)."""

    lead_id: int
    phone: str | None
    name: str | None
    channel: str
    status: str
    lead_status: str
    last_message: str | None
    last_direction: str
    last_sender_type: str
    last_message_at: datetime
    window_open: bool
    unread_count: int
    assigned_admin_id: int | None
    handoff_reason: str | None


INBOX_ROW = sql.SQL(
    """SELECT lead_id, phone, name, channel, status, lead_status, last_message, last_direction,
              last_sender_type, last_message_at, window_open, unread_count::int AS unread_count,
              assigned_admin_id, handoff_reason
       FROM active_conversations"""
)
# The newest conversations matching a search, found in `lead_search` (lower-cased copies:
# `x ILIKE p` is `lower(x) LIKE lower(p)`) before the view reads anything.
SEARCH = sql.SQL(
    """lead_id = ANY(ARRAY(
           SELECT l.id FROM lead_search s JOIN leads l ON l.id = s.lead_id
           WHERE (s.name LIKE lower(%(like)s) {escape} OR s.phone LIKE lower(%(like)s) {escape}
                  OR s.channel_user_id LIKE lower(%(like)s) {escape})
             AND l.last_message_at IS NOT NULL {status}
           ORDER BY l.last_message_at DESC, l.id DESC LIMIT %(limit)s))"""
)


def inbox(
    conn: Conn,
    *,
    status: str | None = None,
    search: str | None = None,
    limit: int = 200,
) -> list[InboxRow]:
    """Conversations, newest message first; optionally one status or a name/phone search.

    The statement names only the filters in use: prepared once per connection, a generic
    plan of "status = $1 OR $1 IS NULL" could use no index. A search is never prepared:
    how many members match decides the plan (walk the newest first for a common name,
    scan the search copy for a phone number). Plans are in the README.
    """
    params: dict[str, Any] = {"status": status, "like": like.contains(search or ""), "limit": limit}
    query = sql.SQL("{} WHERE {} ORDER BY last_message_at DESC, lead_id DESC LIMIT %(limit)s").format(
        INBOX_ROW, _inbox_filter(status=status, search=search)
    )
    cursor = conn.cursor(row_factory=dict_row)
    rows = cursor.execute(query, params, prepare=False if search else None).fetchall()
    return [InboxRow(**r) for r in rows]


def _inbox_filter(*, status: str | None, search: str | None) -> sql.Composable:
    """The WHERE clause of the inbox, naming only the filters in use."""
    if search:
        tab = sql.SQL("AND inbox_status(l.opted_out, l.assigned_admin_id, l.status) = %(status)s")
        return SEARCH.format(status=tab if status else sql.SQL(""), escape=sql.SQL(like.ESCAPE))
    return sql.SQL("status = %(status)s") if status else sql.SQL("TRUE")


def inbox_counts(conn: Conn) -> dict[str, int]:
    """How many conversations per status, unread messages in total, and conversations to
    review after a misunderstanding.

    Read from the leads (an index-only scan of leads_inbox_status_idx), not the view,
    whose last-message lookup would run for every conversation.
    """
    rows = conn.execute(
        """SELECT inbox_status(opted_out, assigned_admin_id, status) AS status, count(*)::int AS n,
                  sum(unread_count)::int AS unread
           FROM leads WHERE last_message_at IS NOT NULL GROUP BY 1"""
    ).fetchall()
    counts = {r["status"]: r["n"] for r in rows}
    counts["unread"] = sum(r["unread"] or 0 for r in rows)
    counts["review"] = pending_review_count(conn)
    return counts


def conversation_view(conn: Conn, lead_id: int) -> dict[str, Any] | None:
    """Status and window of one conversation as the inbox computes them."""
    return conn.execute(
        "SELECT status, window_open, unread_count::int AS unread_count FROM active_conversations "
        "WHERE lead_id = %s",
        (lead_id,),
    ).fetchone()


def mark_read(conn: Conn, lead_id: int) -> None:
    """Everything the lead wrote so far has been seen (the inbox's unread count)."""
    conn.execute("UPDATE leads SET admin_read_at = now() WHERE id = %s", (lead_id,))


def delivery_errors(conn: Conn, lead_id: int) -> dict[int, str]:
    """Delivery errors of a lead's outbound rows, by message id."""
    rows = conn.execute(
        "SELECT id, delivery_error FROM conversations WHERE lead_id = %s AND delivery_error IS NOT NULL",
        (lead_id,),
    ).fetchall()
    return {r["id"]: r["delivery_error"] for r in rows}


def senders(conn: Conn) -> dict[int, str]:
    """Display name of every admin, by id (for the thread's 'sent by')."""
    rows = conn.execute(
        "SELECT id, coalesce(full_name, email) AS label FROM admin_users"
    ).fetchall()
    return {r["id"]: r["label"] for r in rows}


def shown_profiles(conn: Conn, lead_id: int) -> list[dict[str, Any]]:
    """Profiles already shown to the lead, latest first."""
    return conn.execute(
        """SELECT p.id, p.code, p.first_name, p.age, p.city, p.status, v.shown_at
           FROM profile_views v JOIN profiles p ON p.id = v.profile_id
           WHERE v.lead_id = %s ORDER BY v.shown_at DESC""",
        (lead_id,),
    ).fetchall()


def lead_alerts(
    conn: Conn, lead_id: int, *, limit: int = 20
) -> list[dict[str, Any]]:
    """Alerts and console actions logged about a lead, latest first."""
    return conn.execute(
        """SELECT l.level, l.source, l.message, l.created_at, coalesce(a.full_name, a.email) AS admin
           FROM logs l LEFT JOIN admin_users a ON a.id = l.admin_id
           WHERE l.lead_id = %s AND l.source IN ('alert', 'admin') ORDER BY l.id DESC LIMIT %s""",
        (lead_id, limit),
    ).fetchall()


def log_action(
    conn: Conn,
    *,
    admin_id: int | None,
    message: str,
    action: str,
    lead_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> None:
    """An admin act in `logs` (source 'admin')."""
    conn.execute(
        """INSERT INTO logs (level, source, message, context, lead_id, admin_id)
           VALUES ('info', 'admin', %s, %s, %s, %s)""",
        (
            message,
            json.dumps({"action": action, **(context or {})}, default=str),
            lead_id,
            admin_id,
        ),
    )


# -- takeover --------------------------------------------------------------------------


def take_over(conn: Conn, lead_id: int, *, admin_id: int) -> bool:
    """Pause the bot for this lead: an admin is assigned (the status is left as it is;
    `assigned_admin_id` alone makes Lead.with_human true). False when the lead is unknown."""
    cur = conn.execute(
        """UPDATE leads SET assigned_admin_id = %s, human_since = coalesce(human_since, now()),
                  updated_at = now() WHERE id = %s""",
        (admin_id, lead_id),
    )
    if cur.rowcount:
        log_action(
            conn,
            admin_id=admin_id,
            lead_id=lead_id,
            action="take_over",
            message=f"Conversation du lead {lead_id} reprise par un admin",
        )
    return cur.rowcount == 1


RELEASE_SQL = """
UPDATE leads SET assigned_admin_id = NULL, human_since = NULL, handoff_reason = NULL,
       status = CASE WHEN qualification_complete THEN 'prospect_qualifie' ELSE 'nouveau_lead' END,
       conversation_phase = CASE WHEN conversation_phase <> 'humain' THEN conversation_phase
                                 WHEN qualification_complete THEN 'matching' ELSE 'qualification' END,
       updated_at = now()
WHERE id = ANY(%s) AND status NOT IN ('non_eligible')
"""


def release(
    conn: Conn, lead_id: int, *, admin_id: int | None, automatic: bool = False
) -> bool:
    """Give the conversation back to the bot (also ends a 'waiting for a human' state)."""
    cur = conn.execute(RELEASE_SQL, ([lead_id],))
    if cur.rowcount:
        how = "automatiquement (inactivité)" if automatic else "par un admin"
        log_action(
            conn,
            admin_id=admin_id,
            lead_id=lead_id,
            action="auto_release" if automatic else "release",
            message=f"Conversation du lead {lead_id} rendue au bot {how}",
        )
    return cur.rowcount == 1


def idle_takeovers(conn: Conn, *, minutes: float) -> list[int]:
    """Leads held by an admin with no admin message (nor takeover) for `minutes`."""
    rows = conn.execute(
        """SELECT l.id FROM leads l
           WHERE l.assigned_admin_id IS NOT NULL
             AND greatest(l.human_since, (SELECT max(c.created_at) FROM conversations c
                                          WHERE c.lead_id = l.id AND c.sender_type = 'admin'))
                 < now() - make_interval(secs => %s)
           FOR UPDATE OF l SKIP LOCKED""",
        (minutes * 60,),
    ).fetchall()
    return [r["id"] for r in rows]


# -- configuration ---------------------------------------------------------------------


configuration = all_configuration  # the one reader of the configuration table


def set_configuration(
    conn: Conn, values: dict[str, Any], *, admin_id: int
) -> list[str]:
    """Store changed values (JSON), recording who changed them; returns the keys changed."""
    current = configuration(conn)
    changed = [k for k, v in values.items() if current.get(k, object()) != v]
    for key in changed:
        conn.execute(
            """INSERT INTO configuration (key, value, updated_by, updated_at) VALUES (%s, %s, %s, now())
               ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
                   updated_at = now()""",
            (key, json.dumps(values[key]), admin_id),
        )
    if changed:
        log_action(
            conn,
            admin_id=admin_id,
            action="configuration",
            context={"keys": changed},
            message=f"Configuration modifiée : {', '.join(changed)}",
        )
    return changed
