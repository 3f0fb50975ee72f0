"""The webhooks' hot path: store an inbound message and queue its turn in one statement.

Same semantics as `conversations.aupsert_lead` + `arecord_inbound` + `queue.aenqueue(
dedup_key="lead:<id>")`, in one round trip (or one per batch under load).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from psycopg.rows import dict_row

from bot.core.connections import AsyncConn, Conn
from bot.store.conversations import (
    UPSERT_LEAD_BY_PHONE,
    UPSERT_LEAD_BY_USER_ID,
    _inbound_params,
    _lead_params,
)

# Lead upsert, message insert and turn enqueue in one statement (one round trip, one
# implicit transaction), with the same semantics as aupsert_lead + arecord_inbound +
# queue.aenqueue(dedup_key="lead:<id>"): a redelivered provider id inserts nothing and
# queues nothing; a pending turn of the lead absorbs the new message.
_INGEST_TAIL = """
, msg AS (
    INSERT INTO conversations (lead_id, direction, content, message_type, sender_type, channel,
                               provider_message_id, media, metadata)
    SELECT id, 'in', %(content)s, %(message_type)s, 'client', %(channel)s,
           %(provider_message_id)s, %(media)s, %(metadata)s
    FROM lead
    ON CONFLICT (provider_message_id) DO NOTHING
    RETURNING id, lead_id
), turn AS (
    INSERT INTO queue_jobs (job_type, payload, run_at, dedup_key)
    SELECT 'bot_turn', jsonb_build_object('lead_id', lead_id),
           now() + make_interval(secs => %(delay)s), 'lead:' || lead_id
    FROM msg
    ON CONFLICT (job_type, dedup_key) WHERE dedup_key IS NOT NULL AND status = 'pending'
    DO NOTHING
)
SELECT (SELECT id FROM lead) AS lead_id, (SELECT id FROM msg) AS message_id
"""
INGEST_BY_PHONE = "WITH lead AS (" + UPSERT_LEAD_BY_PHONE.strip() + ")" + _INGEST_TAIL
INGEST_BY_USER_ID = "WITH lead AS (" + UPSERT_LEAD_BY_USER_ID.strip() + ")" + _INGEST_TAIL


async def aingest_inbound(
    conn: AsyncConn, *, channel: str, provider_message_id: str, content: str,
    phone: str | None = None, channel_user_id: str | None = None, name: str | None = None,
    message_type: str = "text", media: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None, turn_delay: float = 0.0,
) -> tuple[int, int | None]:
    """(lead id, new message id or None on redelivery); the turn is queued with the message.

    Runs as one statement: call it outside an explicit transaction (autocommit).
    """
    _, params = _lead_params(channel=channel, phone=phone, channel_user_id=channel_user_id,
                             name=name, source="whatsapp_direct")
    params.update(_inbound_params(
        lead_id=0, content=content, provider_message_id=provider_message_id, channel=channel,
        message_type=message_type, media=media, metadata=metadata,
    ), delay=turn_delay)
    cur = await conn.cursor(row_factory=dict_row).execute(INGEST_BY_PHONE if phone else INGEST_BY_USER_ID, params)
    row = await cur.fetchone()
    return int(row["lead_id"]), row["message_id"]  # type: ignore[index]


async def alast_outbound_metadata(
    conn: AsyncConn, *, phone: str | None, channel_user_id: str | None
) -> dict[str, Any] | None:
    """Metadata of the last message sent to a member (the choices a typed digit refers to)."""
    cur = await conn.cursor(row_factory=dict_row).execute(
        """SELECT c.metadata FROM leads l
           JOIN LATERAL (SELECT metadata FROM conversations
                         WHERE lead_id = l.id AND direction = 'out'
                         ORDER BY created_at DESC, id DESC LIMIT 1) c ON TRUE
           WHERE l.phone = %s OR l.channel_user_id = %s
           LIMIT 1""",
        (phone, channel_user_id),
    )
    row = await cur.fetchone()
    return row["metadata"] if row else None


def provider_message_known(conn: Conn, provider_message_id: str) -> bool:
    """True when a conversation row carries this provider message id."""
    return conn.execute("SELECT 1 FROM conversations WHERE provider_message_id = %s",
                        (provider_message_id,)).fetchone() is not None


ReplyState = Literal["answered", "waiting", "dropped"]


def reply_state(conn: Conn, message_id: int) -> ReplyState:
    """Where an inbound message stands, whichever process runs its member's turns.

    'answered' (its turn committed, or the member was erased since), 'waiting' (a turn
    of the member is queued or running) or 'dropped' (unanswered with no turn to come:
    it failed for good). One statement, so both facts come from one snapshot: a turn
    marks its messages answered before its job is completed.
    """
    row = conn.execute(
        """SELECT c.answered_at IS NOT NULL AS answered,
                  EXISTS (SELECT 1 FROM queue_jobs j
                          WHERE j.job_type = 'bot_turn' AND j.dedup_key = 'lead:' || c.lead_id
                            AND j.status IN ('pending', 'processing')) AS queued
           FROM conversations c WHERE c.id = %s""",
        (message_id,),
    ).fetchone()
    if row is None or row["answered"]:
        return "answered"
    return "waiting" if row["queued"] else "dropped"


async def aprovider_message_known(conn: AsyncConn, provider_message_id: str) -> bool:
    """`provider_message_known` for the async status webhooks (the delivery jobs use the sync one)."""
    cur = await conn.execute("SELECT 1 FROM conversations WHERE provider_message_id = %s",
                             (provider_message_id,))
    return await cur.fetchone() is not None


# Many members' messages in one statement (one commit): same semantics as
# aingest_inbound for phone-identified members, rows and locks taken in a fixed order.
INGEST_BATCH = """
WITH input AS (
    SELECT * FROM unnest(%(ord)s::int[], %(phone)s::text[], %(channel)s::text[], %(name)s::text[],
                         %(content)s::text[], %(message_type)s::text[], %(provider_message_id)s::text[],
                         %(media)s::jsonb[], %(metadata)s::jsonb[])
        AS i(ord, phone, channel, name, content, message_type, provider_message_id, media, metadata)
), lead AS (
    INSERT INTO leads (phone, channel, name, source, last_inbound_at)
    SELECT DISTINCT ON (phone) phone, channel, name, 'whatsapp_direct', now()
    FROM input ORDER BY phone, ord DESC
    ON CONFLICT (phone) DO UPDATE
    SET last_inbound_at = now(), updated_at = now(), channel = excluded.channel,
        name = coalesce(leads.name, excluded.name)
    RETURNING id, phone
), msg AS (
    INSERT INTO conversations (lead_id, direction, content, message_type, sender_type, channel,
                               provider_message_id, media, metadata)
    SELECT lead.id, 'in', i.content, i.message_type, 'client', i.channel, i.provider_message_id,
           i.media, i.metadata
    FROM input i JOIN lead USING (phone)
    ORDER BY i.ord
    ON CONFLICT (provider_message_id) DO NOTHING
    RETURNING lead_id, provider_message_id
), turn AS (
    INSERT INTO queue_jobs (job_type, payload, run_at, dedup_key)
    SELECT DISTINCT ON (lead_id) 'bot_turn', jsonb_build_object('lead_id', lead_id),
           now() + make_interval(secs => %(delay)s), 'lead:' || lead_id
    FROM msg ORDER BY lead_id
    ON CONFLICT (job_type, dedup_key) WHERE dedup_key IS NOT NULL AND status = 'pending'
    DO NOTHING
)
SELECT provider_message_id FROM msg
"""


async def aingest_inbound_batch(
    conn: AsyncConn, messages: list[dict[str, Any]], *, turn_delay: float = 0.0
) -> set[str]:
    """Store phone-identified inbound messages at once; returns the provider ids newly stored.

    Each message: phone, channel, name, content, message_type, provider_message_id,
    media, metadata (as for aingest_inbound). Runs as one statement (autocommit).
    """
    columns = ["phone", "channel", "name", "content", "message_type", "provider_message_id"]
    params: dict[str, Any] = {c: [m.get(c) for m in messages] for c in columns}
    params["name"] = [(n or None) and n[:100] for n in params["name"]]
    params["ord"] = list(range(len(messages)))
    params["media"] = [json.dumps(m.get("media") or []) for m in messages]
    params["metadata"] = [json.dumps(m.get("metadata") or {}) for m in messages]
    params["delay"] = turn_delay
    cur = await conn.execute(INGEST_BATCH, params)
    return {row[0] if isinstance(row, tuple) else row["provider_message_id"] for row in await cur.fetchall()}


@dataclass(frozen=True)
class MemberMedia:
    """One attachment a member sent, as the webhook stored it: a Twilio URL or a Meta media id."""

    channel: str | None
    url: str | None
    media_id: str | None
    content_type: str | None


def member_media(conn: Conn, *, lead_id: int, message_id: int, index: int) -> MemberMedia | None:
    """The `index`-th attachment of a message this member sent (None for anything else: another
    member's message, a bot or admin message, a message without that attachment)."""
    if index < 0:  # jsonb's -> counts negative indexes from the end
        return None
    row = conn.cursor(row_factory=dict_row).execute(
        """SELECT channel, media -> %(index)s::int AS item FROM conversations
           WHERE id = %(message_id)s AND lead_id = %(lead_id)s AND direction = 'in' AND sender_type = 'client'""",
        {"index": index, "message_id": message_id, "lead_id": lead_id},
    ).fetchone()
    if row is None or not isinstance(row["item"], dict):
        return None
    item = row["item"]
    text = {key: item[key] if isinstance(item.get(key), str) else None for key in ("url", "id", "content_type")}
    return MemberMedia(channel=row["channel"], url=text["url"], media_id=text["id"], content_type=text["content_type"])
