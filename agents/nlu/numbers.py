"""French and English number words (0-999) read as integers."""

from __future__ import annotations

import re
from functools import lru_cache

from agents.nlu.normalize import normalize

UNITS: dict[str, int] = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
}
TEENS: dict[str, int] = {
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "septante": 70, "octante": 80, "huitante": 80, "nonante": 90,
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
HUNDREDS: frozenset[str] = frozenset({"cent", "cents", "hundred"})
# Alone, these are articles ("un homme", "another one"), not numbers.
ARTICLES: frozenset[str] = frozenset({"un", "une", "one"})
# "six" is both French and English; UNITS already has it once.
_NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | HUNDREDS | {"et", "and"}
_DIGITS = re.compile(r"\d{1,9}")


def _teen(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read 10-19 at tokens[i] ("dix", "onze", "dix sept", "seventeen")."""
    if i >= len(tokens) or tokens[i] not in TEENS:
        return None
    value = TEENS[tokens[i]]
    if value == 10 and i + 1 < len(tokens) and tokens[i + 1] in ("sept", "huit", "neuf"):
        return 10 + UNITS[tokens[i + 1]], i + 2
    return value, i + 1


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read 1-99 at tokens[i]; returns (value, index after it)."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word == "quatre" and i + 1 < len(tokens) and tokens[i + 1] in ("vingt", "vingts"):
        rest = _teen(tokens, i + 2) or _unit(tokens, i + 2)
        return (80 + rest[0], rest[1]) if rest else (80, i + 2)
    if word in TENS:
        tens, j = TENS[word], i + 1
        if tens == 60 and (teen := _teen(tokens, j)):
            return 60 + teen[0], teen[1]
        if j + 1 < len(tokens) and tokens[j] == "et" and tokens[j + 1] in ("un", "une", "onze"):
            return tens + (11 if tokens[j + 1] == "onze" else 1), j + 2
        if unit := _unit(tokens, j):
            return tens + unit[0], unit[1]
        return tens, j
    return _teen(tokens, i) or _unit(tokens, i)


def _unit(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read 1-9 at tokens[i]."""
    if i < len(tokens) and tokens[i] in UNITS and UNITS[tokens[i]] > 0:
        return UNITS[tokens[i]], i + 1
    return None


def read_number(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read a number phrase (0-999) starting at tokens[i]; returns (value, index after)."""
    if i >= len(tokens):
        return None
    if tokens[i] == "zero":
        return 0, i + 1
    hundreds, j = 0, i
    if tokens[i] in HUNDREDS:
        hundreds, j = 100, i + 1
    elif (
        i + 1 < len(tokens)
        and tokens[i] in UNITS
        and tokens[i + 1] in HUNDREDS
        and tokens[i] not in ("un", "une")
    ):
        hundreds, j = 100 * UNITS[tokens[i]], i + 2
    if hundreds and j < len(tokens) and tokens[j] == "and":
        j += 1  # "one hundred and five"
    rest = _below_hundred(tokens, j)
    if rest:
        return hundreds + rest[0], rest[1]
    return (hundreds, j) if hundreds else None


def words_to_digits(normalized: str) -> str:
    """Rewrite number words of a normalised text as digits ("vingt huit ans" -> "28 ans")."""
    tokens = normalized.split(" ")
    if not _NUMBER_WORDS.intersection(tokens) and "un" not in tokens:
        return normalized
    out: list[str] = []
    i = 0
    while i < len(tokens):
        found = read_number(tokens, i)
        if found and not (found[1] == i + 1 and tokens[i] in ARTICLES):
            out.append(str(found[0]))
            i = found[1]
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


def parse_number_words(text: str) -> int | None:
    """The first number a text spells, in words or digits ("soixante et onze" -> 71)."""
    tokens = normalize(text).split()
    for i, token in enumerate(tokens):
        if _DIGITS.fullmatch(token):
            return int(token)
        found = read_number(tokens, i)
        if found and not (found[1] == i + 1 and token in ARTICLES and len(tokens) > 1):
            return found[0]
    return None


@lru_cache(maxsize=4096)
def read_as_rules_do(text: str) -> str:
    """A message as the rules read it: normalised spelling, numbers in digits, sentences marked
    "|" (kept once per text: a reading asks for it several times)."""
    return words_to_digits(normalize(text))
