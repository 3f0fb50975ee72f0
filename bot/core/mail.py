"""Outgoing email over SMTP (stdlib smtplib, settings.smtp_*). Errors propagate: the queue retries.

A caller that must not send twice (outreach) passes `before_data`: it runs once the server
has accepted the envelope (MAIL FROM, RCPT TO) and just before DATA, the only step after
which the server may hold the message without the caller knowing (RFC 1047). A failure of
QUIT after an accepted message is not an error: the message left.
"""

from __future__ import annotations

import email.policy
import smtplib
import ssl
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import make_msgid
from typing import TYPE_CHECKING

from bot.core.settings import Settings

if TYPE_CHECKING:
    from typing_extensions import Buffer

# Header lines up to RFC 5322's 998 characters: with the default 78, a long unbroken value
# (the List-Unsubscribe mailto of an outreach e-mail) is RFC 2047-encoded, which mail
# clients do not read as an address.
HEADERS_UNFOLDED = email.policy.default.clone(max_line_length=998)


class EmailNotConfigured(Exception):
    """SMTP_HOST is not set, so no email can leave."""


class _SMTP(smtplib.SMTP):
    """smtplib.SMTP that calls `before_data` just before DATA (smtplib's sendmail sends the
    message through this `data` method, after MAIL FROM and RCPT TO were accepted)."""

    def __init__(self, host: str, port: int, *, timeout: float, before_data: Callable[[], None] | None) -> None:
        self._before_data = before_data
        super().__init__(host, port, timeout=timeout)

    def data(self, msg: Buffer | str) -> tuple[int, bytes]:
        if self._before_data is not None:
            self._before_data()
        return super().data(msg)


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
               message_id: str | None = None, headers: Mapping[str, str] | None = None,
               envelope_sender: str | None = None, before_data: Callable[[], None] | None = None) -> str:
    """Send one message; returns its Message-ID. STARTTLS when offered and enabled; login when set.

    `sender` replaces SMTP_FROM in the From header (e.g. a client's name on the same address);
    `envelope_sender` is the MAIL FROM address (where bounces go; default: the From address).
    """
    if not settings.smtp_host:
        raise EmailNotConfigured("SMTP_HOST is not set")
    message = build_message(sender=sender or settings.smtp_from, to=to, subject=subject, text=text, html=html,
                            reply_to=reply_to, message_id=message_id, headers=headers)
    smtp = _SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout, before_data=before_data)
    try:
        smtp.ehlo()
        if settings.smtp_starttls and smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message, from_addr=envelope_sender)
    finally:
        _close(smtp)
    return str(message["Message-ID"])


def _close(smtp: smtplib.SMTP) -> None:
    """QUIT, or just drop the connection when the server does not answer it properly."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
