"""Offline, deterministic, French-first understanding of one member message.

No database, network or model: word lists and regular expressions, precompiled at import.
`understand()` is what the graph calls before (or instead of) any LLM.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from agents.nlu.ages import MAX_AGE, MIN_AGE, find_ages
from agents.nlu.cities import CITY_ALIASES, find_cities
from agents.nlu.codes import extract_codes
from agents.nlu.genders import Gender, find_genders
from agents.nlu.intents import find_intents
from agents.nlu.language import Language, detect_language, language_of
from agents.nlu.normalize import normalize
from agents.nlu.numbers import parse_number_words, words_to_digits
from agents.nlu.roles import find_roles
from graph.state import Understanding

Expecting = (
    Literal[
        "age", "gender", "city", "looking_for_gender", "age_range", "preferred_city",
        "profile_choice", "confirmation",
    ]
    | None
)

__all__ = [
    "CITY_ALIASES", "MAX_AGE", "MIN_AGE", "Expecting", "Gender", "Language", "Understanding",
    "detect_language", "normalize", "parse_number_words", "understand",
]


def understand(
    text: str,
    *,
    known_cities: Sequence[str] = (),
    expecting: Expecting = None,
    city_aliases: Mapping[str, str] | None = None,
) -> Understanding:
    """Understand one member message, given the question the bot asked last (expecting)."""
    codes, without_codes = extract_codes(text)
    normalized = words_to_digits(normalize(without_codes))
    roles = find_roles(normalized, expecting)
    age, age_range = find_ages(normalized, roles=roles, expecting=expecting)
    gender, looking_for = find_genders(normalized, roles=roles, expecting=expecting)
    city, preferred_city = find_cities(
        normalized, roles=roles, known_cities=known_cities, city_aliases=city_aliases
    )
    intents = find_intents(normalized, raw=text, has_codes=bool(codes))
    return Understanding(
        text=text,
        language=language_of(normalized, raw=text),
        age=age,
        gender=gender,
        city=city,
        looking_for_gender=looking_for,
        age_range=age_range,
        preferred_city=preferred_city,
        profile_codes=codes,
        **vars(intents),
    )
