"""Repository for leads (WhatsApp members) and their conversation rows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.rows import class_row

from bot.core.connections import AsyncConn, Conn


@dataclass
class Lead:
    """A member of the agency talking to the bot (one row of `leads`)."""

    id: int
    phone: str | None
    name: str | None
    age: int | None
    gender: str | None
    city: str | None
    status: str
    source: str
    looking_for_gender: str | None
    preferred_age_min: int | None
    preferred_age_max: int | None
    preferred_city: str | None
    qualification_complete: bool
    last_profile_shown: str | None
    conversation_phase: str
    language: str
    channel: str
    channel_user_id: str | None
    opted_out: bool
    assigned_admin_id: int | None
    human_since: datetime | None
    handoff_reason: str | None
    not_understood_count: int
    seeking_text: str | None
    last_inbound_at: datetime | None
    last_outbound_at: datetime | None
    created_at: datetime
    updated_at: datetime
    opted_out_at: datetime | None = None
    admin_read_at: datetime | None = None
    platform_lead_id: UUID | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """Where the channel delivers: the phone number, else the provider's user id."""
        return self.phone or self.channel_user_id or ""

    @property
    def with_human(self) -> bool:
        return self.assigned_admin_id is not None or self.status == "attente_humain"


@dataclass
class Message:
    """One row of `conversations`."""

    id: int
    lead_id: int
    direction: str
    content: str | None
    message_type: str
    sender_type: str
    sender_id: int | None
    intent: str | None
    profile_code: str | None
    media: list[Any]
    metadata: dict[str, Any]
    provider_message_id: str | None
    channel: str | None
    delivery_status: str | None
    created_at: datetime


LEAD_COLUMNS = sql.SQL(", ").join(sql.Identifier(f.name) for f in fields(Lead))
MESSAGE_COLUMNS = sql.SQL(", ").join(sql.Identifier(f.name) for f in fields(Message))

# Columns an agent or the console may change on a lead.
UPDATABLE_LEAD_COLUMNS = {
    "name", "age", "gender", "city", "status", "looking_for_gender", "preferred_age_min",
    "preferred_age_max", "preferred_city", "qualification_complete", "last_profile_shown",
    "conversation_phase", "language", "opted_out", "opted_out_at", "assigned_admin_id",
    "human_since", "handoff_reason", "not_understood_count", "seeking_text", "admin_read_at",
    "last_outbound_at", "metadata", "platform_lead_id",
}

UPSERT_LEAD_BY_PHONE = """
INSERT INTO leads (phone, channel, channel_user_id, name, source, last_inbound_at)
VALUES (%(phone)s, %(channel)s, %(channel_user_id)s, %(name)s, %(source)s, now())
ON CONFLICT (phone) DO UPDATE
SET last_inbound_at = now(), updated_at = now(),
    channel = excluded.channel,
    channel_user_id = coalesce(excluded.channel_user_id, leads.channel_user_id),
    name = coalesce(leads.name, excluded.name)
RETURNING id
"""

UPSERT_LEAD_BY_USER_ID = """
INSERT INTO leads (channel, channel_user_id, name, source, last_inbound_at)
VALUES (%(channel)s, %(channel_user_id)s, %(name)s, %(source)s, now())
ON CONFLICT (channel, channel_user_id) WHERE channel_user_id IS NOT NULL DO UPDATE
SET last_inbound_at = now(), updated_at = now(), name = coalesce(leads.name, excluded.name)
RETURNING id
"""

INSERT_INBOUND = """
INSERT INTO conversations (lead_id, direction, content, message_type, sender_type, channel,
                           provider_message_id, media, metadata)
VALUES (%(lead_id)s, 'in', %(content)s, %(message_type)s, 'client', %(channel)s,
        %(provider_message_id)s, %(media)s, %(metadata)s)
ON CONFLICT (provider_message_id) DO NOTHING
RETURNING id
"""


def _lead_params(
    *, channel: str, phone: str | None, channel_user_id: str | None, name: str | None, source: str
) -> tuple[str, dict[str, Any]]:
    if not phone and not channel_user_id:
        raise ValueError("a lead needs a phone number or a channel user id")
    params = {
        "phone": phone, "channel": channel, "channel_user_id": channel_user_id,
        "name": (name or None) and name[:100], "source": source,
    }
    return (UPSERT_LEAD_BY_PHONE if phone else UPSERT_LEAD_BY_USER_ID), params


def _inbound_params(
    *, lead_id: int, content: str, provider_message_id: str, channel: str,
    message_type: str, media: list[dict[str, Any]] | None, metadata: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "lead_id": lead_id, "content": content, "message_type": message_type, "channel": channel,
        "provider_message_id": provider_message_id, "media": json.dumps(media or []),
        "metadata": json.dumps(metadata or {}),
    }


def upsert_lead(
    conn: Conn, *, channel: str, phone: str | None = None,
    channel_user_id: str | None = None, name: str | None = None, source: str = "whatsapp_direct",
) -> int:
    """The lead's id, created on first contact; identity is the phone, else the user id."""
    query, params = _lead_params(
        channel=channel, phone=phone, channel_user_id=channel_user_id, name=name, source=source
    )
    row = conn.execute(query, params).fetchone()
    return int(row["id"])  # type: ignore[index]


def upsert_form_lead(conn: Conn, *, channel: str, phone: str, name: str | None) -> int:
    """A member known from a web form: created or merged by phone, without opening the
    24-hour window (they have not written on WhatsApp)."""
    row = conn.execute(
        """INSERT INTO leads (phone, channel, name, source) VALUES (%s, %s, %s, 'formulaire')
           ON CONFLICT (phone) DO UPDATE SET name = coalesce(leads.name, excluded.name), updated_at = now()
           RETURNING id""",
        (phone, channel, (name or None) and name[:100]),
    ).fetchone()
    return int(row["id"])  # type: ignore[index]


def record_inbound(
    conn: Conn, *, lead_id: int, content: str, provider_message_id: str,
    channel: str, message_type: str = "text", media: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> int | None:
    """Store an inbound message; None when this provider id was stored before (redelivery)."""
    row = conn.execute(INSERT_INBOUND, _inbound_params(
        lead_id=lead_id, content=content, provider_message_id=provider_message_id, channel=channel,
        message_type=message_type, media=media, metadata=metadata,
    )).fetchone()
    return int(row["id"]) if row else None


def get_lead(conn: Conn, lead_id: int, *, for_update: bool = False) -> Lead | None:
    """One lead by id."""
    query = sql.SQL("SELECT {} FROM leads WHERE id = %s").format(LEAD_COLUMNS)
    if for_update:
        query = query + sql.SQL(" FOR UPDATE")
    return conn.cursor(row_factory=class_row(Lead)).execute(query, (lead_id,)).fetchone()


def find_lead(conn: Conn, *, phone: str | None = None, channel_user_id: str | None = None) -> Lead | None:
    """A lead by phone number or provider user id."""
    query = sql.SQL("SELECT {} FROM leads WHERE phone = %s OR channel_user_id = %s LIMIT 1").format(LEAD_COLUMNS)
    return conn.cursor(row_factory=class_row(Lead)).execute(query, (phone, channel_user_id)).fetchone()


def update_lead(conn: Conn, lead_id: int, **changes: Any) -> None:
    """Set some columns of a lead (names checked against UPDATABLE_LEAD_COLUMNS)."""
    if not changes:
        return
    unknown = set(changes) - UPDATABLE_LEAD_COLUMNS
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    values = {k: json.dumps(v) if k == "metadata" else v for k, v in changes.items()}
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(k), sql.Placeholder(k)) for k in values
    )
    conn.execute(
        sql.SQL("UPDATE leads SET {}, updated_at = now() WHERE id = %(lead_id)s").format(assignments),
        {**values, "lead_id": lead_id},
    )


def unanswered_inbound(conn: Conn, lead_id: int) -> list[Message]:
    """Inbound messages the bot has not answered yet, oldest first (locked for this turn)."""
    query = sql.SQL(
        "SELECT {} FROM conversations WHERE lead_id = %s AND direction = 'in' AND answered_at IS NULL "
        "ORDER BY id FOR UPDATE SKIP LOCKED"
    ).format(MESSAGE_COLUMNS)
    return conn.cursor(row_factory=class_row(Message)).execute(query, (lead_id,)).fetchall()


def mark_answered(conn: Conn, message_ids: list[int], *, intent: str | None = None,
                  sentiment: str | None = None, reading: dict[str, Any] | None = None) -> None:
    """Close inbound messages as handled by one turn, with what the turn understood
    (reading: what the bot was waiting for and how it read them, kept in the metadata
    for the console's "misread" correction)."""
    conn.execute(
        """UPDATE conversations SET answered_at = now(), updated_at = now(),
                  intent = coalesce(%s, intent), sentiment = coalesce(%s, sentiment),
                  metadata = metadata || %s::jsonb
           WHERE id = ANY(%s)""",
        (intent, sentiment, json.dumps({"reading": reading} if reading else {}), message_ids),
    )


def record_outbound(
    conn: Conn, *, lead_id: int, content: str, sender_type: str = "bot",
    sender_id: int | None = None, intent: str | None = None, profile_code: str | None = None,
    media: list[str] | None = None, metadata: dict[str, Any] | None = None, channel: str | None = None,
    status: str | None = None, message_type: str = "text",
) -> int:
    """Store an outbound message (delivery is a separate queued job)."""
    row = conn.execute(
        """INSERT INTO conversations (lead_id, direction, content, message_type, sender_type, sender_id,
                                      intent, profile_code, media, metadata, channel, status,
                                      delivery_status)
           VALUES (%s, 'out', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'pending')
           RETURNING id""",
        (lead_id, content, message_type, sender_type, sender_id, intent, profile_code,
         json.dumps(media or []), json.dumps(metadata or {}), channel, status),
    ).fetchone()
    conn.execute("UPDATE leads SET last_outbound_at = now() WHERE id = %s", (lead_id,))
    return int(row["id"])  # type: ignore[index]


def get_message(conn: Conn, message_id: int) -> Message | None:
    """One conversation row by id."""
    query = sql.SQL("SELECT {} FROM conversations WHERE id = %s").format(MESSAGE_COLUMNS)
    return conn.cursor(row_factory=class_row(Message)).execute(query, (message_id,)).fetchone()


def thread(conn: Conn, lead_id: int, *, limit: int = 200) -> list[Message]:
    """The latest messages of a lead's conversation, oldest first."""
    query = sql.SQL(
        "SELECT * FROM (SELECT {} FROM conversations WHERE lead_id = %s ORDER BY id DESC LIMIT %s) t ORDER BY id"
    ).format(MESSAGE_COLUMNS)
    return conn.cursor(row_factory=class_row(Message)).execute(query, (lead_id, limit)).fetchall()


def set_delivery_status(
    conn: Conn, *, message_id: int | None = None, provider_message_id: str | None = None,
    status: str, error: str | None = None,
) -> int:
    """Record a delivery outcome on an outbound row; returns rows changed."""
    if message_id is None and provider_message_id is None:
        raise ValueError("name the message by id or provider id")
    cur = conn.execute(
        """UPDATE conversations SET delivery_status = %s, delivery_error = coalesce(%s, delivery_error),
                  updated_at = now()
           WHERE direction = 'out' AND (id = %s OR provider_message_id = %s)""",
        (status, error, message_id, provider_message_id),
    )
    return cur.rowcount


# -- delivery tracking (channels) -----------------------------------------------------

# Progress of an outbound message; callbacks arrive out of order, so a status only ever
# moves forward. Failures are always recorded (with their error), and then stay.
DELIVERY_PROGRESS = ["pending", "sending", "accepted", "scheduled", "queued", "sent", "delivered", "read"]
DELIVERY_FAILURES = ["failed", "undelivered", "refused", "canceled"]

ADVANCE_DELIVERY = """
UPDATE conversations
SET delivery_status = %(status)s, delivery_error = coalesce(%(error)s, delivery_error),
    provider_message_id = coalesce(%(new_provider_id)s, provider_message_id), updated_at = now()
WHERE direction = 'out'
  AND (id = %(message_id)s OR provider_message_id = %(provider_id)s)
  AND CASE
        WHEN %(status)s = ANY(%(failures)s) THEN delivery_status IS DISTINCT FROM %(status)s
        WHEN delivery_status = ANY(%(failures)s) THEN FALSE
        ELSE coalesce(array_position(%(progress)s::text[], delivery_status::text), 0)
             < array_position(%(progress)s::text[], %(status)s::text)
      END
"""


def _advance_params(
    *, message_id: int | None, provider_message_id: str | None, status: str, error: str | None,
    new_provider_id: str | None = None,
) -> dict[str, Any]:
    if message_id is None and provider_message_id is None:
        raise ValueError("name the message by id or provider id")
    if status not in DELIVERY_PROGRESS and status not in DELIVERY_FAILURES:
        raise ValueError(f"unknown delivery status {status!r}")
    return {
        "status": status, "error": error, "message_id": message_id, "provider_id": provider_message_id,
        "new_provider_id": new_provider_id, "failures": DELIVERY_FAILURES, "progress": DELIVERY_PROGRESS,
    }


def advance_delivery_status(
    conn: Conn, *, message_id: int | None = None, provider_message_id: str | None = None,
    status: str, error: str | None = None,
) -> int:
    """Move an outbound row's delivery status forward (never back); returns rows changed."""
    params = _advance_params(
        message_id=message_id, provider_message_id=provider_message_id, status=status, error=error
    )
    return conn.execute(ADVANCE_DELIVERY, params).rowcount


async def aadvance_delivery_status(
    conn: AsyncConn, *, provider_message_id: str, status: str, error: str | None = None,
) -> int:
    """`advance_delivery_status` for the async status webhooks.

    Both stay: the status webhooks run in the async web process, deliveries in sync workers.
    """
    params = _advance_params(
        message_id=None, provider_message_id=provider_message_id, status=status, error=error
    )
    cur = await conn.execute(ADVANCE_DELIVERY, params)
    return cur.rowcount


def claimed_provider_ids(conn: Conn, provider_message_ids: list[str]) -> set[str]:
    """Which of these provider message ids a stored row already carries."""
    rows = conn.execute("SELECT provider_message_id FROM conversations WHERE provider_message_id = ANY(%s)",
                        (provider_message_ids,)).fetchall()
    return {r["provider_message_id"] for r in rows}


def record_sent(conn: Conn, message_id: int, *, provider_message_id: str | None,
                status: str) -> None:
    """A provider accepted the message: keep its id (callbacks refer to it) and status."""
    conn.execute(ADVANCE_DELIVERY, _advance_params(
        message_id=message_id, provider_message_id=None, status=status, error=None,
        new_provider_id=provider_message_id,
    ))
