"""Genders named in a message: the member's own and the one they look for."""

from __future__ import annotations

import re

from agents.nlu.roles import Roles
from graph.state import Gender

MALE_WORDS: tuple[str, ...] = (
    "hommes?", "monsieur", "messieurs", "mr", "garcons?", "mecs?", "gars", "keum", "jh",
    "jeune homme", "mari", "epoux", "copain", "petit ami", "petit copain", "compagnon",
    "man", "men", "males?", "gentlem[ae]n", "guys?", "boys?", "husband", "boyfriend",
    # Camfranglais, Lingala, nouchi, Pidgin
    "mboms?", "mobali", "gaous?", "bobs?", "masculin", "partenaire masculin", "male partner",
    "papa", "daddy", "dad", "father", "veuf", "widower", "divorced man", "bachelor",
)
FEMALE_WORDS: tuple[str, ...] = (
    "femmes?", "dames?", "madame", "mme", "mlle", "mademoiselle", "demoiselles?", "filles?",
    "meufs?", "nanas?", "jf", "jeune femme", "epouse", "copine", "petite amie",
    "petite copine", "compagne", "(?:une|la|les|des|petite) go",
    "wom[ae]n", "females?", "lady", "ladies", "girls?", "wife", "girlfriend",
    "(?:une|la|les|des|petite|ma) gos", "ngas?", "mwasi", "babes?", "feminin", "maman", "mama",
    "mum", "mom", "mother", "veuve", "widow", "sisters?", "soeurs?",
)
# Feminine agreement of the member speaking of themself ("je suis divorcée", "intéressée",
# "Sénégalaise, 40 ans"): a woman, unless she says otherwise. Masculine forms say nothing,
# since members drop the final e.
FEMININE_FORMS = (
    r"\w+(?:ee|ees)", r"\w+euses?", r"\w+trices?", r"\w+iennes?", r"\w+aises?", r"\w+oises?",
    r"\w+antes?", r"\w+entes?", r"\w+ives?", r"\w+ieres?", r"\w+eres?", r"\w+ues?",
    r"contente", r"prete", r"seule", r"nouvelle", r"majeure", r"inscrite", r"heureuse", r"belle",
    r"veuve", r"maman", r"mere",
)
# Words after "je suis" that are not about the member's gender ("je suis en ville").
NOT_SELF_FORMS = frozenset({
    "pressee", "arrivee", "entree", "allee", "journee", "annee", "soiree", "idee", "pensee",
    "lycee", "musee", "armee", "chaussee", "contre", "entre", "libre", "autre", "tres", "trop",
    "vraie", "vue", "rue", "venue", "due", "claire", "derniere", "premiere", "fiere",
    "en", "au", "a", "de", "la", "le", "les", "pas", "deja", "toujours", "encore", "ici",
})
# Before a gender word, these make it someone else ("ma femme", "j'ai une fille" = daughter)
# or a form of address ("bonjour madame").
NOT_A_GENDER_BEFORE = (
    r"ma|mon|mes|sa|son|ses|ta|ton|tes|votre|vos|leur|leurs|my|his|her|your|their|"
    r"j ai (?:une|un|\d+|des)|i have (?:a|an|\d+)"
)
# A greeting makes only a form of address out of the next word ("bonjour madame"), not
# a gender the member states ("bonjour, homme de 50 ans": punctuation is gone by now).
GREETINGS = r"bonjour|bonsoir|salut|merci|hello|hi|thanks|thank you|pardon|excusez moi|cher|chere|dear"
ADDRESS_WORDS = r"monsieur|messieurs|mr|madame|mme|mlle|mademoiselle|dames?|lady|ladies|gentlemen"
# A whole answer of one letter, when the bot has just asked for a gender.
LETTERS: dict[str, Gender] = {"h": "male", "m": "male", "f": "female"}

_WORD = re.compile(
    rf"(?<![a-z])(?:(?P<skip>(?:{NOT_A_GENDER_BEFORE}) |(?:{GREETINGS}) (?=(?:{ADDRESS_WORDS})\b))"
    rf"(?:petite? |jeune )?)?"
    rf"(?:(?P<male>{'|'.join(MALE_WORDS)})|(?P<female>{'|'.join(FEMALE_WORDS)}))\b"
)


_SELF_SAYS = re.compile(
    r"(?:^|\| )(?:(?:je suis|jsuis|chui|j suis|moi|i m|i am|single|na)(?: un| une| a| tres| deja)? )?"
    r"(?P<word>[a-z]+)\b"
)
_AFTER_JE_SUIS = re.compile(r"\b(?:je suis|jsuis|chui|je me sens|me suis|suis)(?: tres| deja| un peu| vraiment)? (?P<word>[a-z]+)\b")
_FEMININE = re.compile(rf"^(?:{'|'.join(FEMININE_FORMS)})$")
# "F 29 abj cherche H 30-40": one letter before an age, the member's then the one sought.
_LETTER_AGE = re.compile(r"(?:^|\| )(?P<own>[hf]) \d{2}\b(?:.*\b(?:cherche|recherche|seeking|looking for) (?P<wanted>[hf])\b)?")
LETTER_GENDER: dict[str, Gender] = {"h": "male", "f": "female"}


def names_a_gender(text: str) -> bool:
    """Whether a normalised text has a gender word ("homme", "une go"), not just agreement."""
    return any(not m.group("skip") for m in _WORD.finditer(text)) or bool(_LETTER_AGE.search(text))


def feminine_self(text: str, roles: Roles) -> bool:
    """Whether the member speaks of themself with feminine agreement."""
    for pattern in (_AFTER_JE_SUIS, _SELF_SAYS):
        for m in pattern.finditer(text):
            word = m.group("word")
            if (word in NOT_SELF_FORMS or not _FEMININE.match(word)
                    or roles.at(m.start("word")) == "partner"):
                continue
            if pattern is _SELF_SAYS and m.group(0).strip(" |") == word and m.start() != 0:
                continue  # a bare word after a sentence mark: only at the very start
            return True
    return False


def find_genders(
    text: str, *, roles: Roles, expecting: str | None
) -> tuple[Gender | None, Gender | None]:
    """The member's gender and the wanted gender in a normalised text (None if unclear)."""
    own: set[Gender] = set()
    wanted: set[Gender] = set()
    for m in _WORD.finditer(text):
        if m.group("skip"):
            continue
        gender: Gender = "male" if m.group("male") else "female"
        (own if roles.subject(m.start()) == "self" else wanted).add(gender)
    plain = text.strip(" |")
    if plain in LETTERS and expecting in ("gender", "looking_for_gender"):
        (own if expecting == "gender" else wanted).add(LETTERS[plain])
    if (letters := _LETTER_AGE.search(text)) and not own:
        own.add(LETTER_GENDER[letters.group("own")])
        if letters.group("wanted") and not wanted:
            wanted.add(LETTER_GENDER[letters.group("wanted")])
    if not own and feminine_self(text, roles):
        own.add("female")
    # Both genders for one person ("homme ou femme") is no answer at all.
    return (
        own.pop() if len(own) == 1 else None,
        wanted.pop() if len(wanted) == 1 else None,
    )
