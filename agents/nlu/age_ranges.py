"""The age range a member wants ("entre 25 et 35", "max 40", "la trentaine", "plus jeune
que moi"), and the words every age reading shares."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agents.nlu.roles import Roles

MIN_AGE, MAX_AGE = 16, 99  # outside this a number is not an age; 16-17 kept to refuse minors

AgeRange = tuple[int | None, int | None]

AGE_UNIT = r"(?:ans?|years? old|years?|yo|y o|yrs?|printemps|piges|balais|berges|hivers)"
N = r"(\d{1,3})"
UNIT = rf"(?: {AGE_UNIT})?"
_NOT_AFTER_RANGE = (
    r"(?! (?:h|heures?|hours?|pm|am|km|kg|cm|euros?|fcfa|profils?|enfants?|personnes?|gens|people|"
    r"membres?|members?|inscrits?)\b)"
)

# Two-ended ranges: never the member's own age, whoever the sentence is about.
RANGES = tuple(
    re.compile(p + _NOT_AFTER_RANGE)
    for p in (
        rf"\b(?:entre|between|btw|btwn) {N}{UNIT} (?:et|and|a|-|&|pis) {N}{UNIT}",
        (
            rf"\b(?:de|from|aged?|agee?s? de|age de) {N}{UNIT}"
            rf" (?:a|to|-|jusqu a|until|till|go reach|go|reach) {N}{UNIT}"
        ),
        rf"(?<![\d-] )\b{N}{UNIT} (?:-|a|to|go reach|reach|go|till|until|jusqu a) {N}\b(?! -){UNIT}",
    )
)
# Two ages side by side ("une go calme 24 30 ans"): a range when the second is the larger.
_PAIR = re.compile(rf"(?<![\d-] )\b{N}{UNIT} {N}\b(?! -){UNIT}" + _NOT_AFTER_RANGE)
MAX_PAIR_SPAN = 30  # "24 30" is a range; "20 80" is two unrelated numbers
LOWER_BOUNDS = tuple(
    re.compile(p + _NOT_AFTER_RANGE)
    for p in (
        (
            rf"\b(?<!pas )(?<!not )(?<!no )(?<!ni )(?<!no go )(?<! one )(?<!nothing )(?<!nobody )(?<!anyone )(?<!personne de )"
            rf"(?:plus de|pas moins de|ni moins de|au moins|"
            rf"(?:minimum|min)(?: age)?(?: (?:a|to|de|of|is|est|at))?|more than|over|above|"
            rf"at least|older than|not less than|no less than|not younger than|no younger than|"
            rf"plus (?:age|agee|ages|agees|vieux|vieille|vieilles) que|"
            rf"a partir de|starting at|from|des|au dessus de|au dela de|(?:don |wey |e don )?pass|"
            rf"pas (?:en|au) dessous (?:de|d)|not (?:below|under)|no (?:go )?under) {N}{UNIT}"
        ),
        (
            rf"\b{N}{UNIT} (?:et plus|ou plus|and over|and up|and above|and older|or more|go up|(?:and )?upwards?|"
            rf"or older|minimum|min|au moins|et au dela|et \+|\+)(?!\w)"
        ),
        rf"\b{N} ?\+", rf"(?<![\w+])\+ ?{N}\b",
    )
)
UPPER_BOUNDS = tuple(
    re.compile(p + _NOT_AFTER_RANGE)
    for p in (
        (
            rf"\b(?<!pas )(?<!not )(?<!no )(?<!ni )(?:moins de|moins que|au plus|tout au plus|ni plus de|ni plus que|"
            rf"(?:au |grand |au grand )?(?:maximum|max|maxi)(?: age)?(?: (?:a|to|de|of|is|est|c est|at))?|"
            rf"not more than|no more than|pas plus de|pas plus que|not above|not over|not older than|"
            rf"en dessous de|au dessous de|pas au dessus de|pas au dela de|inferieure? (?:a|de)|inf a|"
            rf"pas plus (?:age|agee|ages|agees|vieux|vieille|vieilles) que|less than|"
            rf"(?:ne |n |qui |sans )?depass\w* pas|(?:sans|pas|ne pas) depasser|"
            rf"(?:e |make e |wey )?no (?:go )?(?:pass|reach)|"
            rf"(?:age |l age )?limite?(?: (?:a|de|d age|c est|est|is))?|la limite c est|plafond(?: a| de)?|"
            rf"under|below|at most|younger than|not over|no older than|plus jeunes? que|"
            rf"jusqu a|up to|upto|"
            # "no one above 40", "nothing over 45", "personne de plus de 50"
            rf"(?:no one|nobody|nothing|none|not anyone|personne|rien)(?: (?:de|d))? (?:above|over|older than|past|"
            rf"plus de|au dessus de|au dela de)) {N}{UNIT}"
        ),
        (
            rf"\b{N}{UNIT} (?:max|maximum|maxi|au plus|au maximum|au max|grand max|grand maximum|"
            rf"au grand max|au grand maximum|tout au plus|pas plus(?! (?:de|que|jeune|vieux|vieille|age))|"
            rf"pas au dela|pas au dessus|c est la limite|limite|ou moins|or less|or younger|"
            rf"at most|at the most|tops|and below|and under|and younger|or below|or under)\b"
        ),
    )
)
# Words that turn a bound around when they come shortly before it ("il ne doit pas avoir
# plus de 50 ans" is at most 50; "she shouldn't be under 25" at least 25).
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:pas|not|no|ni|jamais|never)|n t)(?: (?:avoir|etre|ait|soit|qu|qui|il|elle|a|ai|de|d|des|un|une|les|le|la|"
    r"femmes?|hommes?|personnes?|gens|quelqu|be|have|has|an|aged?|someone|anyone|anybody|want|need|veux|"
    r"person|people|wey|who|that|somebody|like|man|men|woman|women|guy|lady|"
    # "make una no show me woman wey pass 35", "je ne suis pas intéressée par les hommes de plus de 50 ans"
    r"show|send|me|m|montrez|montre|envoyez|envoie|interessee?s?|interested|par|in|by))* $"
)
# "plus jeune que moi" with the member's own age said in the same message.
THAN_ME = re.compile(
    r"\b(?P<negated>pas |not |no )?(?P<word>plus jeunes?|moins agee?s?|moins vieux|moins vieilles?|younger|"
    r"plus agee?s?|plus vieux|plus vieilles?|older) (?:que moi|than me)\b"
)
_TWO_DIGITS = re.compile(r"\b\d{2}\b")
_THAN_ME_YOUNGER = ("plus jeune", "moins", "younger")

DECADE_WORDS: dict[str, int] = {
    "vingtaine": 20, "trentaine": 30, "quarantaine": 40, "cinquantaine": 50,
    "soixantaine": 60, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
    "sixties": 60, "trentenaires?": 30, "quadragenaires?": 40, "quarantenaires?": 40,
    "quinquagenaires?": 50, "cinquantenaires?": 50, "sexagenaires?": 60,
}
# Which part of a decade "early/mid/late thirties" means.
DECADE_PARTS: dict[str, tuple[int, int]] = {
    "early": (0, 4), "debut": (0, 4), "mid": (3, 6), "milieu": (3, 6), "late": (6, 9),
    "fin": (6, 9),
}
_DECADE = re.compile(
    r"\b(?:(early|mid|late|debut|milieu|fin)(?: de| d)?(?: la| sa| leur| their| the)? )?"
    rf"(?:({'|'.join(DECADE_WORDS)})|([2-6]0) ?(?:s(?! il)|aine)|(?:dans les|in (?:his|her|their)) ([2-6]0)(?: ans)?)\b"
)


def valid(value: int | None) -> bool:
    """Whether a number can be an age."""
    return value is not None and MIN_AGE <= value <= MAX_AGE


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans of a text, keeping every other character where it was."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def matches(patterns: tuple[re.Pattern[str], ...], text: str) -> Iterator[re.Match[str]]:
    """All matches of several patterns, by position."""
    found = [m for p in patterns for m in p.finditer(text)]
    return iter(sorted(found, key=lambda m: m.start()))


def _decade(match: re.Match[str]) -> tuple[int, int]:
    """The range a decade phrase means ("la trentaine" -> (30, 39))."""
    part, word, digits, spoken = match.groups()
    base = next(v for k, v in DECADE_WORDS.items() if re.fullmatch(k, word)) if word else int(digits or spoken)
    low, high = DECADE_PARTS.get(part or "", (0, 9))
    return base + low, base + high


def find_age_range(
    text: str, roles: Roles, *, expecting: str | None = None
) -> tuple[AgeRange | None, list[tuple[int, int]]]:
    """The wanted age range, and the spans that speak of ranges (never an own age)."""
    spans: list[tuple[int, int]] = []
    found: AgeRange | None = None
    for m in matches(RANGES, text):
        spans.append(m.span())
        low, high = int(m.group(1)), int(m.group(2))
        if found is None and valid(low) and valid(high):
            found = (min(low, high), max(low, high))
    for m in _PAIR.finditer(text):
        low, high = int(m.group(1)), int(m.group(2))
        if valid(low) and valid(high) and low < high <= low + MAX_PAIR_SPAN:
            spans.append(m.span())
            if found is None and roles.at(m.start()) != "self":
                found = (low, high)

    def own(position: int) -> bool:
        # "j'ai plus de 40 ans" is about the member, not a wish; so is "la trentaine"
        # answering "how old are you?".
        # Not once an age was said after "j'ai": "j'ai 30 ans, max 45" wishes the 45.
        role = roles.at(position)
        if role == "self":
            return not _TWO_DIGITS.search(text, roles.since(position), position)
        return role == "neutral" and expecting == "age"

    candidates: list[tuple[re.Match[str], bool]] = []
    for patterns, is_lower in ((LOWER_BOUNDS, True), (UPPER_BOUNDS, False)):
        for m in matches(patterns, text):
            if valid(int(m.group(1))) and not own(m.start()):
                candidates.append((m, is_lower != bool(_NEGATION_BEFORE.search(text, 0, m.start()))))
            else:  # the member's own age, vaguely ("j'ai plus de 40 ans"), or stated before a bound word
                spans.append(m.span() if m.start(1) > m.start() else _keyword(m))
    lower, upper, used = _bind(candidates)
    # A bound word left without a number does not hide the number it stood by ("j'ai 30 ans max 45").
    spans.extend(m.span() if m in used else _keyword(m) for m, _ in candidates)
    decades: list[tuple[int, int]] = []
    for m in _DECADE.finditer(text):
        spans.append(m.span())
        if not own(m.start()):
            decades.append(_decade(m))
    if found is None and lower is None and upper is None and decades:
        # "la quarantaine ou la cinquantaine": from the first to the last
        found = (min(low for low, _ in decades), max(high for _, high in decades))
    if found is None and (lower is not None or upper is not None):
        if lower is not None and upper is not None and lower > upper:
            lower, upper = upper, lower
        found = (lower, upper)
    return found, spans


def _keyword(m: re.Match[str]) -> tuple[int, int]:
    """Where the words of a bound are: before its number ("max 40") or after it ("40 max")."""
    return (m.start(), m.start(1)) if m.start(1) > m.start() else (m.end(1), m.end())


def _bind(candidates: list[tuple[re.Match[str], bool]]) -> tuple[int | None, int | None, list[re.Match[str]]]:
    """The lower and upper bounds, each bound word taking one number and each number one
    bound word: in "min 30 max 40", "max" bounds 40, not the 30 before it."""
    taken_numbers: set[int] = set()
    taken_words: list[tuple[int, int]] = []
    bound: list[tuple[int, int, bool]] = []  # position, value, is_lower
    used: list[re.Match[str]] = []

    def free(m: re.Match[str]) -> bool:
        start, end = _keyword(m)
        return m.start(1) not in taken_numbers and all(end <= a or start >= b for a, b in taken_words)

    while open_ := [(m, low) for m, low in candidates if free(m)]:
        def alone(m: re.Match[str]) -> bool:
            word = _keyword(m)
            return not any(o is not m and (o.start(1) == m.start(1) or _keyword(o) == word) for o, _ in open_)
        m, low = next(((m, low) for m, low in open_ if alone(m)), None) or next(
            ((m, low) for m, low in open_ if m.start(1) > m.start()), open_[0])
        taken_numbers.add(m.start(1))
        taken_words.append(_keyword(m))
        bound.append((m.start(), int(m.group(1)), low))
        used.append(m)
    bound.sort()
    lower = next((value for _, value, low in bound if low), None)
    upper = next((value for _, value, low in bound if not low), None)
    return lower, upper, used


def than_me(than: re.Match[str], age: int, found: AgeRange | None) -> AgeRange:
    """The range "plus jeune que moi" makes of the member's own age, with what else was said."""
    low, high = found or (None, None)
    younger = than.group("word").startswith(_THAN_ME_YOUNGER)
    if younger != bool(than.group("negated")):
        high = age if high is None else high
    else:
        low = age if low is None else low
    return low, high


