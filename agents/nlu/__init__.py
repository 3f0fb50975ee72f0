"""Offline, deterministic, French-first understanding of one member message.

No database, network or model: word lists and regular expressions, precompiled at import.
`understand()` is what the graph calls before (or instead of) any LLM.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Literal

from agents.nlu.age_ranges import MAX_AGE, MIN_AGE
from agents.nlu.ages import find_ages, listed_numbers
from agents.nlu.agreement import accented_masculine
from agents.nlu.cities import CITY_ALIASES, bare_place, find_cities, says_where_they_live, with_districts
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

# The question asked before each one: a correction answers that one ("c'est Yaoundé pas
# Douala" asked whom they seek is the member's city; "I meant 34" asked their city, their age).
ASKED_BEFORE: dict[str, Expecting] = {
    "age": "gender", "city": "age", "looking_for_gender": "city", "age_range": "looking_for_gender",
    "preferred_city": "age_range",
}

__all__ = [
    "CITY_ALIASES", "MAX_AGE", "MIN_AGE", "Expecting", "Gender", "Language", "Understanding",
    "detect_language", "normalize", "parse_number_words", "understand",
]


# A message that opens on someone described with an indefinite article ("une go de…", "a woman between…").
_DESCRIBES_SOUGHT = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut|slt|bjr|bsr|cc|hello|hi|hey) )?(?:une?|a|an) (?:[a-z]+ )?(?:go|femme|fille|dame|"
    r"homme|monsieur|mec|gars|mbom|woman|lady|girl|man|guy|wife|husband)\b"
)


# The member taking back what they just typed, inside the message: "38, oups non 39", "Douala...
# non en fait peu importe", "homme... non pardon femme", "entre 30 et 35, non attends, 30 à 40".
_TAKEN_BACK = re.compile(
    r"(?:^|[\s,.…!;])(?:(?:non|no|nn)\s+)?(?:attends?|attend|wait|pardon|sorry|oups|oops|je veux dire|i mean|"
    r"je voulais dire|my bad)(?:\s+(?:non|no|plut[oô]t|en fait))?\b"
    r"|\b(?:non|no)\s*,?\s+(?:en fait|plut[oô]t|actually)\b|\benfin\s+non\b"
    # "Kinshasa... non attendez, Goma", "24 ans... euh 23", "18-25 non je niaise, 30-40"
    r"|\b(?:non\s+)?attendez\b|(?:\.\.\.|…)\s*(?:euh|heu|non|nn|en fait|plut[oô]t)\b|\beuh\s+non\b"
    # "j'ai 36 euh 37 ans pardon": a number taken back for the next
    r"|(?<=\d)\s+(?:euh|heu|non|pardon)\s+(?=\d)"
    r"|\b(?:je|j)\s+(?:niaise|rigole|blague|plaisante|d[ée]conne)\b|\b(?:just\s+)?kidding\b",
    re.IGNORECASE,
)
# What a correction replaces, slot by slot (a wanted city also replaces the alternatives).
_REPLACED = (("age",), ("gender",), ("city",), ("looking_for_gender",), ("age_range",),
             ("preferred_city", "wanted_cities", "any_preference"))


def understand(
    text: str,
    *,
    known_cities: Sequence[str] = (),
    expecting: Expecting = None,
    city_aliases: Mapping[str, str] | None = None,
) -> Understanding:
    """Understand one member message, given the question the bot asked last (expecting)."""
    read = _understand(text, known_cities=known_cities, expecting=expecting, city_aliases=city_aliases)
    taken_back = [m for m in _TAKEN_BACK.finditer(text) if text[: m.start()].strip(" ,.…!;")]
    if not taken_back:
        return read
    changes: dict[str, object] = {}
    # The last taking back that says a slot again wins ("24 ans... euh 23 pardon": "pardon" says nothing).
    for cut in reversed(taken_back):
        head = _understand(text[: cut.start()], known_cities=known_cities, expecting=expecting,
                           city_aliases=city_aliases, in_message=True)
        tail = _understand(text[cut.end():], known_cities=known_cities, expecting=expecting,
                           city_aliases=city_aliases, in_message=True)
        for slots in _REPLACED:
            said_first = any(getattr(head, s) for s in slots)
            said_again = any(getattr(tail, s) for s in slots)
            if said_first and said_again and slots[0] not in changes:
                changes.update({s: getattr(tail, s) for s in slots})
    if not changes:
        return read
    # The answer corrected is the one being given, not the one before (as "c'est Yaoundé pas Douala").
    whole = _understand(text, known_cities=known_cities, expecting=expecting, city_aliases=city_aliases,
                        in_message=True)
    return dataclasses.replace(whole, **changes)  # type: ignore[arg-type]


def _understand(
    text: str,
    *,
    known_cities: Sequence[str],
    expecting: Expecting,
    city_aliases: Mapping[str, str] | None,
    in_message: bool = False,
) -> Understanding:
    codes, without_codes = extract_codes(text)
    normalized = words_to_digits(normalize(without_codes))
    intents = find_intents(normalized, raw=text, has_codes=bool(codes))
    language = language_of(normalized, raw=text)
    corrects_before = intents.correction and not in_message
    answered = ASKED_BEFORE.get(expecting or "", expecting) if corrects_before else expecting
    roles = find_roles(normalized, answered)
    age, age_range = find_ages(normalized, roles=roles, expecting=answered,
                               listed=listed_numbers(without_codes))
    gender, looking_for = find_genders(normalized, roles=roles, expecting=expecting,
                                       listed=language != "en", accented=accented_masculine(text))
    city, preferred_city, wanted_cities = find_cities(
        normalized, roles=roles, known_cities=known_cities,
        city_aliases=with_districts(city_aliases) if answered == "city" else city_aliases,
    )
    if _DESCRIBES_SOUGHT.match(normalized) and age is None and age_range is not None and not expecting:
        # "une go de Dakar entre 22 et 28": a message describing only the person sought (a
        # member is of one age, not a range): the gender and the city are that person's
        # (a wish said with "je cherche" has its roles already)
        looking_for, gender = looking_for or gender, None
    if city_aliases and answered in ("city", "preferred_city") and not (
            city or preferred_city or wanted_cities or gender or looking_for) and (place := bare_place(normalized)):
        # "Rennes", "Tamale" answering the city question: a name the gazetteer keeps out of free
        # text (it is also a word) is a city when it is the whole answer (not "man", a gender)
        city, preferred_city = (place, None) if answered == "city" else (None, place)
    if (looking_for and gender is None and age is None and city and not preferred_city
            and not wanted_cities and not expecting and "partner" not in roles.roles
            and not says_where_they_live(normalized)):
        city, preferred_city = None, city
    return Understanding(
        text=text,
        language=language,
        age=age,
        gender=gender,
        city=city,
        looking_for_gender=looking_for,
        age_range=age_range,
        preferred_city=preferred_city,
        wanted_cities=wanted_cities,
        profile_codes=codes,
        **vars(intents),
    )
