"""Outreach e-mails: drafts, approval, the sending queue, sequences and the recipients' timeline.

An e-mail's status moves pending (drafted, awaiting approval; its text may be edited)
→ approved → sending (the SMTP server accepted the envelope; DATA is under way) → sent →
opened | replied | bounced, or pending → rejected (by the client, or by the agent's check,
or because the address became suppressed). The recipient's address is `prospect_email`
whether the recipient is a prospect or one of the client's leads (the seed's column).
Tenant functions: run them inside `tenant_transaction`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.connections import Conn
from bot.lead_platform.store.suppressions import suppressed_sql

EMAIL_COLUMNS = """id, client_id, campaign_id, prospect_id, lead_id, prospect_email, prospect_name, company_name,
    website, template_id, subject, content, status, sent_at, opened_at, replied_at, thread_id, gmail_message_id,
    follow_up_sequence, sender_email, language, recipient_timezone, scheduled_at, send_attempts, last_error,
    metadata, created_at, updated_at"""
# The sequence of an address in a campaign is over once it replied, bounced or unsubscribed.
SEQUENCE_OVER = """(
    EXISTS (SELECT 1 FROM outreach_emails o
            WHERE o.campaign_id = {e}.campaign_id AND lower(o.prospect_email) = lower({e}.prospect_email)
              AND (o.replied_at IS NOT NULL OR o.status IN ('replied', 'bounced')))
    OR EXISTS (SELECT 1 FROM outreach_tracking t JOIN outreach_emails o ON o.id = t.email_id
               WHERE o.campaign_id = {e}.campaign_id AND lower(o.prospect_email) = lower({e}.prospect_email)
                 AND t.action IN ('replied', 'bounced', 'unsubscribed'))
    OR """ + suppressed_sql("{e}.prospect_email") + ")"


@dataclass(frozen=True)
class NewEmail:
    """A draft as the outreach agent leaves it."""

    campaign_id: uuid.UUID
    address: str
    step: int
    status: str  # pending, approved or rejected
    subject: str
    content: str
    language: str
    timezone: str
    template_id: uuid.UUID | None
    prospect_id: uuid.UUID | None = None
    lead_id: uuid.UUID | None = None
    name: str | None = None
    company: str | None = None
    website: str | None = None
    thread_id: str | None = None
    metadata: dict[str, Any] | None = None


def insert_draft(conn: Conn, *, client_id: uuid.UUID | str, email: NewEmail) -> uuid.UUID | None:
    """Store a draft; None when this address already has an e-mail at this step of the campaign."""
    row = conn.execute(
        """INSERT INTO outreach_emails (client_id, campaign_id, prospect_id, lead_id, prospect_email, prospect_name,
                                        company_name, website, template_id, subject, content, status,
                                        follow_up_sequence, language, recipient_timezone, thread_id, metadata)
           VALUES (%(client_id)s, %(campaign_id)s, %(prospect_id)s, %(lead_id)s, %(address)s, %(name)s,
                   %(company)s, %(website)s, %(template_id)s, %(subject)s, %(content)s, %(status)s, %(step)s,
                   %(language)s, %(timezone)s, %(thread_id)s, %(metadata)s)
           ON CONFLICT (campaign_id, lower(prospect_email), follow_up_sequence) DO NOTHING
           RETURNING id""",
        {"client_id": client_id, "campaign_id": email.campaign_id, "prospect_id": email.prospect_id,
         "lead_id": email.lead_id, "address": email.address.strip(), "name": email.name,
         "company": email.company, "website": email.website, "template_id": email.template_id,
         "subject": email.subject, "content": email.content, "status": email.status, "step": email.step,
         "language": email.language, "timezone": email.timezone, "thread_id": email.thread_id,
         "metadata": json.dumps({"language": email.language, **(email.metadata or {})}, default=str)},
    ).fetchone()
    return row["id"] if row else None


def get_email(conn: Conn, email_id: uuid.UUID | str) -> dict[str, Any] | None:
    return conn.execute(f"SELECT {EMAIL_COLUMNS} FROM outreach_emails WHERE id = %s", (email_id,)).fetchone()


def list_emails(conn: Conn, campaign_id: uuid.UUID | str, *, status: str | None = None,
                limit: int = 200) -> list[dict[str, Any]]:
    """A campaign's e-mails (optionally of one status), oldest drafts first."""
    return conn.execute(
        f"""SELECT {EMAIL_COLUMNS} FROM outreach_emails
            WHERE campaign_id = %s AND (%s::text IS NULL OR status = %s)
            ORDER BY created_at, id LIMIT %s""",
        (campaign_id, status, status, limit),
    ).fetchall()


def decide(conn: Conn, email_id: uuid.UUID | str, *, approve: bool, by: str) -> bool:
    """Approve or reject one pending draft; False when it is not a pending draft of the tenant."""
    cur = conn.execute(
        """UPDATE outreach_emails SET status = %s, updated_at = now(),
                  metadata = metadata || jsonb_build_object('decided_by', %s::text, 'decided_at', now())
           WHERE id = %s AND status = 'pending'""",
        ("approved" if approve else "rejected", by, email_id),
    )
    return cur.rowcount == 1


def edit_draft(conn: Conn, email_id: uuid.UUID | str, *, subject: str, content: str, by: str) -> bool:
    """New subject and text for a pending draft (the check passed them); the agent's first text is
    kept once as `original`. False when it is not a pending draft of the tenant."""
    cur = conn.execute(
        """UPDATE outreach_emails SET subject = %(subject)s, content = %(content)s, updated_at = now(),
                  metadata = metadata || jsonb_build_object(
                      'edited_by', %(by)s::text, 'edited_at', now(), 'check', '[]'::jsonb,
                      'original', coalesce(metadata->'original',
                                           jsonb_build_object('subject', subject, 'content', content)))
           WHERE id = %(id)s AND status = 'pending'""",
        {"id": email_id, "subject": subject, "content": content, "by": by},
    )
    return cur.rowcount == 1


def approve_all(conn: Conn, campaign_id: uuid.UUID | str, *, by: str) -> int:
    """Approve every pending draft of a campaign; how many."""
    cur = conn.execute(
        """UPDATE outreach_emails SET status = 'approved', updated_at = now(),
                  metadata = metadata || jsonb_build_object('decided_by', %s::text, 'decided_at', now())
           WHERE campaign_id = %s AND status = 'pending'""",
        (by, campaign_id),
    )
    return cur.rowcount


def counts(conn: Conn, campaign_id: uuid.UUID | str, *, since: datetime) -> dict[str, int]:
    """Today's sending load of a campaign: sent since `since`, queued, and approved waiting."""
    row = conn.execute(
        """SELECT count(*) FILTER (WHERE sent_at >= %(since)s) AS sent_today,
                  count(*) FILTER (WHERE status IN ('approved', 'sending') AND scheduled_at IS NOT NULL)
                      AS queued,
                  count(*) FILTER (WHERE status = 'approved' AND scheduled_at IS NULL) AS waiting,
                  count(*) FILTER (WHERE status = 'pending') AS pending
           FROM outreach_emails WHERE campaign_id = %(campaign)s""",
        {"since": since, "campaign": campaign_id},
    ).fetchone()
    return {k: int(v) for k, v in (row or {}).items()}


def ready_to_send(conn: Conn, campaign_id: uuid.UUID | str, *, limit: int) -> list[dict[str, Any]]:
    """Approved e-mails no job is queued for yet: follow-ups first, then in drafting order."""
    return conn.execute(
        f"""SELECT {EMAIL_COLUMNS} FROM outreach_emails
            WHERE campaign_id = %s AND status = 'approved' AND scheduled_at IS NULL
            ORDER BY follow_up_sequence DESC, created_at, id LIMIT %s""",
        (campaign_id, limit),
    ).fetchall()


def mark_scheduled(conn: Conn, email_id: uuid.UUID | str, *, at: datetime | None) -> None:
    """A bulk_email job is queued for it (at), or no longer (None: the next tick re-queues it)."""
    conn.execute("UPDATE outreach_emails SET scheduled_at = %s, updated_at = now() WHERE id = %s",
                 (at, email_id))


def follow_ups_due(conn: Conn, campaign_id: uuid.UUID | str, *, step: int, sent_before: datetime,
                   limit: int) -> list[dict[str, Any]]:
    """E-mails at `step` sent before `sent_before` whose next step is not drafted and whose
    sequence is not over (no reply, bounce, unsubscribe or suppression)."""
    return conn.execute(
        f"""SELECT {', '.join('e.' + c.strip() for c in EMAIL_COLUMNS.split(','))}
            FROM outreach_emails e
            WHERE e.campaign_id = %(campaign)s AND e.follow_up_sequence = %(step)s AND e.sent_at IS NOT NULL
              AND e.sent_at <= %(before)s
              AND NOT EXISTS (SELECT 1 FROM outreach_emails n
                              WHERE n.campaign_id = e.campaign_id AND n.follow_up_sequence = e.follow_up_sequence + 1
                                AND lower(n.prospect_email) = lower(e.prospect_email))
              AND NOT {SEQUENCE_OVER.format(e='e')}
            ORDER BY e.sent_at, e.id LIMIT %(limit)s""",
        {"campaign": campaign_id, "step": step, "before": sent_before, "limit": limit},
    ).fetchall()


def sequence_over(conn: Conn, email_id: uuid.UUID | str) -> bool:
    """Whether this e-mail's recipient replied, bounced or unsubscribed (in this campaign) or is suppressed."""
    row = conn.execute(f"SELECT {SEQUENCE_OVER.format(e='e')} AS over FROM outreach_emails e WHERE e.id = %s",
                       (email_id,)).fetchone()
    return bool(row and row["over"])


def withdraw(conn: Conn, email_id: uuid.UUID | str, *, reason: str) -> None:
    """An approved or pending e-mail that must not go any more (its sequence ended, the address is suppressed)."""
    conn.execute(
        """UPDATE outreach_emails SET status = 'rejected', scheduled_at = NULL, updated_at = now(),
                  metadata = metadata || jsonb_build_object('withdrawn', %s::text)
           WHERE id = %s AND status IN ('pending', 'approved')""",
        (reason, email_id),
    )


def claim_for_sending(conn: Conn, email_id: uuid.UUID | str, *, message_id: str, at: datetime) -> bool:
    """Just before SMTP DATA: the approved e-mail becomes `sending` with its Message-ID (committed by
    the caller before the message goes). False when it is no longer approved (another job has it)."""
    cur = conn.execute(
        """UPDATE outreach_emails SET status = 'sending', gmail_message_id = %(mid)s, updated_at = now(),
                  metadata = metadata || jsonb_build_object('sending_at', %(at)s::timestamptz)
           WHERE id = %(id)s AND status = 'approved'""",
        {"id": email_id, "mid": message_id, "at": at},
    )
    return cur.rowcount == 1


def stale_sending(conn: Conn, campaign_id: uuid.UUID | str, *, before: datetime) -> list[dict[str, Any]]:
    """A campaign's e-mails `sending` since before `before` (their job is gone)."""
    return conn.execute(
        f"""SELECT {EMAIL_COLUMNS} FROM outreach_emails
            WHERE campaign_id = %s AND status = 'sending' AND (metadata->>'sending_at')::timestamptz < %s
            ORDER BY updated_at""",
        (campaign_id, before),
    ).fetchall()


def release(conn: Conn, email_id: uuid.UUID | str) -> None:
    """A `sending` e-mail the SMTP server answered with a refusal: approved again, to be retried."""
    conn.execute("""UPDATE outreach_emails SET status = 'approved', gmail_message_id = NULL, updated_at = now(),
                           metadata = metadata - 'sending_at'
                    WHERE id = %s AND status = 'sending'""", (email_id,))


def mark_sent(conn: Conn, email_id: uuid.UUID | str, *, message_id: str, thread_id: str, sender: str,
              at: datetime, unconfirmed: bool = False) -> None:
    """It left: status sent, its Message-ID, and the 'sent' event (`unconfirmed` when the server's
    acknowledgement was never read: see sending.py)."""
    conn.execute(
        """UPDATE outreach_emails SET status = 'sent', sent_at = %(at)s, gmail_message_id = %(mid)s,
                  thread_id = %(thread)s, sender_email = %(sender)s, send_attempts = send_attempts + 1,
                  last_error = NULL, updated_at = now(),
                  metadata = CASE WHEN %(unconfirmed)s THEN metadata || '{"delivery": "unconfirmed"}'::jsonb
                                  ELSE metadata END
           WHERE id = %(id)s""",
        {"id": email_id, "at": at, "mid": message_id, "thread": thread_id, "sender": sender,
         "unconfirmed": unconfirmed},
    )
    conn.execute(
        """INSERT INTO outreach_tracking (client_id, email_id, prospect_id, campaign_id, action, timestamp, metadata)
           SELECT client_id, id, prospect_id, campaign_id, 'sent', %s,
                  jsonb_build_object('message_id', %s::text) || CASE WHEN %s THEN '{"unconfirmed": true}'::jsonb
                                                                    ELSE '{}'::jsonb END
           FROM outreach_emails WHERE id = %s""",
        (at, message_id, unconfirmed, email_id),
    )


def record_failure(conn: Conn, email_id: uuid.UUID | str, *, error: str) -> int:
    """A temporary sending failure; returns how many attempts the e-mail has had."""
    row = conn.execute(
        """UPDATE outreach_emails SET send_attempts = send_attempts + 1, last_error = %s, updated_at = now()
           WHERE id = %s RETURNING send_attempts""",
        (error[:1000], email_id),
    ).fetchone()
    return int(row["send_attempts"]) if row else 0


def log_prospect_email(conn: Conn, email: dict[str, Any], *, at: datetime) -> None:
    """The prospect's outreach log row for a sent e-mail (the seed's prospect_outreach_log)."""
    conn.execute(
        """INSERT INTO prospect_outreach_log (client_id, prospect_id, subject, email_body, sent_at, status,
                                              email_id, campaign_id, metadata)
           VALUES (%(client)s, %(prospect)s, %(subject)s, %(body)s, %(at)s, 'sent', %(email)s, %(campaign)s,
                   jsonb_build_object('email_id', %(email)s::text, 'campaign_id', %(campaign)s::text,
                                      'follow_up_sequence', %(step)s))
           ON CONFLICT (email_id) DO NOTHING""",
        {"client": email["client_id"], "prospect": email["prospect_id"], "subject": email["subject"],
         "body": email["content"], "at": at, "email": email["id"], "campaign": email["campaign_id"],
         "step": email["follow_up_sequence"]},
    )


# -- what the campaign page shows -----------------------------------------------------------

def funnel(conn: Conn, campaign_id: uuid.UUID | str) -> dict[str, int]:
    """Recipients who were sent, opened, clicked, replied (each stage among the previous
    ones' recipients or not: an open pixel blocked by the mail client still lets a reply
    count), plus bounces and unsubscribes."""
    row = conn.execute(
        """SELECT count(DISTINCT lower(e.prospect_email)) FILTER (WHERE t.action = 'sent') AS sent,
                  count(DISTINCT lower(e.prospect_email)) FILTER (WHERE t.action = 'opened') AS opened,
                  count(DISTINCT lower(e.prospect_email)) FILTER (WHERE t.action = 'clicked') AS clicked,
                  count(DISTINCT lower(e.prospect_email)) FILTER (WHERE t.action = 'replied') AS replied,
                  count(DISTINCT lower(e.prospect_email)) FILTER (WHERE t.action = 'bounced') AS bounced,
                  count(DISTINCT lower(e.prospect_email)) FILTER (WHERE t.action = 'unsubscribed') AS unsubscribed
           FROM outreach_tracking t JOIN outreach_emails e ON e.id = t.email_id
           WHERE t.campaign_id = %s""",
        (campaign_id,),
    ).fetchone()
    return {k: int(v or 0) for k, v in (row or {}).items()}


def timeline(conn: Conn, campaign_id: uuid.UUID | str, *, limit: int = 100) -> list[dict[str, Any]]:
    """The campaign's recipients, most recently active first, each with its e-mails and events in order."""
    rows = conn.execute(
        """WITH recipients AS (
               SELECT lower(prospect_email) AS address, max(updated_at) AS last_change
               FROM outreach_emails WHERE campaign_id = %(campaign)s
               GROUP BY lower(prospect_email) ORDER BY last_change DESC LIMIT %(limit)s)
           SELECT r.address, r.last_change, e.id, e.follow_up_sequence, e.status, e.subject, e.company_name,
                  e.prospect_name, e.created_at, e.sent_at, e.metadata,
                  coalesce((SELECT jsonb_agg(jsonb_build_object('action', t.action, 'at', t.timestamp,
                                                                'unconfirmed', t.metadata ? 'unconfirmed')
                                             ORDER BY t.timestamp)
                            FROM outreach_tracking t WHERE t.email_id = e.id), '[]') AS events
           FROM recipients r
           JOIN outreach_emails e ON e.campaign_id = %(campaign)s AND lower(e.prospect_email) = r.address
           ORDER BY r.last_change DESC, r.address, e.follow_up_sequence""",
        {"campaign": campaign_id, "limit": limit},
    ).fetchall()
    people: dict[str, dict[str, Any]] = {}
    for row in rows:
        person = people.setdefault(row["address"], {"address": row["address"], "company": row["company_name"],
                                                    "name": row["prospect_name"], "emails": []})
        person["emails"].append(row)
    return list(people.values())


def open_sequences(conn: Conn, campaign_id: uuid.UUID | str, *, last_step: int) -> int:
    """Sent e-mails that may still get a follow-up (their sequence goes on and has steps left)."""
    row = conn.execute(
        f"""SELECT count(*) AS n FROM outreach_emails e
            WHERE e.campaign_id = %(campaign)s AND e.sent_at IS NOT NULL AND e.follow_up_sequence < %(last)s
              AND NOT EXISTS (SELECT 1 FROM outreach_emails n
                              WHERE n.campaign_id = e.campaign_id AND n.follow_up_sequence = e.follow_up_sequence + 1
                                AND lower(n.prospect_email) = lower(e.prospect_email))
              AND NOT {SEQUENCE_OVER.format(e='e')}""",
        {"campaign": campaign_id, "last": last_step},
    ).fetchone()
    return int(row["n"]) if row else 0
