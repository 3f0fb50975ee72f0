"""The member's own age and the age range they want, from a normalised text in digits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agents.nlu.roles import Roles

MIN_AGE, MAX_AGE = 16, 99  # outside this a number is not an age; 16-17 kept to refuse minors
# A child may state a younger age with its unit ("j'ai 14 ans", "a 15 year old boy"): read as
# the member's own, so the bot refuses them (a bare "14" is still no age).
MIN_STATED_AGE = 10

AgeRange = tuple[int | None, int | None]

AGE_UNIT = r"(?:ans?|years? old|years?|yo|y o|yrs?|printemps|piges|balais|berges|hivers)"
# Words before "N ans" that make it a duration or someone else's age.
NOT_OWN_BEFORE: frozenset[str] = frozenset(
    {"depuis", "pendant", "dans", "durant", "for", "since", "during", "in", "a", "as", "ont",
     "avait", "avaient", "avons", "fait", "after", "apres", "over", "plus", "moins",
     # "les 30 ans là": people of that age; "je vais sur 35 ans": not yet
     "les", "des", "ces", "the", "those", "these", "sur",
     # "j'ai été mariée 10 ans", "on a vécu 12 ans ensemble": how long, not how old
     "marie", "mariee", "maries", "ensemble", "ete", "vecu", "reste", "restee", "travaille", "habite",
     "married", "together", "lived", "worked", "stayed"}
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
    r"(?:environ|presque|bientot|deja|seulement|juste|pres de|autour de|aux alentours de|vers|about|around|"
    r"almost|nearly|only|just)"
)
N = r"(\d{1,3})"
# Words a member calls themself by before their age ("homme 39", "lady 27", "widower 61").
SELF_NOUNS = (
    r"man|woman|male|female|lady|guy|girl|boy|homme|femme|mec|meuf|h|f|mum|mom|dad|widower|widow|"
    r"veuf|veuve|garcon|fille|nga|mbom|gars|maman|papa|divorcee?|divorced|celibataire|single|mobali|mwasi"
)
_UNIT = rf"(?: {AGE_UNIT})?"
# Whom a "de N ans" can describe ("un homme de 62 ans"): the member only when they say so.
PERSON_NOUNS = OTHERS_OF | frozenset({
    "homme", "femme", "monsieur", "dame", "mec", "gars", "go", "nga", "mbom", "personne", "maman",
    "papa", "man", "woman", "guy", "lady", "girl", "boy", "person", "gentleman",
})
ADJECTIVES_BEFORE = frozenset({"jeune", "petite", "petit", "vieille", "vieux", "grande", "grand", "simple",
                               "vraie", "vrai", "belle", "beau", "bonne", "bon", "adorable"})
POSSESSIVES = frozenset({"ma", "mon", "mes", "sa", "son", "ses", "ta", "ton", "tes", "notre", "nos", "votre",
                         "vos", "leur", "leurs", "my", "his", "her", "their", "your", "our"})
DETERMINERS = POSSESSIVES | frozenset({"un", "une", "a", "an", "des", "les", "le", "la", "the", "ce", "cette"})
# Before "une dame de 45 ans", what makes it the member describing themself.
SELF_BEFORE_NOUN = frozenset({"|", "suis", "m", "am", "moi", "chui", "be", "est", "bonjour", "bonsoir",
                              "salut", "hello", "hi", "coucou"})
_NOT_AFTER_RANGE = (
    r"(?! (?:h|heures?|hours?|pm|am|km|kg|cm|euros?|fcfa|profils?|enfants?|personnes?|gens|people|"
    r"membres?|members?|inscrits?)\b)"
)

# The member's own age. Group 1 is the number.
OWN_AGE = tuple(
    re.compile(p)
    for p in (
        rf"\b(?:j|qui) (?:en )?ai (?:{HEDGE} )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        rf"(?<![\d-] )\b{N} {AGE_UNIT}\b(?! (?:ago|de mariage|d experience|of|que|plus tard)\b)",
        rf"\bi (?:m|am) (?:{HEDGE} )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        rf"\b(?:mon age|my age|age|agee?|aged)(?: est| is| de| of)? (?:{HEDGE} )?{N}\b(?! ?[-\d])",
        # "I'm a man, 41" / "femme 35": a number right after the member's own gender word.
        rf"\b(?:i m a|i am a|je suis une?|chui une?|jsuis une?|i be|na)? ?(?:{SELF_NOUNS}) "
        rf"(?:of )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "c'est 25 ans que j'ai": the age put first.
        rf"\bc est (?:{HEDGE} )?{N}(?: {AGE_UNIT})? (?:que|qu) (?:j|i) (?:en )?(?:ai|have)\b",
        # "I'm Mike, 36", "moi c'est Yannick 30a": a number right after the member's name.
        rf"\b(?:i m|i am|i be|moi c est|je m appelle|my name is|my name s|call me|ici c est) [a-z-]+ "
        rf"{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # Pidgin and spoken English: "I dey 28", "my age na 34", "I don reach 42", "I just turned 50".
        rf"\b(?:i dey|i don reach|i reach|(?:wey |who )?don reach|my age na|mi age na|age na|i be|i just turned|just turned|"
        rf"i turned|i ve turned|je viens d avoir|je vais avoir|j ai eu) {N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "F 29 abj", "35M Douala": a gender letter by a number opening a sentence.
        rf"(?:^|\| )(?:(?:h|f|m|jh|jf) {N}|{N} (?:h|f|m))\b(?! ?[-\d])",
        # "ma fille a 18 ans et moi 42": the member's own after someone else's.
        rf"\b(?:et|mais|and|but) moi (?:j en ai |j ai )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "38a" (ans), "30 a toulouse": a two-digit number with the short unit.
        rf"(?<![\d-] )\b{N} a\b(?! \d)(?! (?:{COUNTED})\b)",
    )
)
# ...not a duration ("10 ans d'expérience", "12 ans de mariage", "15 years ago").
_UNIT_AFTER = re.compile(rf" {AGE_UNIT}\b(?! (?:d|de|du|des|of|ago|que|qu|plus tard|dans|in|with|avec)\b)")
_NUMBER = re.compile(rf"(?<![\d-] )\b(\d{{2}})\b(?! ?[-\d])(?! (?:{COUNTED})\b)")
# A number said not to be the right one: "pas 52", "not 43", "no be 23".
_NEGATED = re.compile(r"\b(?:pas|not|no be|non|instead of|au lieu de|plutot que|et non)\s*$")
# An age the member will have, not has: "turning 35 next month, so 34".
_NOT_YET = re.compile(r"\b(?:turning|turn|will be|ll be|going to be|vais sur|va sur|bientot|soon)\s*$")
_LISTED_UNIT = r"\s*(?:ans?|yrs?|years?(?: old)?|y\.?o\.?)?\s*"
# A number alone between commas, or between a comma and the start or end of a sentence.
_LISTED = re.compile(
    rf",\s*(\d{{2}}){_LISTED_UNIT}(?=[,;.!?\n]|$)|(?:^|[;.!?\n])\s*(\d{{2}}){_LISTED_UNIT}(?=,)"
)
_BARE_AGE = re.compile(rf"(?:{HEDGE} )?{N}{_UNIT}(?: (?:environ|a peu pres|or so|ish|plus ou moins))?")
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
        rf"(?<![\d-] )\b{N}{_UNIT} (?:-|a|to|go reach|reach|go|till|until|jusqu a) {N}\b(?! -){_UNIT}",
    )
)
# Two ages side by side ("une go calme 24 30 ans"): a range when the second is the larger.
_PAIR = re.compile(rf"(?<![\d-] )\b{N}{_UNIT} {N}\b(?! -){_UNIT}" + _NOT_AFTER_RANGE)
MAX_PAIR_SPAN = 30  # "24 30" is a range; "20 80" is two unrelated numbers
LOWER_BOUNDS = tuple(
    re.compile(p + _NOT_AFTER_RANGE)
    for p in (
        (
            rf"\b(?<!pas )(?<!not )(?<!no )(?<!ni )(?:plus de|pas moins de|ni moins de|au moins|"
            rf"(?:minimum|min)(?: age)?(?: (?:a|to|de|of|is|est|at))?|more than|over|above|"
            rf"at least|older than|not less than|no less than|not younger than|no younger than|"
            rf"plus (?:age|agee|ages|agees|vieux|vieille|vieilles) que|"
            rf"a partir de|starting at|from|des|au dessus de|au dela de|(?:don |wey |e don )?pass) {N}{_UNIT}"
        ),
        (
            rf"\b{N}{_UNIT} (?:et plus|ou plus|and over|and up|and above|and older|or more|go up|(?:and )?upwards?|"
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
            rf"jusqu a|up to|upto) {N}{_UNIT}"
        ),
        (
            rf"\b{N}{_UNIT} (?:max|maximum|maxi|au plus|au maximum|au max|grand max|grand maximum|"
            rf"au grand max|au grand maximum|tout au plus|pas plus(?! (?:de|que|jeune|vieux|vieille|age))|"
            rf"pas au dela|pas au dessus|c est la limite|limite|ou moins|or less|or younger|"
            rf"at most|at the most|tops|and below|and under|and younger|or below|or under)\b"
        ),
    )
)
# Words that turn a bound around when they come shortly before it ("il ne doit pas avoir
# plus de 50 ans" is at most 50; "she shouldn't be under 25" at least 25).
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:pas|not|no|jamais|never)|n t)(?: (?:avoir|etre|ait|soit|qu|qui|il|elle|a|ai|de|d|des|un|une|"
    r"femmes?|hommes?|personnes?|gens|quelqu|be|have|has|an|aged?|someone|anyone|anybody|want|need|veux|"
    r"person|people|wey|who|that|somebody|like|man|men|woman|women|guy|lady))* $"
)
# "plus jeune que moi" with the member's own age said in the same message.
_THAN_ME = re.compile(
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
    for m in _matches(RANGES, text):
        spans.append(m.span())
        low, high = int(m.group(1)), int(m.group(2))
        if found is None and _valid(low) and _valid(high):
            found = (min(low, high), max(low, high))
    for m in _PAIR.finditer(text):
        low, high = int(m.group(1)), int(m.group(2))
        if _valid(low) and _valid(high) and low < high <= low + MAX_PAIR_SPAN:
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
        for m in _matches(patterns, text):
            if _valid(int(m.group(1))) and not own(m.start()):
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


def _than_me(than: re.Match[str], age: int, found: AgeRange | None) -> AgeRange:
    """The range "plus jeune que moi" makes of the member's own age, with what else was said."""
    low, high = found or (None, None)
    younger = than.group("word").startswith(_THAN_ME_YOUNGER)
    if younger != bool(than.group("negated")):
        high = age if high is None else high
    else:
        low = age if low is None else low
    return low, high


def _someone_else(prior: list[str]) -> bool:
    """Whether a person named after these words is someone other than the member: "ma fille",
    "j'ai une fille", "vous m'envoyez un homme"; not "je suis une jeune fille", nor a noun
    without a determiner, which is how members list what they are ("..., femme de 30 ans")."""
    while prior and prior[-1] in ADJECTIVES_BEFORE:
        prior = prior[:-1]
    if not prior or not (prior[-1] in DETERMINERS or prior[-1].isdigit()):
        return False
    if prior[-1] in POSSESSIVES or prior[-1].isdigit():
        return True
    return len(prior) > 1 and prior[-2] not in SELF_BEFORE_NOUN


def _not_own(before: list[str]) -> bool:
    """Whether the words before "N ans" make it a duration or someone else's age."""
    if not before:
        return False
    if before[-1] == "a" and len(before) > 1 and before[-2] in ("m", "am"):
        return False  # "I'm a 35 year old man"
    if before[-1] in ("de", "of"):
        # "une fille de 18 ans", "une mère célibataire de 34 ans": whoever the noun is.
        for at in (2, 3):
            if len(before) >= at and before[-at] in PERSON_NOUNS:
                return _someone_else(before[:-at])
    return before[-1] in NOT_OWN_BEFORE


def _lone_age(text: str, roles: Roles, *, listed: frozenset[int], expecting: str | None) -> int | None:
    """An age said without a word that makes it one: the only plausible number answering
    "how old are you?" ("euh j'ai... 37", "late thirties, 38 to be exact"), or a number
    listed between commas among things the member says of themself ("Grace here, 28, Lagos")."""
    candidates: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(text):
        value = int(m.group(1))
        if (_valid(value) and not _NEGATED.search(text, 0, m.start()) and not _NOT_YET.search(text, 0, m.start())
                and roles.subject(m.start()) == "self"):
            candidates.append((m.start(), value))
    if expecting == "age" and len({value for _, value in candidates}) == 1:
        return candidates[0][1]
    return next((value for _, value in candidates if value in listed), None)


# "I'm 15", "I be 14", "j'ai 15, je peux ?": a number after these, ending the clause, is an
# age even without its unit ("j'ai 14 cousins" is no age: a noun follows).
_BARE_MINOR_AFTER = re.compile(r"\s*(?:$|\||et\b|and\b|is\b|c est\b|ca\b|je\b|i\b|can\b|svp\b|please\b)")


def _stated_minor(text: str, m: re.Match[str], number: int) -> bool:
    """Whether a number under MIN_AGE is a child's age: said with its unit ("15 ans"), or
    after "I'm"/"j'ai" at the end of what is said."""
    if not MIN_STATED_AGE <= int(m.group(number)) < MIN_AGE:
        return False
    bare = m.re in (OWN_AGE[0], OWN_AGE[2], OWN_AGE[7]) and bool(_BARE_MINOR_AFTER.match(text, m.end(number)))
    return bare or bool(_UNIT_AFTER.match(text, m.end(number)))


def find_own_age(text: str, roles: Roles) -> int | None:
    """The member's own age stated in a text whose range phrases are already blanked."""
    for m in _matches(OWN_AGE, text):
        number = next(i for i in range(1, len(m.groups()) + 1) if m.group(i))
        value = int(m.group(number))
        if not (_valid(value) or _stated_minor(text, m, number)) or roles.subject(m.start(number)) != "self":
            continue
        before = text[: m.start()].split()
        if m.re is OWN_AGE[1] and _not_own(before):
            continue
        return value
    return None


_NOT_THE_AGE = re.compile(
    r"\b(?:ne|nee|nes|born)(?: (?:en|in|on|le))?(?: \d{1,2} [a-z]+)? \d{2,4}\b"
    r"|\b1 m \d{2}\b|\b1 \d{2} m\b|\b1\d{2} ?cm\b"
    r"|\b(?:j ai dit|j avais dit|i said|j ai tape|j ai mis|j ai ecrit|i typed|i wrote|i put)(?: \w+)? \d{2}\b(?: ans)?"
)


def listed_numbers(raw: str) -> frozenset[int]:
    """Two-digit numbers a raw message lists between commas or sentence marks ("Lagos, 26, ...")."""
    return frozenset(int(a or b) for a, b in _LISTED.findall(raw))


def find_ages(
    text: str, *, roles: Roles, expecting: str | None, listed: frozenset[int] = frozenset()
) -> tuple[int | None, AgeRange | None]:
    """Own age and wanted range from a normalised text in digits (`listed`: listed_numbers)."""
    age_range, spans = find_age_range(text, roles, expecting=expecting)
    # a birth year, a height, a number taken back are no age ("né en 88", "1m75, 29 ans",
    # "j'ai dit 26 ans mais j'en ai 28", "j'ai tapé 52 c'est 25")
    masked = _mask(text, [*spans, *(m.span() for m in _NOT_THE_AGE.finditer(text))])
    age = find_own_age(masked, roles)
    if age is None and (listed or expecting == "age"):
        age = _lone_age(masked, roles, listed=listed, expecting=expecting)
    if age is not None and (than := _THAN_ME.search(text)):
        age_range = _than_me(than, age, age_range)
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
