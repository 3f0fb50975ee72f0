"""The privacy guard: no surname, phone number or e-mail address reaches a member.

It runs on every bot message, whatever wrote it (template, knowledge base, LLM). Names
come from the whole catalogue, so a surname the model should never have known is still
caught. Surname words are matched accent- and case-insensitively when written as proper
nouns (capitalised), so that a surname that is also a common word ("Petit") does not
mangle ordinary sentences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.core.connections import Conn

MASK = "***"
PHONE = re.compile(r"(?<![\w-])\+?\d(?:[\s.()/-]{0,2}\d){7,}(?![\w-])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents ("Mbàllà" → "mballa")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass
class NameIndex:
    """Surname words and full names of every profile, folded."""

    surnames: set[str] = field(default_factory=set)
    full_names: list[str] = field(default_factory=list)
    # (first-name word, surname word) of one profile, in either order: a surname beside its
    # own profile's first name is a full name ("Kouassi Edwige" as well as "Edwige Kouassi").
    beside_first_name: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str]]) -> NameIndex:
        index = cls()
        for name, first_name in rows:
            if not name:
                continue
            first = {fold(w) for w in WORD.findall(first_name or "")}
            words = [fold(w) for w in WORD.findall(name)]
            surnames = {w for w in words if w not in first and len(w) >= 2}
            index.surnames.update(surnames)
            index.beside_first_name.update((f, s) for f in first for s in surnames)
            index.beside_first_name.update((s, f) for f in first for s in surnames)
            if len(words) > 1:
                index.full_names.append(" ".join(words))
        return index


def load_name_index(conn: Conn) -> NameIndex:
    """Names of every profile (the admin-only column) for the guard."""
    rows = conn.execute("SELECT name, first_name FROM profiles WHERE name IS NOT NULL").fetchall()
    return NameIndex.from_rows([(r["name"], r["first_name"]) for r in rows])


@dataclass
class Guarded:
    """A message after the guard, with what was removed."""

    text: str
    removed: list[str]


def guard_text(
    text: str, *, names: NameIndex, allowed_numbers: set[str], public_first_names: set[str] = frozenset()  # type: ignore[assignment]
) -> Guarded:
    """Mask phone numbers (except the agency's), e-mail addresses and profile surnames."""
    removed: list[str] = []

    def phone(match: re.Match[str]) -> str:
        if digits(match.group()) in allowed_numbers:
            return match.group()
        removed.append("phone")
        return MASK

    text = PHONE.sub(phone, text)

    def email(match: re.Match[str]) -> str:
        removed.append("email")
        return MASK

    text = EMAIL.sub(email, text)
    folded_text = fold(text)
    for full in names.full_names:
        if full in folded_text:
            text, count = _mask_phrase(text, full)
            removed.extend(["name"] * count)
    public = {fold(n) for n in public_first_names}
    tokens = list(WORD.finditer(text))
    keys = [fold(t.group()) for t in tokens]
    spans = []
    for i, token in enumerate(tokens):
        key = keys[i]
        if key not in names.surnames or not token.group()[:1].isupper():
            continue
        # A public first name (the card's, the member's own) stays, unless it stands beside
        # the first name of a profile whose surname it is: that pair is a full name.
        neighbours = keys[max(0, i - 1):i] + keys[i + 1:i + 2]
        if key in public and not any((n, key) in names.beside_first_name for n in neighbours):
            continue
        spans.append(token.span())
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    removed.extend(["name"] * len(spans))
    return Guarded(text=text, removed=removed)


def _mask_phrase(text: str, folded_phrase: str) -> tuple[str, int]:
    """Mask every occurrence of a (folded) multi-word phrase, whatever its accents or case."""
    words = folded_phrase.split()
    tokens = list(WORD.finditer(text))
    spans = []
    for i in range(len(tokens) - len(words) + 1):
        if all(fold(tokens[i + k].group()) == words[k] for k in range(len(words))):
            spans.append((tokens[i].start(), tokens[i + len(words) - 1].end()))
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return text, len(spans)
