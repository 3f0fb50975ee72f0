"""What an agent receives besides the state: the turn's infrastructure (LangGraph runtime context)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from agents.nlu.reader import Reader
from agents.privacy import NameIndex
from bot.core.connections import Conn
from bot.core.services import Services
from bot.store.conversations import Lead


@dataclass
class TurnContext:
    """Infrastructure for one turn, passed to nodes as the LangGraph runtime context."""

    services: Services
    conn: Conn  # the turn's connection, inside the turn's transaction
    lead: Lead
    config: dict[str, Any] = field(default_factory=dict)  # the agency's `configuration` rows
    cities: list[str] = field(default_factory=list)  # the catalogue's cities, most members first
    names: NameIndex = field(default_factory=NameIndex)  # every profile's surname, for the guard
    reader: Reader | None = None  # reads messages (the rules alone when None)
    memory: list[tuple[str, str]] = field(default_factory=list)  # recent chat (role, text), oldest first
    # This turn's reading as a feedback_tracking prediction, once the understanding recorded it
    # (the turn keeps its id with the messages, for the console's corrections).
    prediction_id: uuid.UUID | None = None
    _vectors: dict[str, list[float]] = field(default_factory=dict, repr=False)

    @property
    def language(self) -> str:
        return self.lead.language

    def embed(self, text: str) -> list[float]:
        """The configured embedder's vector of a text, computed once per turn."""
        if text not in self._vectors:
            self._vectors[text] = self.services.embedder.embed_query(text)
        return self._vectors[text]
