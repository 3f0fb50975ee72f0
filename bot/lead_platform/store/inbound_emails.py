"""Inbound e-mails as they came in: stored by the webhook (or the IMAP poller), matched by the
`inbound_email` job.

A message belongs to no client until it is matched, so this table is the service
role's alone. The provider's one-time token (Mailgun's webhook token; the mailbox's
UIDVALIDITY and UID) is unique: storing a message whose token was seen before stores
nothing (a replay, or a message read again).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.core import queue
from bot.core.connections import AsyncConn, Conn
from bot.core.db import aservice_transaction, service_transaction

INBOUND_JOB = "inbound_email"

COLUMNS = ("provider", "provider_token", "recipient", "sender", "from_header", "subject", "message_id",
           "in_reply_to", "references_ids", "body_plain", "stripped_text", "headers", "report", "attachments")

STORE_SQL = f"""
INSERT INTO outreach_inbound_emails ({", ".join(COLUMNS)})
VALUES ({", ".join(f"%({c})s" for c in COLUMNS)})
ON CONFLICT (provider, provider_token) DO NOTHING
RETURNING id
"""


@dataclass(frozen=True)
class InboundEmail:
    """One received message, as stored."""

    id: uuid.UUID
    provider: str
    provider_token: str
    recipient: str
    body_plain: str
    received_at: Any = None
    sender: str | None = None
    from_header: str | None = None
    subject: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references_ids: str | None = None
    stripped_text: str | None = None
    headers: list[list[str]] = field(default_factory=list)
    report: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    status: str = "received"
    kind: str | None = None
    client_id: uuid.UUID | None = None
    email_id: uuid.UUID | None = None
    processed_at: Any = None

    def header(self, name: str) -> str | None:
        """The first value of a header of the message (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def _params(message: dict[str, Any]) -> dict[str, Any]:
    return {**message, "headers": json.dumps(message.get("headers") or []),
            "attachments": json.dumps(message.get("attachments") or [])}


def store(conn: Conn, message: dict[str, Any]) -> uuid.UUID | None:
    """`astore` for a synchronous caller (the IMAP mailbox poller)."""
    with service_transaction(conn):
        row = conn.execute(STORE_SQL, _params(message)).fetchone()
        if row is None:
            return None
        queue.enqueue(conn, INBOUND_JOB, {"inbound_id": str(row["id"])})
    return uuid.UUID(str(row["id"]))


async def astore(conn: AsyncConn, message: dict[str, Any]) -> uuid.UUID | None:
    """Store a message and enqueue its processing in one transaction; None when its token was used before."""
    params = _params(message)
    async with aservice_transaction(conn):
        cur = await conn.execute(STORE_SQL, params)
        row = await cur.fetchone()
        if row is None:
            return None
        await queue.aenqueue(conn, INBOUND_JOB, {"inbound_id": str(row["id"])})
    return uuid.UUID(str(row["id"]))


def get(conn: Conn, inbound_id: uuid.UUID) -> InboundEmail | None:
    """One stored message (service role), None for an unknown id."""
    row = conn.execute("SELECT * FROM outreach_inbound_emails WHERE id = %s", (inbound_id,)).fetchone()
    return InboundEmail(**row) if row else None


def mark(conn: Conn, inbound_id: uuid.UUID, *, status: str, kind: str | None,
         client_id: uuid.UUID | None = None, email_id: uuid.UUID | None = None) -> bool:
    """What processing found (matched or not, what kind of message); False when it was recorded before."""
    cur = conn.execute(
        "UPDATE outreach_inbound_emails SET status = %s, kind = %s, client_id = %s, email_id = %s, "
        "processed_at = now() WHERE id = %s AND status = 'received'",
        (status, kind, client_id, email_id, inbound_id),
    )
    return cur.rowcount == 1
