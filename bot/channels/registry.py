"""The channels of one process, built on first use from settings."""

from __future__ import annotations

import threading

from bot.channels.base import Channel, ChannelError
from bot.core.settings import Settings


class Channels:
    """Channel by name ('twilio', 'meta', 'local'); clients are created once and reused."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._built: dict[str, Channel] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> Channel:
        with self._lock:
            if name not in self._built:
                self._built[name] = self._build(name)
            return self._built[name]

    def _build(self, name: str) -> Channel:
        if name == "twilio":
            from bot.channels.twilio import TwilioChannel

            return TwilioChannel(self.settings)
        if name == "meta":
            from bot.channels.meta import MetaChannel

            return MetaChannel(self.settings)
        if name == "local":
            from bot.channels.local import LocalChannel

            return LocalChannel()
        raise ChannelError(f"unknown channel {name!r}", transient=False)

    def configured_provider(self) -> str:
        """The provider business-initiated messages to staff go through: Twilio, Meta, else local."""
        s = self.settings
        if s.twilio_account_sid and s.twilio_auth_token and s.twilio_whatsapp_from:
            return "twilio"
        if s.meta_access_token and s.meta_phone_number_id:
            return "meta"
        return "local"
