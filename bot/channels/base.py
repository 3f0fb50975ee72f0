"""What every channel shares: the send result, the error kinds, the delivery statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.channels.render import Outgoing


@dataclass(frozen=True)
class SendResult:
    """What the provider said when it accepted a message."""

    provider_message_id: str | None
    status: str  # queued, sent, delivered…


class ChannelError(Exception):
    """A send that failed; `transient` ones are retried by the queue, others recorded."""

    def __init__(self, message: str, *, transient: bool, code: str | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.code = code


class Channel(Protocol):
    """Sends one message to one address ("+E164" phone or a provider user id)."""

    name: str

    def send(self, *, address: str, message: Outgoing, message_id: int) -> SendResult: ...

    def sent_since(self, *, address: str, message: Outgoing, since: datetime) -> list[SendResult]:
        """What the provider already took for this address with this content since `since`,
        oldest first (an attempt cut off before it recorded the outcome may have sent it);
        [] when the provider cannot tell."""
        ...


def is_phone(address: str) -> bool:
    """True for "+" followed by digits (a phone number, not a provider user id)."""
    return address.startswith("+") and address[1:].isascii() and address[1:].isdigit()
