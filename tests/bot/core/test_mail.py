"""SMTP sending against a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import smtplib

import pytest

from bot.core.mail import EmailNotConfigured, send_email
from bot.core.settings import Settings
from tests.support.smtp import Inbox, body_of, smtp_settings


def test_send_email_delivers_to_the_local_server(smtp_server: tuple[Inbox, int], settings: Settings) -> None:
    inbox, port = smtp_server
    message_id = send_email(smtp_settings(settings, port), to="awa@example.org", subject="Bonjour ✓",
                            text="Réponse en français", reply_to="client@example.test")
    assert len(inbox.messages) == 1
    got = inbox.messages[0]
    assert got["To"] == "awa@example.org" and got["Message-ID"] == message_id
    assert got["Reply-To"] == "client@example.test" and "français" in body_of(got)


def test_send_email_raises_on_refusal_and_without_configuration(smtp_server: tuple[Inbox, int],
                                                                settings: Settings) -> None:
    inbox, port = smtp_server
    inbox.fail_first = 1
    with pytest.raises(smtplib.SMTPDataError):
        send_email(smtp_settings(settings, port), to="a@example.org", subject="s", text="t")
    with pytest.raises(EmailNotConfigured):
        send_email(settings, to="a@example.org", subject="s", text="t")
