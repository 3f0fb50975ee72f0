"""The local channel of the embedded default: nothing leaves the machine.

The row itself is the outbox: it is marked delivered at once, and the console's
WhatsApp simulator and `matchbot chat` read the conversation rows. `LocalChat` is the
member's side: the path of a real inbound message, minus HTTP (used by `matchbot chat`,
the console's simulator and the conversation tests).

`matchbot chat` may run beside `matchbot serve`, whose worker then takes some turns:
`LocalChat.send` therefore waits for the message to be answered, whoever runs the turn.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.channels.base import SendResult
from bot.channels.render import Outgoing
from bot.core import queue
from bot.core.services import Services
from bot.core.text import storable
from bot.core.worker import Worker
from bot.store import conversations as repo
from bot.store.inbound import reply_state

# How long a message may wait for its turn: an LLM turn takes at most ~45 s (20 s per
# chat call, one retry), and a failing turn is retried with backoff for ~30 s.
REPLY_TIMEOUT = 120.0
POLL_SECONDS = 0.05


class LocalChannel:
    """Delivers to the local outbox (the conversation rows themselves)."""

    name = "local"

    def send(self, *, address: str, message: Outgoing, message_id: int) -> SendResult:
        return SendResult(provider_message_id=None, status="delivered")

    def sent_since(self, *, address: str, message: Outgoing, since: datetime) -> list[SendResult]:
        return []  # the row is the outbox: nothing was sent anywhere else


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


class NoReply(Exception):
    """A member's message got no answer: its turn failed for good, or took too long."""


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
        # Id of the last outbound row returned; None until the first message: what the
        # member was sent before this chat began is history, not an answer.
        self._seen: int | None = None

    def send(self, text: str) -> list[BotMessage]:
        """Deliver one message and return every message sent since, once it is answered.

        Needs a worker: this chat's own runs the turn, unless another process's worker
        (`matchbot serve`) took it first. Raises NoReply when no turn answers it.
        """
        if self.worker is None:
            raise ValueError("send() runs the turn itself: give LocalChat a worker, or use post()")
        message_id = self.post(text)
        self.worker.drain()
        if message_id is not None:
            self._await_answer(self.worker, message_id)
        return self.new_messages()

    def _await_answer(self, worker: Worker, message_id: int) -> None:
        """Wait until the message's turn committed, running due jobs meanwhile.

        The answering turn commits its replies and the answered mark together, so once
        the message is answered its replies are all readable.
        """
        deadline = time.monotonic() + REPLY_TIMEOUT
        while True:
            with self.services.pool.connection() as conn:
                state = reply_state(conn, message_id)
            if state == "answered":
                return
            if state == "dropped":
                raise NoReply("the bot's turn failed; the worker's log says why")
            if time.monotonic() >= deadline:
                raise NoReply(f"no answer within {REPLY_TIMEOUT:.0f} s; is a worker stuck?")
            time.sleep(POLL_SECONDS)
            worker.drain(max_wait=0.0)  # e.g. the turn was postponed: the other turn of the lead ended

    def post(self, text: str) -> int | None:
        """Store a message as the webhooks do (without waiting for the turn); returns its id.

        Like the webhooks, NUL characters are stripped from the member's words, never refused."""
        name = storable(self.name) if self.name else None
        with self.services.pool.connection() as conn, conn.transaction():
            self.lead_id = repo.upsert_lead(conn, channel="local", phone=self.phone, name=name)
            message_id = repo.record_inbound(
                conn, lead_id=self.lead_id, content=storable(text), channel="local",
                provider_message_id=f"local-{uuid.uuid4().hex}",
            )
            queue.enqueue(conn, "bot_turn", {"lead_id": self.lead_id}, dedup_key=f"lead:{self.lead_id}")
        if self._seen is None:
            self._seen = message_id
        return message_id

    def new_messages(self) -> list[BotMessage]:
        """Outbound messages of this member not returned yet (bot and admin)."""
        if self.lead_id is None:
            return []
        seen = self._seen or 0
        with self.services.pool.connection() as conn:
            rows = [m for m in repo.thread(conn, self.lead_id, limit=500) if m.direction == "out" and m.id > seen]
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
