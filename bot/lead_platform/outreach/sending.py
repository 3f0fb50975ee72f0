"""The `bulk_email` job: one approved outreach e-mail over SMTP, when and as it may go.

Before sending, again (a job can wait in the queue): the e-mail is still approved, its
campaign active, its address not suppressed and its sequence not over (a reply, bounce
or unsubscribe stops the follow-ups), the recipient's sending window is open, the
campaign's daily cap not reached, and the recipient's domain has a free slot this
minute. A wait is a RetryLater (the attempt does not count). SMTP answers:

- 2xx: the e-mail is `sent` (the 'sent' event, the prospect's outreach log);
- 5xx (a permanent refusal): `bounced`, the address suppressed for the client, the event;
- anything else (4xx, or a dropped connection or a timeout before DATA): retried with
  backoff, up to MAX_ATTEMPTS, then the job fails with the error kept on the e-mail.

At most once. Once the server has accepted the envelope (MAIL FROM, RCPT TO), the
e-mail becomes `sending` with its Message-ID in a committed transaction, and only then
does DATA go. From there the server may hold the message without us knowing: the
connection can drop before its answer arrives, or the worker can die before the row is
updated (the job then runs again). Either way the e-mail is recorded as sent, marked
`unconfirmed` in its metadata and its 'sent' event, and never sent a second time: a
cold e-mail received twice costs the client a spam complaint, one possibly lost costs
one recipient, and its bounce report or reply still finds it by its tokens. It is sent
again only when the server answered DATA with a refusal (4xx: retried; 5xx: bounced), or
when the failure came before DATA (nothing was handed over). A `sending` row whose job
was lost for good is settled the same way by the next `outreach_tick` (STALE_SENDING).
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import datetime, timedelta
from typing import Any

from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.core.mail import EmailNotConfigured, send_email
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.worker import PermanentError, RetryLater
from bot.lead_platform.outreach import message
from bot.lead_platform.outreach.window import Window, day_start
from bot.lead_platform.store import campaigns as campaigns_repo
from bot.lead_platform.store import clients as clients_repo
from bot.lead_platform.store import domain_throttle, tracking
from bot.lead_platform.store import outreach_emails as emails
from bot.lead_platform.store.clients import Client
from bot.lead_platform.store.suppressions import is_suppressed

SEND_JOB = "bulk_email"
MAX_ATTEMPTS = 8
# A `sending` e-mail older than this has no live job any more: the queue takes a job back
# after its 300 s processing timeout at the latest.
STALE_SENDING = timedelta(minutes=15)

log = logging.getLogger(__name__)


class _ClaimLost(Exception):
    """Another job claimed the e-mail first: this one sends nothing."""


def retry_delay(attempts: int) -> float:
    """1 min, 2, 4 … up to an hour between temporary failures."""
    return float(min(3600, 60 * 2 ** max(0, attempts - 1)))


def permanent_code(exc: smtplib.SMTPException) -> int | None:
    """The 5xx code of a permanent refusal of the recipient or the message, else None (a temporary
    one, or our own envelope sender refused: a configuration problem, not the recipient's)."""
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return None
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return codes[0] if codes and all(500 <= c < 600 for c in codes) else None
    code = getattr(exc, "smtp_code", None)
    return code if isinstance(code, int) and 500 <= code < 600 else None


def _payload(job: Job) -> tuple[str, str]:
    try:
        return str(uuid.UUID(str(job.payload["client_id"]))), str(uuid.UUID(str(job.payload["email_id"])))
    except (KeyError, ValueError) as exc:
        raise PermanentError(f"bad payload: {exc}") from None


def _wait_for_cap(campaign: campaigns_repo.Campaign, now: datetime, zone: str) -> float:
    """Seconds until the recipient's window opens on another day than today (the cap is spent)."""
    tomorrow = day_start(now, campaign.timezone) + timedelta(days=1)
    window = Window(campaign.window_start_hour, campaign.window_end_hour, campaign.window_days)
    return (tomorrow - now).total_seconds() + window.opens_in(tomorrow, zone)


def send(services: Services, job: Job) -> dict[str, Any]:
    """Send one outreach e-mail (module docstring)."""
    client_id, email_id = _payload(job)
    now = services.clock()
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        email = emails.get_email(conn, email_id)
        campaign = campaigns_repo.get_campaign(conn, email["campaign_id"]) if email else None
        client = clients_repo.get_client(conn, client_id)
        address = campaigns_repo.postal_address(conn, client_id)
        if email is None or campaign is None or client is None:
            return {"skipped": "e-mail or campaign deleted"}
        if email["status"] == "sending":  # an earlier run died after handing it over (module docstring)
            settle_unconfirmed(conn, email, sender=message.sender_of(services.settings, client.business_name))
            return {"unconfirmed": str(email_id)}
        if email["status"] != "approved":
            return {"skipped": f"e-mail is {email['status']}"}
        if campaign.status != "active":
            emails.mark_scheduled(conn, email_id, at=None)  # re-queued when the campaign resumes
            return {"skipped": f"campaign is {campaign.status}"}
        if is_suppressed(conn, email["prospect_email"]) or emails.sequence_over(conn, email_id):
            emails.withdraw(conn, email_id, reason="sequence over or address suppressed")
            return {"skipped": "sequence over or address suppressed"}
        sent_today = emails.counts(conn, campaign.id, since=day_start(now, campaign.timezone))["sent_today"]
        previous = _previous_message_id(conn, email)
    if address is None:
        raise PermanentError("the client has no postal address for the footer")
    zone = email["recipient_timezone"] or campaign.timezone
    wait = Window(campaign.window_start_hour, campaign.window_end_hour, campaign.window_days).opens_in(now, zone)
    if wait > 0:
        raise RetryLater(wait, "outside the sending window")
    if sent_today >= campaign.daily_cap:
        raise RetryLater(_wait_for_cap(campaign, now, zone), "daily cap reached")
    with services.pool.connection() as conn, service_transaction(conn):
        wait = domain_throttle.take_slot(conn, domain=domain_throttle.domain_of(email["prospect_email"]),
                                         limit=services.settings.outreach_domain_per_minute, now=now)
    if wait > 0:
        raise RetryLater(wait, "recipient domain throttled")
    outgoing = message.build(services.settings, email_id=email_id, to=email["prospect_email"],
                             subject=email["subject"], body=email["content"],
                             language=email["language"] or client.language, business=client.business_name,
                             postal_address=address, in_reply_to=previous)
    return _deliver(services, client_id, email, outgoing, now=now)


def _previous_message_id(conn: Conn, email: dict[str, Any]) -> str | None:
    """The Message-ID of the e-mail this follow-up continues (None for a first e-mail)."""
    if email["follow_up_sequence"] <= 1:
        return None
    row = conn.execute(
        """SELECT gmail_message_id FROM outreach_emails
           WHERE campaign_id = %s AND lower(prospect_email) = lower(%s) AND follow_up_sequence = %s""",
        (email["campaign_id"], email["prospect_email"], email["follow_up_sequence"] - 1),
    ).fetchone()
    return row["gmail_message_id"] if row else None


def _deliver(services: Services, client_id: str, email: dict[str, Any], outgoing: message.Outgoing, *,
             now: datetime) -> dict[str, Any]:
    email_id = email["id"]
    claimed = False

    def claim() -> None:
        """Just before DATA: `sending`, committed (module docstring)."""
        nonlocal claimed
        with services.pool.connection() as conn, tenant_transaction(conn, client_id):
            if not emails.claim_for_sending(conn, email_id, message_id=outgoing.message_id, at=now):
                raise _ClaimLost
        claimed = True

    try:
        send_email(services.settings, to=outgoing.to, subject=outgoing.subject, text=outgoing.text,
                   html=outgoing.html, reply_to=outgoing.reply_to, sender=outgoing.sender,
                   message_id=outgoing.message_id, headers=outgoing.headers,
                   envelope_sender=outgoing.envelope_sender, before_data=claim)
    except _ClaimLost:
        return {"skipped": "another job is sending it"}
    except EmailNotConfigured as exc:
        raise PermanentError(str(exc)) from None
    except smtplib.SMTPResponseException as exc:  # the server answered, and refused
        if claimed:
            with services.pool.connection() as conn, tenant_transaction(conn, client_id):
                emails.release(conn, email_id)
        return _refused(services, client_id, email, outgoing, exc, now=now)
    except smtplib.SMTPRecipientsRefused as exc:
        return _refused(services, client_id, email, outgoing, exc, now=now)
    except (smtplib.SMTPException, OSError) as exc:  # a dropped connection, a timeout, TLS
        if claimed:  # during DATA: the server may have the message
            with services.pool.connection() as conn, tenant_transaction(conn, client_id):
                sent = emails.get_email(conn, email_id)
                if sent is not None:
                    settle_unconfirmed(conn, sent, sender=outgoing.sender, error=f"{type(exc).__name__}: {exc}")
            return {"unconfirmed": str(email_id), "error": str(exc)}
        return _temporary(services, client_id, email_id, f"{type(exc).__name__}: {exc}")
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        _mark_sent(conn, email, message_id=outgoing.message_id, sender=outgoing.sender, at=now)
    return {"sent": str(email_id), "message_id": outgoing.message_id}


def _refused(services: Services, client_id: str, email: dict[str, Any], outgoing: message.Outgoing,
             exc: smtplib.SMTPException, *, now: datetime) -> dict[str, Any]:
    """A refusal in so many words: 5xx is a bounce, anything else is retried."""
    code = permanent_code(exc)
    if code is None:
        return _temporary(services, client_id, email["id"], f"{type(exc).__name__}: {exc}")
    # It left and came back at once: sent, then bounced (delivered = sent − bounced).
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        _mark_sent(conn, email, message_id=outgoing.message_id, sender=outgoing.sender, at=now)
        tracking.record_bounce(conn, email["id"], metadata={"source": "smtp", "code": code,
                                                            "error": str(exc)[:300]})
    return {"bounced": code}


def _mark_sent(conn: Conn, email: dict[str, Any], *, message_id: str, sender: str, at: datetime,
               unconfirmed: bool = False) -> None:
    """The e-mail left: its row, the 'sent' event, and for a prospect the outreach log and `contacted`."""
    thread = email["thread_id"] or message_id  # a follow-up carries its first e-mail's
    emails.mark_sent(conn, email["id"], message_id=message_id, thread_id=thread, sender=sender, at=at,
                     unconfirmed=unconfirmed)
    if email["prospect_id"] is not None:
        emails.log_prospect_email(conn, email, at=at)
        if email["follow_up_sequence"] == 1:
            campaigns_repo.mark_prospect_contacted(conn, email["prospect_id"])


def settle_unconfirmed(conn: Conn, email: dict[str, Any], *, sender: str, error: str | None = None) -> None:
    """A `sending` e-mail whose outcome was never read: sent, unconfirmed, not sent again (tenant)."""
    started = (email["metadata"] or {}).get("sending_at")
    at = datetime.fromisoformat(started) if started else email["updated_at"]
    log.warning("outreach e-mail %s was handed to the SMTP server but its answer was never read (%s): "
                "recorded as sent, unconfirmed, and not sent again", email["id"], error or "worker lost")
    _mark_sent(conn, email, message_id=email["gmail_message_id"], sender=sender, at=at, unconfirmed=True)


def settle_stale(services: Services, campaign: campaigns_repo.Campaign, client: Client) -> int:
    """`sending` e-mails of a campaign whose job was lost for good (module docstring); how many."""
    sender = message.sender_of(services.settings, client.business_name)
    with services.pool.connection() as conn, tenant_transaction(conn, campaign.client_id):
        stale = emails.stale_sending(conn, campaign.id, before=services.clock() - STALE_SENDING)
        for email in stale:
            settle_unconfirmed(conn, email, sender=sender)
    return len(stale)


def _temporary(services: Services, client_id: str, email_id: uuid.UUID, error: str) -> dict[str, Any]:
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        attempts = emails.record_failure(conn, email_id, error=error)
    if attempts >= MAX_ATTEMPTS:
        raise PermanentError(f"gave up after {attempts} attempts: {error}")
    raise RetryLater(retry_delay(attempts), error)
