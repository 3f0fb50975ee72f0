"""What an agent receives besides the state: the turn's infrastructure (LangGraph runtime context)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    cities: list[str] = field(default_factory=list)  # the catalogue's cities
    names: NameIndex = field(default_factory=NameIndex)  # every profile's surname, for the guard

    @property
    def language(self) -> str:
        return self.lead.language
