"""What an inbound e-mail is, and which of our e-mails (or form tests) it answers.

Matching needs no look-up: every address and Message-ID we send carries a signed token
(tokens.py), so a forged or foreign one simply names nothing. In order of trust:
1. the recipient address: `bounce+<token>@…` is the envelope sender (Return-Path) of one
   e-mail, so a delivery report delivered there is about that e-mail whatever the report
   quotes (VERP); `reply+<token>@…` (replies) or `formtest+<token>@…`;
2. for a delivery report (RFC 3464 multipart/report, or a mailer-daemon's message), the
   original Message-ID `<token@…>` quoted in its returned headers;
3. In-Reply-To, then References: mail clients quote our Message-ID when answering.
Autoresponders answer the envelope sender (RFC 3834), so out-of-office notes arrive at the
bounce address too: only a message that is a report counts as one there.
A report counts as a bounce only when it says the delivery failed (Action: failed, a
5.x.x status, or no machine-readable status at all); "delayed" notices are kept apart.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from email.utils import getaddresses, parseaddr
from typing import Literal

from bot.lead_platform.outreach.tokens import (
    BOUNCE_PREFIX,
    FORM_TEST_PREFIX,
    REPLY_PREFIX,
    address_token,
    read_token,
)
from bot.lead_platform.store.inbound_emails import InboundEmail

Kind = Literal["reply", "bounce", "delay", "auto_reply", "unsubscribe", "form_test"]

MESSAGE_ID = re.compile(r"<([^<>@\s]+)@[^<>\s]+>")
ACTION = re.compile(r"^Action:\s*([A-Za-z]+)", re.IGNORECASE | re.MULTILINE)
STATUS = re.compile(r"^Status:\s*([245]\.\d{1,3}\.\d{1,3})", re.IGNORECASE | re.MULTILINE)
ENHANCED_STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")
FINAL_RECIPIENT = re.compile(r"^(?:Final|Original)-Recipient:[^;\n]*;\s*<?([^\s<>]+@[^\s<>]+?)>?\s*$",
                             re.IGNORECASE | re.MULTILINE)
DIAGNOSTIC = re.compile(r"^Diagnostic-Code:[^;\n]*;\s*(.+(?:\n[ \t]+.+)*)", re.IGNORECASE | re.MULTILINE)
# The parts of a delivery report kept as its text (`report`), whichever way the message came in.
REPORT_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status", "message/rfc822",
                          "message/global", "text/rfc822-headers", "message/global-headers"})
SYSTEM_SENDERS = {"mailer-daemon", "postmaster"}
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
AUTO_REPLY_SUBJECTS = ("out of office", "automatic reply", "auto:", "autoreply", "auto-reply", "absence",
                       "réponse automatique", "reponse automatique", "absent du bureau", "message d'absence")
REPLY_PREFIXES = re.compile(r"^\s*((re|tr|fw|fwd|aw|réf)\s*:\s*)+", re.IGNORECASE)
UNSUBSCRIBE_WORDS = {"unsubscribe", "stop", "désinscription", "desinscription", "désabonnement",
                     "desabonnement", "se désabonner", "se desabonner", "désabonner", "desabonner"}


@dataclass(frozen=True)
class Bounce:
    """The machine-readable part of a delivery report."""

    failed: bool
    status: str | None
    diagnostic: str | None
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """What a message is and what it answers (`email_id` / `test_id`, None when unmatched)."""

    kind: Kind
    email_id: uuid.UUID | None = None
    test_id: uuid.UUID | None = None
    bounce: Bounce | None = None
    matched_by: str | None = None


def read(message: InboundEmail, *, secret: str) -> Reading:
    """Classify a stored message and find the e-mail or form test it belongs to."""
    by_address: uuid.UUID | None = None
    envelope: uuid.UUID | None = None
    for prefix, token in _address_tokens(message.recipient):
        if prefix == FORM_TEST_PREFIX and (test_id := read_token(secret, token, purpose="formtest")):
            return Reading("form_test", test_id=test_id, matched_by="recipient")
        if prefix == BOUNCE_PREFIX and envelope is None:
            envelope = read_token(secret, token, purpose=BOUNCE_PREFIX)
        if prefix == REPLY_PREFIX and by_address is None:
            by_address = read_token(secret, token)
    if is_report(message):
        bounce = read_report(message)
        quoted = None if envelope else _first_token(secret, f"{message.report or ''}\n{message.body_plain}")
        email_id, how = ((envelope, "envelope") if envelope else (quoted, "report") if quoted
                         else (by_address, "recipient"))
        return Reading("bounce" if bounce.failed else "delay", email_id=email_id, bounce=bounce,
                       matched_by=how if email_id else None)
    email_id, how = (by_address, "recipient") if by_address else (envelope, "envelope")
    if email_id is None:
        email_id, how = _first_token(secret, message.in_reply_to or ""), "in-reply-to"
    if email_id is None:
        email_id, how = _first_token(secret, message.references_ids or ""), "references"
    kind: Kind = "auto_reply" if is_auto_reply(message) else "unsubscribe" if is_unsubscribe(message) else "reply"
    return Reading(kind, email_id=email_id, matched_by=how if email_id else None)


def _address_tokens(recipients: str) -> list[tuple[str, str]]:
    found = []
    for _, address in getaddresses([recipients]):
        local = address.rpartition("@")[0]
        parsed = address_token(local) if local else None
        if parsed:
            found.append(parsed)
    return found


def _first_token(secret: str, text: str) -> uuid.UUID | None:
    for local in MESSAGE_ID.findall(text):
        if (email_id := read_token(secret, local)) is not None:
            return email_id
    return None


def is_report(message: InboundEmail) -> bool:
    """A delivery status notification: multipart/report, or sent by a mail system with a null sender."""
    content_type = (message.header("Content-Type") or "").lower()
    if content_type.startswith("multipart/report") or message.report:
        return True
    if message.header("X-Failed-Recipients"):
        return True
    sender = message.sender.strip() if message.sender is not None else None
    if sender in ("", "<>"):  # the null reverse-path (MAIL FROM:<>) of a report
        return True
    local = parseaddr(message.from_header or "")[1].partition("@")[0].lower()
    return local in SYSTEM_SENDERS or (sender or "").partition("@")[0].lower() in SYSTEM_SENDERS


def read_report(message: InboundEmail) -> Bounce:
    """Failed or not, status, diagnostic and failed recipients of a delivery report."""
    report = message.report or ""
    text = f"{report}\n{message.body_plain}"
    actions = {a.lower() for a in ACTION.findall(report)}
    statuses = STATUS.findall(report)
    status = statuses[0] if statuses else None
    if actions:
        failed = "failed" in actions
    elif status:
        failed = status.startswith("5")
    else:
        codes = ENHANCED_STATUS.findall(text)
        # A mailer-daemon's message without any status is a failure notice.
        failed = not codes or codes[0] == "5"
    if failed and status is None:
        status = next((m.group(0) for m in ENHANCED_STATUS.finditer(text) if m.group(1) == "5"), None)
    diagnostic = DIAGNOSTIC.search(report)
    recipients = tuple(dict.fromkeys(r.lower() for r in FINAL_RECIPIENT.findall(report)))
    if not recipients and message.header("X-Failed-Recipients"):
        recipients = tuple(a.lower() for _, a in getaddresses([message.header("X-Failed-Recipients") or ""]) if a)
    return Bounce(failed=failed, status=status, recipients=recipients,
                  diagnostic=" ".join(diagnostic.group(1).split())[:500] if diagnostic else None)


def is_auto_reply(message: InboundEmail) -> bool:
    """An out-of-office or other automatic answer (RFC 3834 Auto-Submitted, or its usual stand-ins)."""
    auto = (message.header("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        return True
    if any(message.header(name) for name in AUTO_REPLY_HEADERS):
        return True
    if (message.header("Precedence") or "").strip().lower() == "auto_reply":
        return True
    subject = REPLY_PREFIXES.sub("", message.subject or "").strip().lower()
    return subject.startswith(AUTO_REPLY_SUBJECTS)


def is_unsubscribe(message: InboundEmail) -> bool:
    """The List-Unsubscribe mailto (subject "unsubscribe"), or a reply that only says STOP."""
    subject = REPLY_PREFIXES.sub("", message.subject or "").strip().strip(".!").lower()
    said = (message.stripped_text if message.stripped_text is not None else message.body_plain)
    return subject in UNSUBSCRIBE_WORDS or said.strip().strip(".!").lower() in UNSUBSCRIBE_WORDS
