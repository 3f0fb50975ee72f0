"""Genders named in a message: the member's own and the one they look for."""

from __future__ import annotations

import re

from agents.nlu.roles import Roles
from graph.state import Gender

MALE_WORDS: tuple[str, ...] = (
    "hommes?", "monsieur", "messieurs", "mr", "garcons?", "mecs?", "gars", "keum", "jh",
    "jeune homme", "mari", "epoux", "copain", "petit ami", "petit copain", "compagnon",
    "man", "men", "males?", "gentlem[ae]n", "guys?", "boys?", "husband", "boyfriend",
)
FEMALE_WORDS: tuple[str, ...] = (
    "femmes?", "dames?", "madame", "mme", "mlle", "mademoiselle", "demoiselles?", "filles?",
    "meufs?", "nanas?", "jf", "jeune femme", "epouse", "copine", "petite amie",
    "petite copine", "compagne", "(?:une|la|les|des|petite) go",
    "wom[ae]n", "females?", "lady", "ladies", "girls?", "wife", "girlfriend",
)
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
    # Both genders for one person ("homme ou femme") is no answer at all.
    return (
        own.pop() if len(own) == 1 else None,
        wanted.pop() if len(wanted) == 1 else None,
    )
