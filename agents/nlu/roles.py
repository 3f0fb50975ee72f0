"""Who a part of a message is about: the member ("self") or the wanted partner."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["self", "partner", "neutral"]
Subject = Literal["self", "partner"]

# Phrases after which the member talks about themself, until another trigger or "|" (not
# "j'ai dit 25 30 ans", a wish said again).
SELF_TRIGGERS: tuple[str, ...] = (
    r"je suis", r"j ai(?! (?:pourtant |bien |deja )?dit)", r"j en ai", r"moi qui", r"j habit\w*", r"je vi(?:s|vais)", r"je resid\w*",
    r"je demeure", r"je travaille", r"je viens", r"je m appelle", r"mon age", r"(?:^|\| |et )moi",
    r"moi (?:je|j|c est)", r"i am", r"i m", r"i live\w*", r"i have", r"i work", r"i come",
    r"my name", r"my age", r"i dey", r"i be",
    # Lingala "nazali" (I am), Wolof "maa ngi" (here I am)
    r"nazali(?! (?:koluka|kolinga))", r"maa ngi",
    # the small-ad opening, whatever was asked: "homme de Douala cherche femme", "F 30 ans dla je
    # cherche un homme serieux", "man in Lagos looking for a wife"
    r"^(?=(?:(?:bonjour|bonsoir|salut|slt|bjr|cc|hello|hi) )?(?:une? |a |an )?(?:homme|femme|mec|gars|go|fille|garcon|"
    r"monsieur|dame|veuf|veuve|divorcee?|man|woman|guy|lady|girl|widow|widower|h|f|jh|jf)"
    # (not "une femme qui cherche du sérieux": a relative clause describes the one sought)
    r"(?: (?!qui\b|who\b|that\b)[a-z0-9]+){0,6} (?:(?:je |and |et )?(?:cherche|recherche|looking|seeks?|searching)))",
)
# What a member may say they are interested in that is no person.
AGENCY = (
    r"votre|vos|ton|ta|tes|ce service|cette offre|cette agence|le service|l agence|l offre|"
    r"la plateforme|ca|cela|vous|your|the service|this service|the agency|it"
)
MODALS = r"doit|doivent|devra|devrait|peut|peuvent|pourra|soit|ait|must|should|can|has to|needs? to"
# Phrases after which the member describes whom they want.
PARTNER_TRIGGERS: tuple[str, ...] = (
    r"cherche\w*", r"recherche\w*", r"a la recherche", r"looking", r"look", r"seek\w*",
    r"search\w*", r"veux", r"voudrais?", r"souhait\w*", r"aimerais?", r"prefer\w*",
    # "intéressée par les hommes", not "intéressée par votre service"
    rf"interess\w*(?! (?:par|pour|de) (?:{AGENCY}))", rf"interested(?! in (?:{AGENCY}))",
    r"attir\w*", r"attracted", r"into", r"want\w*", r"wan", r"(?<=j )aime", r"(?<=je )aime",
    r"kiff\w*", r"yamo", r"(?<=i )(?:like|love)", r"would like", r"d like", r"rencontr\w*",
    r"meet", r"me manque", r"(?:tombe|tomber|tombais) sur", r"(?<!me )trouv\w*(?! (?:que|qu|ca|cela|c)\b)", r"need\w*", r"besoin d\w*", r"il me faut", r"marry", r"marier", r"epouser",
    r"(?:en )?quete", r"criteres?", r"criteria", r"partenaire", r"partner",
    r"quelqu un", r"someone", r"somebody", r"elle", r"she", r"he", r"him", r"her",
    r"profils?", r"profiles?", r"match\w*", r"montre[rz]?", r"show", r"propos\w*", r"voir",
    r"see", r"find", r"(?:do|did) you have", r"have you got", r"avez vous", r"vous avez",
    r"as tu", r"il y a", r"y a t il", r"any",
    # Lingala "nalingi" (I want, I love), "naluki"/"nazali koluka" (I look for); Wolof "begg" (want)
    r"nalingi", r"naluki", r"nazoluka", r"nazali koluka", r"begg",
    # the shown or wanted person as a subject: "il est à Lyon", "le mbom doit avoir 30 ans"
    r"il(?= (?:est|etait|habite|vit|travaille|semble|parait|doit|soit|ait|peut|a l air)\b)",
    rf"(?:le|la|the)(?= [a-z]+ (?:{MODALS})\b)",
    # what is wanted put first: "c'est des hommes que je veux", "na woman I dey find"
    r"c est(?= (?:des|les|un|une|le|la|l) (?:[a-z]+ ){1,3}(?:que|qu) (?:je|j|il me faut)\b)",
    r"na(?= (?:a |one |some )?(?:[a-z]+ ){1,2}(?:i|we) (?:want|wan|dey find|dey look|like|need)\b)",
    r"it s(?= (?:a |an |the )?(?:[a-z]+ ){1,2}(?:that )?i (?:want|m looking|am looking|need|prefer)\b)",
    # the one sought named after the member's own answer: "Douala. Pour la femme aussi Douala",
    # "yaounde, et la personne aussi à yaounde", "same for the lady"
    r"(?:pour|for) (?:la|le|l|the|ma|mon|my) (?:personne|femme|homme|lady|man|woman|fille|gars|go|partenaire|partner|"
    r"conjointe?|future?)",
    r"(?:la|le|l) (?:personne|femme|homme)(?= aussi\b)",
)
# Expectations whose bare answers are about the partner.
PARTNER_EXPECTATIONS: frozenset[str] = frozenset(
    {"looking_for_gender", "age_range", "preferred_city"}
)

_TRIGGERS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (re.compile(rf"(?<![a-z])(?:{'|'.join(SELF_TRIGGERS)})\b"), "self"),
    (re.compile(rf"\b(?:{'|'.join(PARTNER_TRIGGERS)})\b"), "partner"),
    # "je suis à Yaoundé, donc Yaoundé": what follows is the answer again, whatever was asked
    (re.compile(r"\|(?: (?:donc|du coup|so))?|(?<![a-z])(?:donc|du coup)\b"), "neutral"),
)


@dataclass(frozen=True)
class Roles:
    """Role changes along a normalised text, and the role a neutral part takes."""

    starts: tuple[int, ...]
    roles: tuple[Role, ...]
    default: Subject

    def at(self, position: int) -> Role:
        """The role in force at a character position."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.roles[index] if index >= 0 else "neutral"

    def since(self, position: int) -> int:
        """Where the stretch that a character position lies in starts."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.starts[index] if index >= 0 else 0

    def subject(self, position: int) -> Subject:
        """Whom the words at a position are about, neutral parts following the expectation."""
        role = self.at(position)
        return self.default if role == "neutral" else role


def find_roles(text: str, expecting: str | None) -> Roles:
    """Split a normalised text into self/partner/neutral stretches."""
    # Sorted by position; on a tie the later kind wins ("|" over a trigger).
    changes = sorted(
        (match.start(), rank, role)
        for rank, (pattern, role) in enumerate(_TRIGGERS)
        for match in pattern.finditer(text)
    )
    starts = [start for start, _, _ in changes]
    roles = [role for _, _, role in changes]
    default: Subject = "partner" if expecting in PARTNER_EXPECTATIONS else "self"
    return Roles(tuple(starts), tuple(roles), default)
