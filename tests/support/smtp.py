"""A real local SMTP server (aiosmtpd) keeping what it receives; it can refuse the first N with 451,
and chosen recipients with 550, run a hook once it holds a message and before it answers (a test
kills the sending process there), or keep a message and drop the connection without answering.

Registered as a pytest plugin by tests/conftest.py: the `smtp_server` fixture is everywhere.
"""

from __future__ import annotations

import email
from collections.abc import Callable, Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bot.core.settings import Settings
from tests.support import free_port


class Inbox:
    """An aiosmtpd handler keeping messages; it can refuse the first N with 451."""

    def __init__(self, *, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.attempts = 0
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []  # each kept message's MAIL FROM and RCPT TOs
        self.refused: set[str] = set()  # recipients answered 550 (a permanent refusal: a bounce)
        self.after_data: Callable[[], None] | None = None  # runs once a message is kept, before the answer
        self.lose_answers = False  # keep messages but close the connection instead of answering

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address.lower() in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.attempts <= self.fail_first:
            return "451 4.3.0 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        if self.after_data is not None:
            self.after_data()
        if self.lose_answers:
            server.transport.close()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def smtp_settings(settings: Settings, port: int) -> Settings:
    """Settings sending e-mail to the local server on port."""
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port,
                                       "smtp_from": "Agence <no-reply@agence.test>"})


def body_of(message: Message) -> str:
    """The text of a received message (its first part when multipart)."""
    part = message.get_payload(decode=True) if not message.is_multipart() else message.get_payload(0).get_payload(decode=True)
    return part.decode()  # type: ignore[union-attr]
