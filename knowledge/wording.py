"""Small French and English wording helpers for generated sentences.

French elision ("quelqu'un d'honnête", "de huit"), "de"/"à" with an article ("du football",
"aux voyages"), English "a"/"an", first-letter case, "[masculine|feminine]" alternatives,
and the numbers up to nine in words.
"""

from __future__ import annotations

import re

FRENCH_NUMBERS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
ENGLISH_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# French: "de" and "que" become "d'" and "qu'" before a vowel or a silent h, except before
# these (aspirated h, numbers): "de huit", "le hockey".
_VOWELS = "aeiouàâäéèêëîïôöûüùœæ"
_NO_ELISION = ("huit", "onze", "oui", "hockey", "handball", "hip-hop", "haut", "hasard", "héros", "hâte")
_GENDERED = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\]")


def elides(word: str) -> bool:
    """True when French elides the word before this one: d'ambitieux, but de huit."""
    lower = word.lower()
    if lower.startswith(_NO_ELISION):
        return False
    return lower[:1] in _VOWELS or lower[:1] == "h"


def with_de(word: str) -> str:
    """ "de calme", "d'honnête"."""
    return f"d'{word}" if elides(word) else f"de {word}"


def de_article(phrase: str) -> str:
    """ "de" before a noun with its article: du football, des voyages, de la danse, de l'écriture."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return "de " + phrase


def a_article(phrase: str) -> str:
    """ "à" before a noun with its article: au football, aux voyages, à la danse."""
    if phrase.startswith("le "):
        return "au " + phrase[3:]
    if phrase.startswith("les "):
        return "aux " + phrase[4:]
    return "à " + phrase


def with_article(words: str) -> str:
    """English indefinite article: "a calm", "an honest", "an IT engineer", "a university ..."."""
    lower = words.lower()
    acronym = len(words) > 1 and words[:2].isupper()
    vowel_sound = (
        (acronym and words[0] in "AEFHILMNORSX")
        or (not acronym and lower[:1] in "aeio")
        or (lower[:1] == "u" and not lower.startswith(("uni", "use", "usu", "ure")))
        or lower.startswith(("hon", "hour", "heir"))
    )
    return f"an {words}" if vowel_sound else f"a {words}"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym (IT engineer)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def gendered(text: str, *, feminine: bool) -> str:
    """Resolve "[masculine|feminine]" alternatives for the speaker's gender."""
    return _GENDERED.sub(lambda m: m.group(2 if feminine else 1), text)
