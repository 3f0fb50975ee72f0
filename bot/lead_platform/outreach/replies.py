"""Jobs: what an inbound e-mail means, recorded (`inbound_email`), and the client told of a reply
(`outreach_reply_notice`).

A reply marks its e-mail replied (which stops the sequence: follow-ups check the status),
keeps what was said, becomes a lead of the client through the normal intake (so it is
enriched) and queues the client's notice; a bounce report marks the e-mail bounced and
suppresses the address; an unsubscribe request by e-mail suppresses it; an answer to a
contact-form test goes to the form tests (`form_test_reply`). Everything one message
causes commits in one transaction with the message marked processed, so running the job
again changes nothing.
"""

from __future__ import annotations

import uuid
from email.utils import parseaddr
from typing import Any

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction, switch_to_service, tenant_transaction
from bot.core.mail import EmailNotConfigured, send_email
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.worker import Handler, PermanentError
from bot.lead_platform.outreach import mailbox
from bot.lead_platform.outreach.inbound import Reading, read
from bot.lead_platform.outreach.recipient_texts import REPLY_NOTICE
from bot.lead_platform.store import inbound_emails, learning, tracking
from bot.lead_platform.store.clients import get_client
from bot.lead_platform.store.inbound_emails import INBOUND_JOB, InboundEmail
from bot.lead_platform.store.intake import RequestMeta, record_lead
from bot.lead_platform.store.leads import get_lead

REPLY_NOTICE_JOB = "outreach_reply_notice"
FORM_TEST_REPLY_JOB = "form_test_reply"  # handled by the form tests (prospects)
REPLY_ACTION = "outreach_reply"
MAX_REPLY_CHARS = 20_000
LEAD_SOURCE = RequestMeta(key_prefix=None, ip=None, user_agent=None, endpoint="/webhooks/mailgun/inbound")


class _AlreadyProcessed(Exception):
    """Another run recorded this message first: roll this one back."""


def _uuid(payload: dict[str, Any], key: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(payload[key]))
    except (KeyError, ValueError):
        raise PermanentError(f"payload lacks a valid {key}") from None


def process_inbound(services: Services, job: Job) -> dict[str, Any]:
    """Match one stored message and record what it means."""
    inbound_id = _uuid(job.payload, "inbound_id")
    with services.pool.connection() as conn:
        with service_transaction(conn):
            message = inbound_emails.get(conn, inbound_id)
            if message is None:
                raise PermanentError("inbound e-mail not found")
            if message.status != "received":
                return {"skipped": "already processed"}
            reading = read(message, secret=services.settings.secret_key.get_secret_value())
            if reading.kind == "form_test":
                _to_form_test(conn, message, reading)
                return {"kind": "form_test", "test_id": str(reading.test_id)}
            recipient = tracking.recipient(conn, reading.email_id) if reading.email_id else None
            if recipient is None:
                inbound_emails.mark(conn, inbound_id, status="unmatched", kind=reading.kind)
                return {"kind": reading.kind, "matched": False}
        try:
            with tenant_transaction(conn, recipient.client_id):
                outcome = _record(conn, message, reading, recipient)
                switch_to_service(conn)
                if not inbound_emails.mark(conn, inbound_id, status="matched", kind=reading.kind,
                                           client_id=recipient.client_id, email_id=recipient.email_id):
                    raise _AlreadyProcessed
        except _AlreadyProcessed:
            return {"skipped": "already processed"}
    return {"kind": reading.kind, "email_id": str(recipient.email_id), "matched_by": reading.matched_by, **outcome}


def _to_form_test(conn: Conn, message: InboundEmail, reading: Reading) -> None:
    queue.enqueue(conn, FORM_TEST_REPLY_JOB, {
        "test_id": str(reading.test_id), "received_at": message.received_at.isoformat(),
        "from": message.from_header or message.sender or "", "subject": message.subject or "",
        "body": message.body_plain,
    }, dedup_key=f"inbound:{message.id}")
    inbound_emails.mark(conn, message.id, status="matched", kind="form_test")


def _record(conn: Conn, message: InboundEmail, reading: Reading, recipient: tracking.Recipient) -> dict[str, Any]:
    """The tenant's rows for one matched message."""
    email_id = recipient.email_id
    if reading.kind == "reply":
        return _record_reply(conn, message, recipient)
    if reading.kind == "bounce" and reading.bounce is not None:
        bounce = reading.bounce
        tracking.record_bounce(conn, email_id, metadata={
            "inbound_id": str(message.id), "status": bounce.status, "diagnostic": bounce.diagnostic,
            "recipients": list(bounce.recipients)})
        tracking.log_prospect_outcome(conn, email_id, status="bounced")
        return {"status": bounce.status}
    if reading.kind == "unsubscribe":
        tracking.unsubscribe(conn, email_id, metadata={"inbound_id": str(message.id), "via": "email"})
    # Out-of-office answers and delay notices are kept with the message, nothing more.
    return {}


def _record_reply(conn: Conn, message: InboundEmail, recipient: tracking.Recipient) -> dict[str, Any]:
    said = ((message.stripped_text or "").strip() or message.body_plain.strip())[:MAX_REPLY_CHARS]
    name, address = parseaddr(message.from_header or message.sender or "")
    tracking.record_reply(conn, recipient.email_id, content=said,
                          metadata={"inbound_id": str(message.id), "from": address or None})
    tracking.log_prospect_outcome(conn, recipient.email_id, status="replied", content=said)
    lead = get_lead(conn, recipient.lead_id) if recipient.lead_id else None
    if lead is not None:
        # Written to one of the client's leads, or answered before: the same lead, one more action.
        learning.record_action(conn, lead=lead, action_type=REPLY_ACTION, performed_by="system")
        lead_id = lead["id"]
    else:
        client = get_client(conn, recipient.client_id)
        if client is None:
            raise PermanentError("client not found")
        lead_id = record_lead(conn, client=client, lead={
            "name": (name or recipient.name or "")[:255] or None, "email": address or recipient.address,
            "message": said, "language": None,
        }, meta=LEAD_SOURCE, logged_body={"source": "outreach_reply", "email_id": str(recipient.email_id),
                                          "inbound_id": str(message.id)})
        tracking.link_lead(conn, recipient.email_id, lead_id)
    switch_to_service(conn)
    queue.enqueue(conn, REPLY_NOTICE_JOB, {"client_id": str(recipient.client_id), "email_id": str(recipient.email_id),
                                           "inbound_id": str(message.id)}, dedup_key=f"reply:{message.id}")
    return {"lead_id": str(lead_id), "new_lead": lead is None}


def reply_notice(services: Services, job: Job) -> dict[str, Any]:
    """E-mail the client the reply, in the client's language, answerable directly."""
    inbound_id, email_id = _uuid(job.payload, "inbound_id"), _uuid(job.payload, "email_id")
    with services.pool.connection() as conn, service_transaction(conn):
        message = inbound_emails.get(conn, inbound_id)
        recipient = tracking.recipient(conn, email_id)
    if message is None or recipient is None:
        raise PermanentError("reply or e-mail not found (deleted?)")
    name, address = parseaddr(message.from_header or message.sender or "")
    words = REPLY_NOTICE.get(recipient.client_language, REPLY_NOTICE["en"])
    sender = name or address or recipient.address or "?"
    said = (message.stripped_text or "").strip() or message.body_plain.strip()
    text = "\n\n".join([words["intro"].format(sender=sender, campaign=recipient.campaign_name),
                        words["reply"], said[:MAX_REPLY_CHARS], words["answer"]])
    subject = words["subject"].format(sender=sender, subject=message.subject or recipient.subject or "")
    try:
        sent = send_email(services.settings, to=recipient.client_email, subject=subject[:300], text=text,
                          reply_to=address or None)
    except EmailNotConfigured as exc:
        raise PermanentError(str(exc)) from None
    return {"message_id": sent, "to": recipient.client_email}


def job_handlers(services: Services) -> dict[str, Handler]:
    """Job type -> handler for inbound e-mail (and the IMAP mailbox's poll)."""
    return {
        INBOUND_JOB: lambda job: process_inbound(services, job),
        REPLY_NOTICE_JOB: lambda job: reply_notice(services, job),
        **mailbox.job_handlers(services),  # the second way in: an IMAP mailbox
    }
