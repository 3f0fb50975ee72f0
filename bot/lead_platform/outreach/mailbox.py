"""The IMAP mailbox: a second way in for replies, bounce reports and form-test answers.

When the outreach domain's mail is delivered to a mailbox rather than posted by Mailgun
(IMAP_HOST set), the `imap_poll` job reads it every minute: each message not yet seen is
stored as the Mailgun route stores a post (outreach_inbound_emails, and the same
`inbound_email` job matches it), and only then flagged \\Seen. A message is stored once
whatever happens: its token is the mailbox's UIDVALIDITY and the message's UID, so a poll
that died before flagging it stores nothing the second time. Matching relies on the
envelope recipient (the bounce+ and formtest+ addresses): the Delivered-To or
X-Original-To header the receiving server adds, else To and Cc.
"""

from __future__ import annotations

import email.policy
import imaplib
import logging
from email.message import EmailMessage
from typing import Any

import psycopg

from bot.core import queue
from bot.core.connections import Pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.text import storable
from bot.core.worker import Handler
from bot.lead_platform.outreach.inbound import REPORT_TYPES
from bot.lead_platform.store import inbound_emails

POLL_JOB = "imap_poll"
POLL_EVERY = 60.0  # seconds
BATCH = 100  # messages stored per poll at most (the rest wait for the next one)
PROVIDER = "imap"
ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To")
MAX_HEADER = 10_000

log = logging.getLogger(__name__)


def _text(value: object, limit: int | None = None) -> str:
    text = storable(str(value))
    return text[:limit] if limit else text


def _part_text(part: EmailMessage) -> str:
    """A part as text: decoded for text/*, as written for message/* (a report's blocks)."""
    if part.get_content_maintype() == "text":
        return str(part.get_content())
    payload = part.get_payload()
    return "".join(str(p) for p in payload) if isinstance(payload, list) else str(payload)


def read_message(raw: bytes, *, token: str) -> dict[str, Any]:
    """A received message as outreach_inbound_emails stores it (the Mailgun route's fields)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    recipient = next((str(message[h]) for h in ENVELOPE_HEADERS if message[h]), None)
    if recipient is None:
        recipient = ", ".join(str(v) for h in ("To", "Cc") for v in message.get_all(h, []))
    body = message.get_body(("plain",))
    report, attachments = [], []
    for part in message.walk():
        if part.is_multipart() or part is body:
            continue
        kind = part.get_content_type()
        attachments.append({"type": kind, "filename": _text(part.get_filename() or "", 300) or None})
        if kind in REPORT_TYPES:
            report.append(_part_text(part))
    sender = message["Return-Path"]
    return {
        "provider": PROVIDER, "provider_token": token, "recipient": _text(recipient, 2000),
        "sender": _text(sender, 2000).strip() if sender is not None else None,
        "from_header": _text(message["From"], 2000) if message["From"] else None,
        "subject": _text(message["Subject"], 2000) if message["Subject"] else None,
        **{key: _text(message[name], MAX_HEADER) if message[name] else None
           for key, name in (("message_id", "Message-ID"), ("in_reply_to", "In-Reply-To"),
                             ("references_ids", "References"))},
        "body_plain": _text(_part_text(body)) if isinstance(body, EmailMessage) else "",
        "stripped_text": None, "headers": [[_text(k, 200), _text(v, MAX_HEADER)] for k, v in message.items()],
        "report": _text("\n".join(report)) if report else None, "attachments": attachments,
    }


def _connect(settings: Settings) -> imaplib.IMAP4:
    host = str(settings.imap_host)
    return (imaplib.IMAP4_SSL(host, settings.imap_port, timeout=30) if settings.imap_ssl
            else imaplib.IMAP4(host, settings.imap_port, timeout=30))


def _ok(answer: tuple[str, list[Any]], what: str) -> list[Any]:
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"{what}: {status} {data}")
    return data


def poll(settings: Settings, pool: Pool) -> dict[str, int]:
    """Store the mailbox's unseen messages (module docstring); how many were read and stored."""
    read = stored = 0
    with _connect(settings) as imap:
        password = settings.imap_password.get_secret_value() if settings.imap_password else ""
        _ok(imap.login(settings.imap_username or "", password), "LOGIN")
        _ok(imap.select(settings.imap_mailbox), "SELECT")
        validity = (imap.response("UIDVALIDITY")[1] or [b"0"])[0]
        uids = _ok(imap.uid("SEARCH", "UNSEEN"), "SEARCH")[0].split()[:BATCH]
        for uid in uids:
            fetched = _ok(imap.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if raw is None:
                continue
            token = f"{settings.imap_mailbox}:{validity.decode()}:{uid.decode()}"
            with pool.connection() as conn:
                stored += inbound_emails.store(conn, read_message(raw, token=token)) is not None
            _ok(imap.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "STORE")
            read += 1
    return {"read": read, "stored": stored}


def job_handlers(services: Services) -> dict[str, Handler]:
    """The `imap_poll` job; its first run is seeded when IMAP_HOST is set."""

    def imap_poll(job: queue.Job) -> dict[str, Any]:
        if not services.settings.imap_host:
            return {"skipped": "IMAP_HOST is not set"}
        try:
            result: dict[str, Any] = dict(poll(services.settings, services.pool))
        except (imaplib.IMAP4.error, OSError) as exc:  # the next poll is the retry
            log.warning("reading the IMAP mailbox failed: %s", exc)
            result = {"error": str(exc)[:300]}
        if job.dedup_key == queue.PERIODIC_KEY:
            with services.pool.connection() as conn:
                queue.schedule(conn, POLL_JOB, delay=POLL_EVERY)
        return result

    if services.settings.imap_host:
        try:
            with services.pool.connection() as conn:
                queue.schedule(conn, POLL_JOB, delay=POLL_EVERY)
        except psycopg.Error as exc:  # a worker must start even if seeding fails; the next start retries
            log.warning("could not schedule the IMAP poll: %s", exc)
    return {POLL_JOB: imap_poll}
