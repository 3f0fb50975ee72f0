"""The member's own age ("j'ai 34 ans", "I dey 28", "femme 35") and, with the range they want
(agents/nlu/age_ranges.py), what a normalised text in digits says of ages."""

from __future__ import annotations

import re

from agents.nlu.age_ranges import (
    AGE_UNIT,
    MIN_AGE,
    THAN_ME,
    UNIT,
    AgeRange,
    N,
    find_age_range,
    mask,
    matches,
    than_me,
    valid,
)
from agents.nlu.roles import Roles

# A child may state a younger age with its unit ("j'ai 14 ans", "a 15 year old boy"): read as
# the member's own, so the bot refuses them (a bare "14" is still no age).
MIN_STATED_AGE = 10

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
# Not "bientôt": "bientôt 30" is no age yet (the corpus reads it so).
HEDGE = (
    r"(?:environ|presque|deja|seulement|juste|pres de|autour de|aux alentours de|vers|about|around|"
    r"almost|nearly|only|just)"
)
# Words a member calls themself by before their age ("homme 39", "lady 27", "widower 61").
SELF_NOUNS = (
    r"man|woman|male|female|lady|guy|girl|boy|babe|bloke|lass|homme|femme|mec|meuf|h|f|mum|mom|dad|widower|widow|"
    r"veuf|veuve|garcon|fille|nga|mbom|gars|maman|papa|divorcee?|divorced|celibataire|single|mobali|mwasi"
)
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
# The member's own age. Group 1 is the number.
OWN_AGE = tuple(
    re.compile(p)
    for p in (
        rf"\b(?:j|qui) (?:en )?ai (?:{HEDGE} )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # (after a year too: "veuve depuis 2019, 52 ans")
        rf"(?:(?<![\d-] )|(?<=\d{{4}} ))\b{N} {AGE_UNIT}\b(?! (?:ago|de mariage|d experience|of|que|plus tard)\b)",
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
        rf"\b(?:i dey|i get|i don reach|i reach|(?:wey |who )?don reach|my age na|mi age na|age na|i be|i just turned|"
        rf"i turned|i ve turned|je viens d avoir|je vais avoir|j ai eu) {N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "turned 40 last night", "just turned 50" opening a sentence (not "my daughter just turned 21")
        rf"(?:^|\| )(?:just )?turned {N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "F 29 abj", "35M Douala": a gender letter by a number opening a sentence.
        rf"(?:^|\| )(?:(?:h|f|m|jh|jf) {N}|{N} (?:h|f|m))\b(?! ?[-\d])",
        # "ma fille a 18 ans et moi 42": the member's own after someone else's.
        rf"\b(?:et|mais|and|but) moi (?:j en ai |j ai )?{N}\b(?! (?:{COUNTED})\b)(?! ?[-\d])",
        # "at 39 I don't have time to play", "à 56 ans je ne cours plus": the age the member is
        # now, opening what they say of it (not "à 20 ans j'ai eu mon premier enfant").
        rf"(?:^|\| )(?:at|a) {N}(?: {AGE_UNIT})? (?=(?:i m|i am|i don t|i do not|i can t|i cannot|i have|i no|i want|"
        rf"i need|je suis|je ne|je n|j ai plus|j ai pas|je veux|je cherche|on ne|on n)\b)",
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
_NOT_YET = re.compile(r"\b(?:turning|turn|will be|ll be|going to be|going on|vais sur|va sur|bientot|soon|j aurai|aurai|je vais avoir)\s*$")
_LISTED_UNIT = r"\s*(?:ans?|yrs?|years?(?: old)?|y\.?o\.?)?\s*"
# A number alone between commas, or between a comma and the start or end of a sentence, or a
# sentence of its own among others ("Call me Kofi. 30. Accra.").
_LISTED = re.compile(
    rf",\s*(\d{{2}}){_LISTED_UNIT}(?=[,;.!?\n]|$)|(?:^|[;.!?\n])\s*(\d{{2}}){_LISTED_UNIT}(?=,)"
    rf"|(?<=[;.!?\n])\s*(\d{{2}}){_LISTED_UNIT}(?=[;.!?\n])"
)
_BARE_AGE = re.compile(rf"(?:{HEDGE} )?{N}{UNIT}(?: (?:environ|a peu pres|or so|ish|plus ou moins))?")
_BARE_RANGE = re.compile(rf"{N}{UNIT}(?: (?:et|a|to|and|-))? {N}{UNIT}")

def _someone_else(prior: list[str]) -> bool:
    """Whether a person named after these words is someone other than the member: "ma fille",
    "j'ai une fille", "vous m'envoyez un homme"; not "je suis une jeune fille", nor a noun
    without a determiner, which is how members list what they are ("..., femme de 30 ans")."""
    while prior and prior[-1] in ADJECTIVES_BEFORE:
        prior = prior[:-1]
    if not prior or not (prior[-1] in DETERMINERS or prior[-1].isdigit()):
        return False
    if prior[-1] in POSSESSIVES or prior[-1].isdigit() or prior[-1] in ("les", "des", "ces", "the", "those"):
        return True  # also a group: "les filles de 18 ans c'est autorisé ?"
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


# Someone else's age said before the number: "ma mère a 68 ans", "my sister is 61", "un ami de 69 ans".
_THEIRS = re.compile(r"\b(?:ma|mon|mes|my|sa|son|ses|his|her|their|un|une|a|an|le|la|the) (?:[a-z]+ ){1,2}"
                     r"(?:a|is|has|est|was|wey don reach|don reach|of|de|d)\s*$")
# A number answering "how old are you?" alone in the first sentence ("33. Ma soeur a 26 ans...").
_OPENING_AGE = re.compile(r"\d{2}(?: (?:ans?|years?|yrs?))? \|")
# ...before someone else's age ("29... enfin 30 dans deux semaines" hedges: no age).
_SOMEONE_ELSE = re.compile(r"\b(?:ma|mon|mes|my|sa|son|ses|his|her|elle|il|she|he)\b")


def _lone_age(text: str, roles: Roles, *, listed: frozenset[int], expecting: str | None) -> int | None:
    """An age said without a word that makes it one: the only plausible number answering
    "how old are you?" ("euh j'ai... 37", "late thirties, 38 to be exact"), or a number
    listed between commas among things the member says of themself ("Grace here, 28, Lagos")."""
    candidates: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(text):
        value = int(m.group(1))
        if (valid(value) and not _NEGATED.search(text, 0, m.start()) and not _NOT_YET.search(text, 0, m.start())
                and roles.subject(m.start()) == "self" and not _THEIRS.search(text, 0, m.start())
                and not _not_own(text[: m.start()].split()[-3:] if m.start() else [])):
            candidates.append((m.start(), value))
    if expecting == "age" and len({value for _, value in candidates}) == 1:
        return candidates[0][1]
    if (expecting == "age" and candidates and candidates[0][0] == 0 and (first := _OPENING_AGE.match(text))
            and _SOMEONE_ELSE.search(text, first.end())):
        return candidates[0][1]  # "33. Ma petite soeur a 26 ans, elle peut aussi s'inscrire ?": the answer first
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
    for m in matches(OWN_AGE, text):
        number = next(i for i in range(1, len(m.groups()) + 1) if m.group(i))
        value = int(m.group(number))
        if not (valid(value) or _stated_minor(text, m, number)) or roles.subject(m.start(number)) != "self":
            continue
        if _NOT_YET.search(text, 0, m.start(number)):
            continue  # "j'ai bientôt 30 ans", "turning 35"
        before = text[: m.start()].split()
        if m.re is OWN_AGE[1] and _not_own(before):
            continue
        return value
    return None


_NOT_THE_AGE = re.compile(
    r"\b(?:ne|nee|nes|born)(?: (?:en|in|on|le))?(?: \d{1,2} [a-z]+)? \d{2,4}\b"
    r"|\b1 m \d{2}\b|\b1 \d{2} m\b|\b1\d{2} ?cm\b"
    r"|\b(?:j ai dit|j avais dit|i said|j ai tape|j ai mis|j ai ecrit|i typed|i wrote|i put)(?: \w+)? \d{2}\b(?: ans)?"
    # "me marier avant 30 ans", "before 40", "enough 40 year olds": an age that is no one's
    r"|\b(?:avant|before|apres|after) (?:mes |my |les |the )?\d{2}\b(?: ans)?|\b\d{2} (?:year|years) olds\b"
)


def listed_numbers(raw: str) -> frozenset[int]:
    """Two-digit numbers a raw message lists between commas or sentence marks ("Lagos, 26, ...")."""
    return frozenset(int(a or b or c) for a, b, c in _LISTED.findall(raw))


def find_ages(
    text: str, *, roles: Roles, expecting: str | None, listed: frozenset[int] = frozenset()
) -> tuple[int | None, AgeRange | None]:
    """Own age and wanted range from a normalised text in digits (`listed`: listed_numbers)."""
    age_range, spans = find_age_range(text, roles, expecting=expecting)
    # a birth year, a height, a number taken back are no age ("né en 88", "1m75, 29 ans",
    # "j'ai dit 26 ans mais j'en ai 28", "j'ai tapé 52 c'est 25")
    masked = mask(text, [*spans, *(m.span() for m in _NOT_THE_AGE.finditer(text))])
    age = find_own_age(masked, roles)
    if age is None and (listed or expecting == "age"):
        age = _lone_age(masked, roles, listed=listed, expecting=expecting)
    if age is not None and (than := THAN_ME.search(text)):
        age_range = than_me(than, age, age_range)
    plain = text.replace("|", " ").strip()
    plain = " ".join(plain.split())
    if age is None and expecting == "age" and (bare := _BARE_AGE.fullmatch(plain)):
        age = int(bare.group(1)) if valid(int(bare.group(1))) else None
    if age_range is None and expecting == "age_range":
        if (pair := _BARE_RANGE.fullmatch(plain)) and valid(int(pair.group(1))):
            low, high = int(pair.group(1)), int(pair.group(2))
            if valid(high):
                age_range = (min(low, high), max(low, high))
        elif (bare := _BARE_AGE.fullmatch(plain)) and valid(int(bare.group(1))):
            age_range = (int(bare.group(1)), int(bare.group(1)))
    return age, age_range
