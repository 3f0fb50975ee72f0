"""Engagement events of outreach e-mails: opens, clicks, unsubscribes, replies and bounces.

Every event is an `outreach_tracking` row carrying the e-mail's client, campaign and
prospect; the e-mail row keeps the first open, the reply and the status, which only
moves forward. Hits on an e-mail that was never sent (a draft shown in a preview) record
nothing.

The web hot path (pixel, click, unsubscribe) knows an e-mail only by the id its signed
token names, not its client: it works as the service role, and each statement takes the
client from the e-mail row itself, so no event can land on another tenant's e-mail. A
pixel hit is one statement in one round trip (pipeline): the event row and, on the
first open, the e-mail's `opened_at`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from bot.core.connections import AsyncConn, Conn
from bot.core.db import SERVICE_ROLE, aservice_transaction

# Statuses of an e-mail that left: events are recorded only for these.
SENT_STATUSES = ("sent", "delivered", "opened", "replied", "bounced")

# Hits of many e-mails in one statement (the web process batches them under load): each is
# an event row; an e-mail's first hit that may mark it opened sets opened_at and carries
# first_open = true. The e-mails to mark are locked in id order, so that two batches never
# deadlock on each other.
HITS_SQL = """
WITH hit AS (
    SELECT * FROM jsonb_to_recordset(%(hits)s::jsonb)
        AS h(n int, email_id uuid, action text, metadata jsonb, marks_open boolean)
), email AS (
    SELECT id, client_id, campaign_id, prospect_id FROM outreach_emails
    WHERE id IN (SELECT email_id FROM hit) AND status = ANY(%(sent)s)
), opener AS (
    SELECT DISTINCT ON (hit.email_id) hit.n, hit.email_id FROM hit JOIN email ON email.id = hit.email_id
    WHERE hit.marks_open ORDER BY hit.email_id, hit.n
), unopened AS (
    SELECT e.id FROM outreach_emails e JOIN opener o ON o.email_id = e.id
    WHERE e.opened_at IS NULL ORDER BY e.id FOR UPDATE OF e
), first_open AS (
    UPDATE outreach_emails e
    SET opened_at = now(), updated_at = now(),
        status = CASE WHEN e.status IN ('sent', 'delivered') THEN 'opened' ELSE e.status END
    FROM unopened u WHERE e.id = u.id AND e.opened_at IS NULL
    RETURNING e.id
)
INSERT INTO outreach_tracking (client_id, email_id, prospect_id, campaign_id, action, metadata)
SELECT email.client_id, email.id, email.prospect_id, email.campaign_id, hit.action,
       hit.metadata || jsonb_build_object('first_open', EXISTS (
           SELECT 1 FROM opener o JOIN first_open f ON f.id = o.email_id WHERE o.n = hit.n))
FROM hit JOIN email ON email.id = hit.email_id
ORDER BY hit.n
"""

# The address goes on the client's suppression list for ever; the event is recorded once.
UNSUBSCRIBE_SQL = """
WITH email AS (
    SELECT id, client_id, campaign_id, prospect_id, lower(btrim(prospect_email)) AS address
    FROM outreach_emails
    WHERE id = %(email_id)s AND status = ANY(%(sent)s)
), suppressed AS (
    INSERT INTO outreach_suppressions (client_id, email, reason, email_id)
    SELECT client_id, address, 'unsubscribed', id FROM email WHERE address <> ''
    ON CONFLICT (client_id, email) DO NOTHING
), event AS (
    INSERT INTO outreach_tracking (client_id, email_id, prospect_id, campaign_id, action, metadata)
    SELECT client_id, id, prospect_id, campaign_id, 'unsubscribed', %(metadata)s::jsonb FROM email
    WHERE NOT EXISTS (SELECT 1 FROM outreach_tracking t
                      WHERE t.email_id = email.id AND t.action = 'unsubscribed')
)
SELECT count(*) AS recorded FROM email
"""

RECIPIENT_SQL = """
SELECT e.id, e.client_id, e.campaign_id, e.prospect_id, e.status, e.prospect_email, e.prospect_name,
       e.subject, e.sent_at, COALESCE(e.lead_id, (e.metadata->>'reply_lead_id')::uuid) AS lead_id,
       e.reply_content, cp.name AS campaign_name, c.business_name, c.email AS client_email, c.language AS client_language,
       COALESCE(e.language, p.language, c.language) AS language
FROM outreach_emails e
JOIN clients c ON c.client_id = e.client_id
JOIN outreach_campaigns cp ON cp.id = e.campaign_id
LEFT JOIN prospect_candidates p ON p.id = e.prospect_id
WHERE e.id = %s
"""


@dataclass(frozen=True)
class Recipient:
    """An outreach e-mail as its recipient's pages and replies need it."""

    email_id: uuid.UUID
    client_id: uuid.UUID
    campaign_id: uuid.UUID
    prospect_id: uuid.UUID | None
    status: str
    address: str | None
    name: str | None
    subject: str | None
    sent_at: Any
    lead_id: uuid.UUID | None  # the client's lead it was written to, or the one a reply created
    reply_content: str | None
    campaign_name: str
    business_name: str
    client_email: str
    client_language: str
    language: str  # the recipient's

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Recipient:
        return cls(email_id=row["id"], client_id=row["client_id"], campaign_id=row["campaign_id"],
                   prospect_id=row["prospect_id"], status=row["status"], address=row["prospect_email"],
                   name=row["prospect_name"], subject=row["subject"], sent_at=row["sent_at"],
                   lead_id=row["lead_id"], reply_content=row["reply_content"],
                   campaign_name=row["campaign_name"], business_name=row["business_name"],
                   client_email=row["client_email"], client_language=row["client_language"],
                   language=row["language"] or "en")

    @property
    def was_sent(self) -> bool:
        return self.status in SENT_STATUSES


@dataclass(frozen=True)
class Hit:
    """One pixel load or click: `marks_open` lets it set the e-mail's first open."""

    email_id: uuid.UUID
    action: str  # 'opened' | 'clicked'
    metadata: dict[str, Any]
    marks_open: bool


async def arecord_hits(conn: AsyncConn, hits: list[Hit]) -> None:
    """Record a batch of hits in one statement and one round trip."""
    rows = [{"n": n, "email_id": str(h.email_id), "action": h.action, "metadata": h.metadata,
             "marks_open": h.marks_open} for n, h in enumerate(hits)]
    async with conn.pipeline(), conn.transaction():
        # Opens and clicks are worth less than a wait for the disk: the commit does not wait
        # for its WAL flush (a crash of PostgreSQL may lose the last fraction of a second of
        # hits, never leave half of one).
        await conn.execute("SELECT set_config('role', %s, true), set_config('synchronous_commit', 'off', true)",
                           (SERVICE_ROLE,))
        await conn.execute(HITS_SQL, {"hits": json.dumps(rows), "sent": list(SENT_STATUSES)})


async def arecipient(conn: AsyncConn, email_id: uuid.UUID) -> Recipient | None:
    """The e-mail a token names, with its recipient's language and the client's name."""
    async with aservice_transaction(conn):
        cur = await conn.execute(RECIPIENT_SQL, (email_id,))
        row = await cur.fetchone()
    return Recipient.from_row(row) if row else None


async def aunsubscribe(conn: AsyncConn, email_id: uuid.UUID, *, metadata: dict[str, Any]) -> Recipient | None:
    """Suppress the e-mail's address for its client (once) and return the recipient for the page."""
    async with aservice_transaction(conn):
        await conn.execute(UNSUBSCRIBE_SQL, {"email_id": email_id, "sent": list(SENT_STATUSES),
                                             "metadata": json.dumps(metadata)})
        cur = await conn.execute(RECIPIENT_SQL, (email_id,))
        row = await cur.fetchone()
    return Recipient.from_row(row) if row else None


def recipient(conn: Conn, email_id: uuid.UUID) -> Recipient | None:
    """`arecipient` for workers, in the caller's transaction (service role)."""
    row = conn.execute(RECIPIENT_SQL, (email_id,)).fetchone()
    return Recipient.from_row(row) if row else None


def unsubscribe(conn: Conn, email_id: uuid.UUID, *, metadata: dict[str, Any]) -> None:
    """`aunsubscribe` for workers (an unsubscribe request by e-mail), in the caller's transaction."""
    conn.execute(UNSUBSCRIBE_SQL, {"email_id": email_id, "sent": list(SENT_STATUSES),
                                   "metadata": json.dumps(metadata)})


REPLY_SQL = """
WITH email AS (
    UPDATE outreach_emails
    SET status = 'replied', replied_at = COALESCE(replied_at, now()), reply_content = %(content)s,
        updated_at = now()
    WHERE id = %(email_id)s
    RETURNING id, client_id, campaign_id, prospect_id
)
INSERT INTO outreach_tracking (client_id, email_id, prospect_id, campaign_id, action, metadata)
SELECT client_id, id, prospect_id, campaign_id, 'replied', %(metadata)s::jsonb FROM email
"""

# A reply outranks a bounce report (the address works after all); the address is suppressed
# and the event recorded once.
BOUNCE_SQL = """
WITH email AS (
    UPDATE outreach_emails
    SET status = CASE WHEN status = 'replied' THEN status ELSE 'bounced' END, updated_at = now()
    WHERE id = %(email_id)s
    RETURNING id, client_id, campaign_id, prospect_id, lower(btrim(prospect_email)) AS address
), suppressed AS (
    INSERT INTO outreach_suppressions (client_id, email, reason, email_id)
    SELECT client_id, address, 'bounced', id FROM email WHERE address <> ''
    ON CONFLICT (client_id, email) DO NOTHING
)
INSERT INTO outreach_tracking (client_id, email_id, prospect_id, campaign_id, action, metadata)
SELECT client_id, id, prospect_id, campaign_id, 'bounced', %(metadata)s::jsonb FROM email
WHERE NOT EXISTS (SELECT 1 FROM outreach_tracking t WHERE t.email_id = email.id AND t.action = 'bounced')
"""

# The prospect's outreach log row for this e-mail (written when it was sent), or a new one;
# a reply outranks a bounce report.
PROSPECT_LOG_SQL = """
INSERT INTO prospect_outreach_log (client_id, prospect_id, email_id, campaign_id, subject, email_body,
                                   sent_at, replied_at, status, reply_content)
SELECT e.client_id, e.prospect_id, e.id, e.campaign_id, e.subject, e.content, COALESCE(e.sent_at, now()),
       CASE WHEN %(status)s = 'replied' THEN now() END, %(status)s, %(content)s
FROM outreach_emails e
WHERE e.id = %(email_id)s AND e.prospect_id IS NOT NULL
ON CONFLICT (email_id) DO UPDATE
SET status = CASE WHEN prospect_outreach_log.status = 'replied' THEN 'replied' ELSE EXCLUDED.status END,
    replied_at = COALESCE(prospect_outreach_log.replied_at, EXCLUDED.replied_at),
    reply_content = COALESCE(EXCLUDED.reply_content, prospect_outreach_log.reply_content)
"""


def record_reply(conn: Conn, email_id: uuid.UUID, *, content: str, metadata: dict[str, Any]) -> None:
    """Mark the e-mail replied (this stops its sequence), keep what was said, record the event."""
    conn.execute(REPLY_SQL, {"email_id": email_id, "content": content, "metadata": json.dumps(metadata)})


def record_bounce(conn: Conn, email_id: uuid.UUID, *, metadata: dict[str, Any]) -> None:
    """Mark the e-mail bounced, suppress its address for the client, record the event once."""
    conn.execute(BOUNCE_SQL, {"email_id": email_id, "metadata": json.dumps(metadata)})


def log_prospect_outcome(conn: Conn, email_id: uuid.UUID, *, status: str, content: str | None = None) -> None:
    """'replied' (with the reply) or 'bounced' in the prospect's outreach log; nothing for a
    lead's e-mail."""
    conn.execute(PROSPECT_LOG_SQL, {"email_id": email_id, "status": status, "content": content})


def link_lead(conn: Conn, email_id: uuid.UUID, lead_id: uuid.UUID) -> None:
    """Remember the lead a reply to this prospect e-mail created (later replies add to it)."""
    conn.execute("UPDATE outreach_emails SET metadata = metadata || jsonb_build_object('reply_lead_id', %s::text), "
                 "updated_at = now() WHERE id = %s", (str(lead_id), email_id))
