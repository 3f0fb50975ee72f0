"""Outgoing email over SMTP (stdlib smtplib, settings.smtp_*). Errors propagate: the queue retries."""

from __future__ import annotations

import email.policy
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import make_msgid

from bot.core.settings import Settings

# Header lines up to RFC 5322's 998 characters: with the default 78, a long unbroken value
# (the List-Unsubscribe mailto of an outreach e-mail) is RFC 2047-encoded, which mail
# clients do not read as an address.
HEADERS_UNFOLDED = email.policy.default.clone(max_line_length=998)


class EmailNotConfigured(Exception):
    """SMTP_HOST is not set, so no email can leave."""


def build_message(*, sender: str, to: str, subject: str, text: str, html: str | None = None,
                  reply_to: str | None = None, message_id: str | None = None,
                  headers: Mapping[str, str] | None = None) -> EmailMessage:
    """A text (and optional HTML) message with its Message-ID (a fresh one unless given) and extra headers."""
    message = EmailMessage(policy=HEADERS_UNFOLDED)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or "localhost")
    if reply_to:
        message["Reply-To"] = reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send_email(settings: Settings, *, to: str, subject: str, text: str, html: str | None = None,
               reply_to: str | None = None, timeout: float = 15.0, sender: str | None = None,
               message_id: str | None = None, headers: Mapping[str, str] | None = None) -> str:
    """Send one message; returns its Message-ID. STARTTLS when offered and enabled; login when set.

    `sender` replaces SMTP_FROM in the From header (e.g. a client's name on the same address).
    """
    if not settings.smtp_host:
        raise EmailNotConfigured("SMTP_HOST is not set")
    message = build_message(sender=sender or settings.smtp_from, to=to, subject=subject, text=text, html=html,
                            reply_to=reply_to, message_id=message_id, headers=headers)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
        smtp.ehlo()
        if settings.smtp_starttls and smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
    return str(message["Message-ID"])
