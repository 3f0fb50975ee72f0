"""The member's own age and the age range they want, from a normalised text in digits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agents.nlu.roles import Roles

MIN_AGE, MAX_AGE = 16, 99  # outside this a number is not an age; 16-17 kept to refuse minors

AgeRange = tuple[int | None, int | None]

AGE_UNIT = r"(?:ans?|years? old|years?|yo|y o|yrs?|printemps|piges|balais|berges|hivers)"
# Words before "N ans" that make it a duration or someone else's age.
NOT_OWN_BEFORE: frozenset[str] = frozenset(
    {"depuis", "pendant", "dans", "durant", "for", "since", "during", "in", "a", "as", "ont",
     "avait", "avaient", "avons", "fait", "after", "apres", "over", "plus", "moins"}
)
# "une fille de 18 ans" is someone else's age, even after "j'ai".
OTHERS_OF: frozenset[str] = frozenset(
    {"fille", "filles", "fils", "enfant", "enfants", "garcon", "garcons", "bebe", "soeur",
     "frere", "mere", "pere", "ami", "amie", "ex", "daughter", "son", "kid", "kids", "child",
     "children", "sister", "brother", "mother", "father", "friend"}
)
# Words after "j'ai N" that make N a count of things ("j'ai 2 enfants"), not an age.
COUNTED = (
    r"enfants?|kids?|children|child|fils|filles?|garcons?|freres?|soeurs?|bebes?|kg|kilos?|"
    r"cm|m|metres?|euros?|eur|fcfa|cfa|francs?|f|dollars?|usd|cad|\$|mois|months?|jours?|"
    r"days?|semaines?|weeks?|heures?|hours?|h|minutes?|min|secondes?|fois|times?|messages?|"
    r"photos?|profils?|profiles?|questions?|chats?|chiens?|k|mille|millions?|points?|"
    r"numeros?|contacts?|amis?|ex|sms|appels?|calls?|\d+"
)
HEDGE = (
    r"(?:environ|presque|bientot|deja|seulement|juste|pres de|about|around|almost|nearly|"
    r"only|just)"
)
N = r"(\d{1,3})"
# Words a member calls themself by before their age ("homme 39", "lady 27", "widower 61").
SELF_NOUNS = (
    r"man|woman|male|female|lady|guy|girl|boy|homme|femme|mec|meuf|h|f|mum|mom|dad|widower|widow|"
    r"veuf|veuve|garcon|fille|nga|mbom|gars|maman|papa|divorcee?|divorced|celibataire|single"
)
_UNIT = rf"(?: {AGE_UNIT})?"
_NOT_AFTER_RANGE = r"(?! (?:h|heures?|hours?|pm|am|km|kg|cm|euros?|fcfa|profils?|enfants?)\b)"

# The member's own age. Group 1 is the number.
OWN_AGE = tuple(
    re.compile(p)
    for p in (
        rf"\bj ai (?:{HEDGE} )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        rf"(?<![\d-] )\b{N} {AGE_UNIT}\b(?! (?:ago|de mariage|d experience|of|que|plus tard)\b)",
        rf"\bi (?:m|am) (?:{HEDGE} )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        rf"\b(?:mon age|my age|age|agee?|aged)(?: est| is| de| of)? (?:{HEDGE} )?{N}\b(?! ?[-\d])",
        # "I'm a man, 41" / "femme 35": a number right after the member's own gender word.
        rf"\b(?:i m a|i am a|je suis une?|chui une?|jsuis une?|i be|na)? ?(?:{SELF_NOUNS}) "
        rf"{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "I'm Mike, 36", "moi c'est Yannick 30a": a number right after the member's name.
        rf"\b(?:i m|i am|i be|moi c est|je m appelle|my name is|my name s|call me|ici c est) [a-z-]+ "
        rf"{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # Pidgin and spoken English: "I dey 28", "my age na 34", "I don reach 42", "I just turned 50".
        rf"\b(?:i dey|i don reach|i reach|my age na|mi age na|age na|i be|i just turned|just turned|"
        rf"i turned|i ve turned|je viens d avoir|je vais avoir|j ai eu) {N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "38a" (ans), "30 a toulouse": a two-digit number with the short unit.
        rf"(?<![\d-] )\b{N} a\b(?! \d)(?! (?:{COUNTED})\b)",
    )
)
_BARE_AGE = re.compile(rf"(?:{HEDGE} )?{N}{_UNIT}")
_BARE_RANGE = re.compile(rf"{N}{_UNIT}(?: (?:et|a|to|and|-))? {N}{_UNIT}")

# Two-ended ranges: never the member's own age, whoever the sentence is about.
RANGES = tuple(
    re.compile(p + _NOT_AFTER_RANGE)
    for p in (
        rf"\b(?:entre|between|btw|btwn) {N}{_UNIT} (?:et|and|a|-|&) {N}{_UNIT}",
        (
            rf"\b(?:de|from|aged?|agee?s? de|age de) {N}{_UNIT}"
            rf" (?:a|to|-|jusqu a|until|till|go reach|go|reach) {N}{_UNIT}"
        ),
        rf"(?<![\d-] )\b{N}{_UNIT} (?:-|a|to) {N}\b(?! -){_UNIT}",
    )
)
LOWER_BOUNDS = tuple(
    re.compile(p + _NOT_AFTER_RANGE)
    for p in (
        (
            rf"\b(?<!pas )(?:plus de|pas moins de|au moins|minimum|min|more than|over|above|"
            rf"at least|older than|plus (?:age|agee|ages|agees|vieux|vieille|vieilles) que|"
            rf"a partir de|starting at|from|des) {N}{_UNIT}"
        ),
        (
            rf"\b{N}{_UNIT} (?:et plus|ou plus|and over|and up|and above|and older|or more|"
            rf"or older|minimum|min|au moins|et au dela|et \+|\+)(?!\w)"
        ),
        rf"\b{N} ?\+",
    )
)
UPPER_BOUNDS = tuple(
    re.compile(p + _NOT_AFTER_RANGE)
    for p in (
        (
            rf"\b(?<!pas )(?:moins de|au plus|au maximum|maximum|max|pas plus de|pas plus que|not above|not over|"
            rf"pas plus (?:age|agee|ages|agees|vieux|vieille|vieilles) que|less than|"
            rf"under|below|at most|younger than|not over|no older than|plus jeunes? que|"
            rf"jusqu a|up to|upto) {N}{_UNIT}"
        ),
        (
            rf"\b{N}{_UNIT} (?:max|maximum|maxi|au plus|au maximum|ou moins|or less|or younger|"
            rf"at most|at the most)\b"
        ),
    )
)
DECADE_WORDS: dict[str, int] = {
    "vingtaine": 20, "trentaine": 30, "quarantaine": 40, "cinquantaine": 50,
    "soixantaine": 60, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
    "sixties": 60,
}
# Which part of a decade "early/mid/late thirties" means.
DECADE_PARTS: dict[str, tuple[int, int]] = {
    "early": (0, 4), "debut": (0, 4), "mid": (3, 6), "milieu": (3, 6), "late": (6, 9),
    "fin": (6, 9),
}
_DECADE = re.compile(
    r"\b(?:(early|mid|late|debut|milieu|fin)(?: de| d)?(?: la| sa| leur| their| the)? )?"
    rf"(?:({'|'.join(DECADE_WORDS)})|([2-6]0) ?(?:s(?! il)|aine))\b"
)


def _valid(value: int | None) -> bool:
    """Whether a number can be an age."""
    return value is not None and MIN_AGE <= value <= MAX_AGE


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans of a text, keeping every other character where it was."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _matches(patterns: tuple[re.Pattern[str], ...], text: str) -> Iterator[re.Match[str]]:
    """All matches of several patterns, by position."""
    found = [m for p in patterns for m in p.finditer(text)]
    return iter(sorted(found, key=lambda m: m.start()))


def _decade(match: re.Match[str]) -> AgeRange:
    """The range a decade phrase means ("la trentaine" -> (30, 39))."""
    part, word, digits = match.groups()
    base = DECADE_WORDS[word] if word else int(digits)
    low, high = DECADE_PARTS.get(part or "", (0, 9))
    return base + low, base + high


def find_age_range(text: str, roles: Roles) -> tuple[AgeRange | None, list[tuple[int, int]]]:
    """The wanted age range, and the spans that speak of ranges (never an own age)."""
    spans: list[tuple[int, int]] = []
    found: AgeRange | None = None
    for m in _matches(RANGES, text):
        spans.append(m.span())
        low, high = int(m.group(1)), int(m.group(2))
        if found is None and _valid(low) and _valid(high):
            found = (min(low, high), max(low, high))
    lower: int | None = None
    upper: int | None = None
    for patterns, is_lower in ((LOWER_BOUNDS, True), (UPPER_BOUNDS, False)):
        for m in _matches(patterns, text):
            spans.append(m.span())
            value = int(m.group(1))
            # "j'ai plus de 40 ans" is about the member, not a wish.
            if not _valid(value) or roles.at(m.start()) == "self":
                continue
            if is_lower and lower is None:
                lower = value
            elif not is_lower and upper is None:
                upper = value
    for m in _DECADE.finditer(text):
        spans.append(m.span())
        if found is None and lower is None and upper is None and roles.at(m.start()) != "self":
            found = _decade(m)
    if found is None and (lower is not None or upper is not None):
        if lower is not None and upper is not None and lower > upper:
            lower, upper = upper, lower
        found = (lower, upper)
    return found, spans


def _not_own(before: list[str]) -> bool:
    """Whether the words before "N ans" make it a duration or someone else's age."""
    if not before:
        return False
    if before[-1] == "a" and len(before) > 1 and before[-2] in ("m", "am"):
        return False  # "I'm a 35 year old man"
    if before[-1] in ("de", "of") and len(before) > 1 and before[-2] in OTHERS_OF:
        # "je suis un garçon de 16 ans" is the member; "une fille de 18 ans" is someone else.
        return " ".join(before[-5:-2]) not in ("je suis un", "je suis une", "suis un", "suis une", "i m a", "i am a")
    if before[-1] in ("de", "of") and len(before) > 2 and before[-3] in OTHERS_OF:
        return " ".join(before[-6:-3]) not in ("je suis un", "je suis une", "suis un", "suis une", "i m a", "i am a")
    return before[-1] in NOT_OWN_BEFORE


def find_own_age(text: str, roles: Roles) -> int | None:
    """The member's own age stated in a text whose range phrases are already blanked."""
    for m in _matches(OWN_AGE, text):
        value = int(m.group(1))
        if not _valid(value) or roles.subject(m.start(1)) != "self":
            continue
        before = text[: m.start()].split()
        if m.re is OWN_AGE[1] and _not_own(before):
            continue
        return value
    return None


def find_ages(
    text: str, *, roles: Roles, expecting: str | None
) -> tuple[int | None, AgeRange | None]:
    """Own age and wanted range from a normalised text in digits."""
    age_range, spans = find_age_range(text, roles)
    age = find_own_age(_mask(text, spans), roles)
    plain = text.replace("|", " ").strip()
    plain = " ".join(plain.split())
    if age is None and expecting == "age" and (bare := _BARE_AGE.fullmatch(plain)):
        age = int(bare.group(1)) if _valid(int(bare.group(1))) else None
    if age_range is None and expecting == "age_range":
        if (pair := _BARE_RANGE.fullmatch(plain)) and _valid(int(pair.group(1))):
            low, high = int(pair.group(1)), int(pair.group(2))
            if _valid(high):
                age_range = (min(low, high), max(low, high))
        elif (bare := _BARE_AGE.fullmatch(plain)) and _valid(int(bare.group(1))):
            age_range = (int(bare.group(1)), int(bare.group(1)))
    return age, age_range
