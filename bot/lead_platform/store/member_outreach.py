"""Repository for member outreach: the internal client's members campaigns, who may be
written to now, every message sent (`member_outreach`), and what came of it.

Campaign and metrics rows are the internal client's (call those functions inside
`tenant_transaction`); members and their messages are the bot's tables (plain connection).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from psycopg.rows import class_row, dict_row

from bot.core.connections import Conn

Kind = Literal["new_profile", "reengage"]
KINDS: tuple[Kind, ...] = ("new_profile", "reengage")
CAMPAIGN_NAMES: dict[Kind, str] = {
    "new_profile": "Membres : nouveau profil compatible",
    "reengage": "Membres : relance pendant la qualification",
}
# A member in the middle of a conversation is not interrupted; the message waits.
LIVE_CONVERSATION = "1 hour"
# "Went quiet" is days, not months: a member silent longer than this is not chased.
REENGAGE_AT_MOST_DAYS = 30
# Delivery errors that say the member blocked the agency's number (Twilio 21610) or
# stopped its marketing messages (Meta 131050), as bot/channels writes them.
BLOCKED_ERRORS = ("Twilio 21610%", "Meta 131050%")


@dataclass(frozen=True)
class MemberCampaign:
    """One of the internal client's two members campaigns."""

    id: uuid.UUID
    client_id: uuid.UUID
    kind: Kind
    status: str
    daily_cap: int


@dataclass(frozen=True)
class Window:
    """When members campaigns send: hours [start, end) every day, in the agency's time zone."""

    start_hour: int
    end_hour: int
    timezone: str


def member_campaigns(conn: Conn, client_id: uuid.UUID, *, window: Window) -> dict[Kind, MemberCampaign]:
    """The internal client's members campaigns by kind, created active on first use; their
    sending window follows the agency's configuration (shown on the campaigns screens)."""
    for kind in KINDS:
        conn.execute(
            """INSERT INTO outreach_campaigns (name, client_id, status, audience, daily_cap, window_start_hour,
                                               window_end_hour, window_days, timezone, approval_mode,
                                               activated_at, metadata)
               VALUES (%(name)s, %(client)s, 'active', 'members', 1000, %(start)s, %(end)s, '{1,2,3,4,5,6,7}',
                       %(tz)s, 'auto', now(), %(metadata)s)
               ON CONFLICT (client_id, (metadata ->> 'member_outreach')) WHERE audience = 'members'
               DO UPDATE SET window_start_hour = excluded.window_start_hour,
                             window_end_hour = excluded.window_end_hour, timezone = excluded.timezone,
                             updated_at = now()
               WHERE (outreach_campaigns.window_start_hour, outreach_campaigns.window_end_hour,
                      outreach_campaigns.timezone)
                     IS DISTINCT FROM (excluded.window_start_hour, excluded.window_end_hour, excluded.timezone)""",
            {"name": CAMPAIGN_NAMES[kind], "client": client_id, "start": window.start_hour,
             "end": window.end_hour, "tz": window.timezone, "metadata": json.dumps({"member_outreach": kind})},
        )
    rows = conn.cursor(row_factory=dict_row).execute(
        """SELECT id, client_id, metadata ->> 'member_outreach' AS kind, status, daily_cap
           FROM outreach_campaigns WHERE client_id = %s AND audience = 'members'
             AND metadata ->> 'member_outreach' = ANY(%s)""",
        (client_id, list(KINDS)),
    ).fetchall()
    return {row["kind"]: MemberCampaign(**row) for row in rows}


def sent_since(conn: Conn, campaign_id: uuid.UUID, since: datetime) -> int:
    """Messages a campaign sent since a moment (its daily cap counts from the local midnight)."""
    row = conn.execute("SELECT count(*) AS n FROM member_outreach WHERE campaign_id = %s AND sent_at >= %s",
                       (campaign_id, since)).fetchone()
    return int(row["n"]) if row else 0


# Who may get a message now, whatever it says: not opted out, with no person in the
# conversation, not ineligible, reachable, not blocking the agency, not in the middle of a
# conversation, inside the 24-hour window unless an approved template exists, and not
# written to by member outreach within the period.
_REACHABLE = f"""
    NOT l.opted_out AND l.assigned_admin_id IS NULL AND l.status NOT IN ('attente_humain', 'non_eligible')
    AND coalesce(l.phone, l.channel_user_id) IS NOT NULL
    AND coalesce(greatest(l.last_inbound_at, l.last_outbound_at), l.created_at) < now() - interval '{LIVE_CONVERSATION}'
    AND (%(template)s OR l.last_inbound_at > now() - interval '24 hours')
    AND NOT EXISTS (SELECT 1 FROM member_outreach o
                    WHERE o.lead_id = l.id AND o.sent_at > now() - make_interval(days => %(every_days)s))
    AND NOT EXISTS (SELECT 1 FROM conversations c
                    WHERE c.lead_id = l.id AND c.direction = 'out'
                      AND c.delivery_status IN ('failed', 'undelivered')
                      AND c.delivery_error LIKE ANY(%(blocked)s))"""

_ALERTABLE = f"""SELECT l.id FROM leads l
    WHERE l.qualification_complete AND l.looking_for_gender IS NOT NULL AND {_REACHABLE}
    ORDER BY l.id"""

# Still qualifying, the bot spoke last (a question left unanswered), silent for the quiet
# period (a form lead who never wrote: since it came), and not reminded since.
_QUIET = f"""SELECT l.id FROM leads l
    WHERE NOT l.qualification_complete AND l.conversation_phase = 'qualification'
      AND coalesce(l.last_inbound_at, l.created_at) < now() - make_interval(days => %(quiet_days)s)
      AND coalesce(l.last_inbound_at, l.created_at) > now() - make_interval(days => {REENGAGE_AT_MOST_DAYS})
      AND l.last_outbound_at >= coalesce(l.last_inbound_at, l.created_at)
      AND NOT EXISTS (SELECT 1 FROM member_outreach o
                      WHERE o.lead_id = l.id AND o.kind = 'reengage'
                        AND o.sent_at > coalesce(l.last_inbound_at, l.created_at))
      AND {_REACHABLE}
    ORDER BY coalesce(l.last_inbound_at, l.created_at) DESC, l.id
    LIMIT %(limit)s"""


def alertable_members(conn: Conn, *, every_days: int, template: bool) -> list[int]:
    """Qualified members who may get a new profile alert now (`template`: one is configured,
    so members outside the 24-hour window can be written to)."""
    rows = conn.execute(_ALERTABLE, {"every_days": every_days, "template": template,
                                     "blocked": list(BLOCKED_ERRORS)}).fetchall()
    return [row["id"] for row in rows]


def quiet_members(conn: Conn, *, quiet_days: int, every_days: int, template: bool, limit: int) -> list[int]:
    """Members who went quiet during qualification and may be reminded now, most recent first."""
    rows = conn.execute(_QUIET, {"quiet_days": quiet_days, "every_days": every_days, "template": template,
                                 "blocked": list(BLOCKED_ERRORS), "limit": limit}).fetchall()
    return [row["id"] for row in rows]


def contacted_within(conn: Conn, lead_id: int, *, days: int) -> bool:
    """Whether member outreach wrote to this member within the period (checked again under the lock)."""
    row = conn.execute(
        "SELECT 1 FROM member_outreach WHERE lead_id = %s AND sent_at > now() - make_interval(days => %s) LIMIT 1",
        (lead_id, days)).fetchone()
    return row is not None


def sends_count(conn: Conn, lead_id: int, *, kind: Kind) -> int:
    """How many messages of this kind the member got (the next one picks another phrasing)."""
    row = conn.execute("SELECT count(*) AS n FROM member_outreach WHERE lead_id = %s AND kind = %s",
                       (lead_id, kind)).fetchone()
    return int(row["n"]) if row else 0


def record_send(conn: Conn, *, lead_id: int, campaign_id: uuid.UUID, kind: Kind, message_id: int,
                profile_id: int | None = None) -> int:
    """One message sent by a members campaign (never the same profile twice: a unique index)."""
    row = conn.execute(
        """INSERT INTO member_outreach (lead_id, campaign_id, kind, profile_id, message_id)
           VALUES (%s, %s, %s, %s, %s) RETURNING id""",
        (lead_id, campaign_id, kind, profile_id, message_id)).fetchone()
    return int(row["id"])  # type: ignore[index]


def record_outcomes(conn: Conn, *, reply_days: int) -> int:
    """What came of the recent messages: delivered and read (delivery status), failed or
    refused, answered within `reply_days` days, and opted out (STOP) in that time."""
    return conn.execute(
        """UPDATE member_outreach o SET
               delivered_at = coalesce(o.delivered_at, CASE WHEN c.delivery_status IN ('delivered', 'read')
                                                            THEN c.updated_at END),
               read_at = coalesce(o.read_at, CASE WHEN c.delivery_status = 'read' THEN c.updated_at END),
               failed_at = coalesce(o.failed_at, CASE WHEN c.delivery_status IN ('failed', 'undelivered',
                                                                                  'refused', 'canceled')
                                                      THEN c.updated_at END),
               replied_at = coalesce(o.replied_at, (
                   SELECT min(i.created_at) FROM conversations i
                   WHERE i.lead_id = o.lead_id AND i.direction = 'in' AND i.created_at > o.sent_at
                     AND i.created_at <= o.sent_at + make_interval(days => %(days)s))),
               opted_out_at = coalesce(o.opted_out_at, CASE
                   WHEN l.opted_out AND l.opted_out_at > o.sent_at
                        AND l.opted_out_at <= o.sent_at + make_interval(days => %(days)s)
                   THEN l.opted_out_at END)
           FROM conversations c, leads l
           WHERE c.id = o.message_id AND l.id = o.lead_id
             AND o.sent_at > now() - make_interval(days => %(days)s + 1)""",
        {"days": reply_days}).rowcount


@dataclass(frozen=True)
class DayCounts:
    """A members campaign's messages sent on one day (agency time) and what they led to."""

    campaign_id: uuid.UUID
    day: date
    sent: int
    delivered: int
    opened: int
    replied: int
    bounced: int
    unsubscribed: int


def day_counts(conn: Conn, campaign_ids: list[uuid.UUID], *, since: datetime, timezone: str) -> list[DayCounts]:
    """Per campaign and day of sending (from `since`): the counts `outreach_metrics` shows.

    Delivered: the provider said so, or the member read or answered it (a provider whose
    status callbacks are not configured never says so). Opened: read receipts."""
    return conn.cursor(row_factory=class_row(DayCounts)).execute(
        """SELECT campaign_id, (sent_at AT TIME ZONE %(tz)s)::date AS day, count(*) AS sent,
                  count(coalesce(delivered_at, read_at, replied_at)) AS delivered, count(read_at) AS opened,
                  count(replied_at) AS replied,
                  count(failed_at) AS bounced, count(opted_out_at) AS unsubscribed
           FROM member_outreach
           WHERE campaign_id = ANY(%(campaigns)s) AND sent_at >= %(since)s
           GROUP BY 1, 2 ORDER BY 1, 2""",
        {"tz": timezone, "campaigns": campaign_ids, "since": since}).fetchall()


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


def write_metrics(conn: Conn, *, client_id: uuid.UUID, counts: list[DayCounts]) -> int:
    """Upsert the campaigns' `outreach_metrics` rows (one per campaign and day), rates as the e-mail
    campaigns' (store/outreach_metrics.py): opens and replies in % of delivered, failures of sent."""
    for c in counts:
        values: dict[str, Any] = {
            "client": client_id, "campaign": c.campaign_id, "day": c.day, "sent": c.sent,
            "delivered": c.delivered, "opened": c.opened, "replied": c.replied, "bounced": c.bounced,
            "unsubscribed": c.unsubscribed, "open_rate": _rate(c.opened, c.delivered),
            "reply_rate": _rate(c.replied, c.delivered), "bounce_rate": _rate(c.bounced, c.sent),
        }
        conn.execute(
            """INSERT INTO outreach_metrics (client_id, campaign_id, day, total_emails_sent, total_emails_delivered,
                                             total_emails_opened, total_emails_replied, total_emails_bounced,
                                             total_emails_unsubscribed, open_rate, reply_rate, bounce_rate)
               VALUES (%(client)s, %(campaign)s, %(day)s, %(sent)s, %(delivered)s, %(opened)s, %(replied)s,
                       %(bounced)s, %(unsubscribed)s, %(open_rate)s, %(reply_rate)s, %(bounce_rate)s)
               ON CONFLICT (campaign_id, day) DO UPDATE SET
                   total_emails_sent = excluded.total_emails_sent,
                   total_emails_delivered = excluded.total_emails_delivered,
                   total_emails_opened = excluded.total_emails_opened,
                   total_emails_replied = excluded.total_emails_replied,
                   total_emails_bounced = excluded.total_emails_bounced,
                   total_emails_unsubscribed = excluded.total_emails_unsubscribed,
                   open_rate = excluded.open_rate, reply_rate = excluded.reply_rate,
                   bounce_rate = excluded.bounce_rate, updated_at = now()""",
            values,
        )
    return len(counts)
