"""What a message says about a shown profile.

All functions take a normalised text (agents/nlu/normalize.py).
"""

from __future__ import annotations

import re

from graph.state import DeclineReason, ProfileField

ORDINALS: dict[str, int] = {
    "premier": 1, "premiere": 1, "1er": 1, "1ere": 1, "first": 1, "1st": 1,
    "deuxieme": 2, "second": 2, "seconde": 2, "2eme": 2, "2e": 2, "2nd": 2,
    "troisieme": 3, "third": 3, "3eme": 3, "3e": 3, "3rd": 3,
    "quatrieme": 4, "fourth": 4, "4eme": 4, "4e": 4, "4th": 4,
    "cinquieme": 5, "fifth": 5, "5eme": 5, "5e": 5, "5th": 5,
    "dernier": -1, "derniere": -1, "last": -1, "precedent": -1, "precedente": -1, "previous": -1,
}
_ORDINAL = re.compile(rf"\b(?:le |la |l |the )?({'|'.join(ORDINALS)})\b")
_BEFORE = re.compile(r"\b(?:celle|celui|cell|the one|l autre|that one) d avant\b|\bje viens de voir\b")

# Words of a question about a shown person, by what it asks.
FIELD_WORDS: tuple[tuple[ProfileField, str], ...] = (
    ("surname", r"nom de famille|nom complet|son nom|sa famille s appelle|surname|last name|full name|family name"),
    ("phone", r"numero|telephone|whatsapp|phone|number|contact|joindre|coordonnees|appeler|call her|call him"),
    ("religion", r"religion|chretien\w*|musulman\w*|catholique|protestant\w*|evangeli\w*|croyant\w*|"
                 r"pratiquant\w*|eglise|mosquee|church|mosque|christian|muslim|religious|prie|pray"),
    ("children", r"enfants?|gosses?|mouna|bebes?|kids?|children|child|pikin|fils|filles?|maman|mere|papa|pere"),
    ("profession", r"travail\w*|boulot|job|metier|profession|fait quoi dans la vie|bosse|work\w*|do for a living|occupation"),
    ("hobbies", r"loisirs?|hobbies?|hobby|aime faire|passions?|free time|sport|temps libre"),
    ("neighbourhood", r"quartier|habite ou|vit ou|neighbou?rhood|area|where (?:does )?(?:she|he) live|"
                      r"(?:est|vient|sort) d ou|(?:elle|il) vient d ou|where (?:is )?(?:she|he) from|originaire"),
    ("height", r"taille|grande?|mesure|tall|height|short|petite?"),
    ("photos", r"photos?|pictures?|pics?|selfies?|image|voir (?:son|sa) (?:visage|tete)"),
    ("marital_status", r"mariee?|divorcee?|veuve?|celibataire|married|divorced|widow\w*|single"),
    ("age", r"quel age|son age|age exact|how old|vrai age"),
    ("city", r"quelle ville|de quelle ville|dans quelle ville|which city|what city"),
)
_FIELDS = tuple((field, re.compile(rf"\b(?:{words})\b")) for field, words in FIELD_WORDS)

REASON_WORDS: tuple[tuple[DeclineReason, str], ...] = (
    ("too_old", r"(?:trop|tres|un peu|bien) (?:vieux|vieille|age|agee|mature|ancien\w*)|too old|old pass|"
                r"vieux|vieille|older than me|elder|mami|grand pere|grand mere|papy|mamie"),
    ("too_young", r"(?:trop|tres) (?:jeune|petit|petite|gamin\w*)|too young|young pass|gamin\w*|bebe|pikin"),
    ("too_far", r"(?:trop |tres |un peu |bien )?loin|far|distance|too far|pas (?:dans|de) (?:ma|la meme) ville|"
                r"another city|autre ville|pas a cote|other side"),
    ("religion", r"religion|musulman\w*|chretien\w*|catholique|protestant\w*|muslim|christian|pas croyant\w*"),
    ("children", r"(?:a|as|avec|has|with) (?:deja )?(?:des |\d+ )?(?:enfants?|gosses?|kids?|children|pikin)|"
                 r"(?:enfants?|kids?|children) deja"),
    ("not_my_type", r"pas mon (?:genre|type|style)|not my (?:type|style|cup of tea)|pas mon gout|"
                    r"me plait pas|ne me plait pas|pas attir\w*|not attracted|no be my type|pas top"),
)
_REASONS = tuple((reason, re.compile(rf"\b(?:{words})\b")) for reason, words in REASON_WORDS)

def find_ordinal(text: str) -> int | None:
    """Which shown profile a message points at: 1 for "le premier", -1 for "le dernier"."""
    if _BEFORE.search(text):
        return -1
    match = _ORDINAL.search(text)
    return ORDINALS[match.group(1)] if match else None


def find_profile_field(text: str) -> ProfileField | None:
    """What a question about the shown profile asks for (the first one named)."""
    found = [(m.start(), field) for field, pattern in _FIELDS if (m := pattern.search(text))]
    return min(found)[1] if found else None


def find_decline_reason(text: str) -> DeclineReason | None:
    """Why a member turns a shown profile down, when they say it."""
    found = [(m.start(), reason) for reason, pattern in _REASONS if (m := pattern.search(text))]
    return min(found)[1] if found else None
