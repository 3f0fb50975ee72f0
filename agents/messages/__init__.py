"""What members read: every bot text in French and English, in one catalogue.

Short, warm, WhatsApp-sized; French uses "vous". A message may have several phrasings:
`Voice` picks one the member did not read last time, so that the bot does not repeat
itself word for word. Agents never write user-facing text inline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from agents.messages import outreach, profiles, qualification, service
from agents.messages.types import Entries

Lang = Literal["fr", "en"]

CATALOGUE: Entries = {**qualification.TEXTS, **profiles.TEXTS, **service.TEXTS, **outreach.TEXTS}


def phrasings(key: str, lang: str) -> list[str]:
    """Every phrasing of a message in a language (French when the language lacks it)."""
    entry = CATALOGUE[key]
    texts = entry.get(lang) or entry["fr"]
    return [texts] if isinstance(texts, str) else list(texts)


def say(key: str, lang: str, *, variant: int = 0, **values: object) -> str:
    """One phrasing of the message `key` in the member's language, placeholders filled."""
    texts = phrasings(key, lang)
    text = texts[variant % len(texts)]
    return text.format(**values) if values else text


class Voice:
    """Picks phrasings for one turn so that none repeats the one the member read last."""

    def __init__(self, said: Mapping[str, int] | None = None) -> None:
        self.last = dict(said or {})
        self.used: dict[str, int] = {}

    def say(self, key: str, lang: str, **values: object) -> str:
        count = len(phrasings(key, lang))
        if key in self.used:
            variant = self.used[key]
        else:
            variant = (self.last[key] + 1) % count if key in self.last else 0
            self.used[key] = variant
        return say(key, lang, variant=variant, **values)
