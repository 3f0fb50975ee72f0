"""The local channel of the embedded default: nothing leaves the machine.

The row itself is the outbox: it is marked delivered at once, and the console's
WhatsApp simulator and `matchbot chat` read the conversation rows. `LocalChat` is the
member's side: the path of a real inbound message, minus HTTP (used by `matchbot chat`,
the console's simulator and the conversation tests).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.channels.base import SendResult
from bot.channels.render import Outgoing
from bot.core import queue
from bot.core.services import Services
from bot.core.worker import Worker
from bot.store import conversations as repo


class LocalChannel:
    """Delivers to the local outbox (the conversation rows themselves)."""

    name = "local"

    def send(self, *, address: str, message: Outgoing, message_id: int) -> SendResult:
        return SendResult(provider_message_id=None, status="delivered")


@dataclass
class BotMessage:
    """One bot message as the member receives it."""

    text: str
    media: list[str] = field(default_factory=list)
    intent: str | None = None
    agent: str | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)
    profile_code: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "media": self.media, "intent": self.intent, "agent": self.agent,
                "buttons": self.buttons, "profile_code": self.profile_code}


class LocalChat:
    """Send messages as one member and collect the bot's answers."""

    def __init__(
        self, services: Services, worker: Worker | None, *, phone: str, name: str | None = None
    ) -> None:
        self.services = services
        self.worker = worker
        self.phone = phone
        self.name = name
        self.lead_id: int | None = None
        self._seen = 0

    def send(self, text: str) -> list[BotMessage]:
        """Deliver one message and return every bot message it caused (needs a worker)."""
        if self.worker is None:
            raise ValueError("send() runs the turn itself: give LocalChat a worker, or use post()")
        self.post(text)
        self.worker.drain()
        return self.new_messages()

    def post(self, text: str) -> None:
        """Store a message as the webhooks do (without waiting for the turn)."""
        with self.services.pool.connection() as conn, conn.transaction():
            self.lead_id = repo.upsert_lead(conn, channel="local", phone=self.phone, name=self.name)
            repo.record_inbound(
                conn, lead_id=self.lead_id, content=text, channel="local",
                provider_message_id=f"local-{uuid.uuid4().hex}",
            )
            queue.enqueue(conn, "bot_turn", {"lead_id": self.lead_id}, dedup_key=f"lead:{self.lead_id}")

    def new_messages(self) -> list[BotMessage]:
        """Outbound messages of this member not returned yet (bot and admin)."""
        if self.lead_id is None:
            return []
        with self.services.pool.connection() as conn:
            rows = [m for m in repo.thread(conn, self.lead_id, limit=500) if m.direction == "out" and m.id > self._seen]
        if rows:
            self._seen = rows[-1].id
        return [
            BotMessage(
                text=m.content or "", media=[str(x) for x in m.media], intent=m.intent,
                agent=(m.metadata or {}).get("agent"), buttons=(m.metadata or {}).get("buttons", []),
                profile_code=m.profile_code,
            )
            for m in rows
        ]
