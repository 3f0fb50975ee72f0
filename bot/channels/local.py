"""The local outbox of the embedded default: nothing leaves the machine.

The row itself is the outbox: it is marked delivered at once, and the console's
WhatsApp simulator and `matchbot chat` read the conversation rows.
"""

from __future__ import annotations

from bot.channels.base import SendResult
from bot.channels.render import Outgoing


class LocalChannel:
    """Delivers to the local outbox (the conversation rows themselves)."""

    name = "local"

    def send(self, *, address: str, message: Outgoing, message_id: int) -> SendResult:
        return SendResult(provider_message_id=None, status="delivered")
