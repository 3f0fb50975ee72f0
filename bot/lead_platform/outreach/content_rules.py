"""What an outreach e-mail may not contain: spam triggers, shouting, stray links, excess length.

Shared by the template editor (a template is refused at save time) and the outreach
agent's check (a draft is refused before anyone sees it). The phrases are the ones
spam filters and deliverability guides (SpamAssassin's rules, Mailchimp's and HubSpot's
lists) penalise, kept to phrases: the single word "free" also lives in "feel free".
"""

from __future__ import annotations

import re

from knowledge.text import fold

SPAM_PHRASES = (
    # English
    "100% free", "act now", "apply now", "buy now", "call now", "cash bonus", "click here", "click below",
    "double your", "earn money", "easy money", "extra income", "for free", "free gift", "free money",
    "free trial", "get paid", "guaranteed", "increase sales", "limited time", "lowest price", "make money",
    "miracle", "no cost", "no obligation", "once in a lifetime", "order now", "risk-free", "risk free",
    "special promotion", "urgent", "winner", "you have been selected", "casino", "viagra", "crypto",
    # French
    "100% gratuit", "argent facile", "cliquez ici", "gagnez", "gratuitement", "garanti", "offre limitee",
    "offre exceptionnelle", "sans risque", "meilleur prix", "derniere chance", "vous avez ete selectionne",
    "promotion exceptionnelle", "revenu supplementaire", "urgent", "commandez maintenant",
)
_PHRASES = re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in sorted({fold(p) for p in SPAM_PHRASES},
                                                                               key=len, reverse=True)) + r")(?![\w])")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|\b00)?\d[\d .\-()]{7,}\d")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-Ý]{4,}\b")

MAX_SUBJECT = 80
MIN_SUBJECT = 3
MAX_BODY_CHARS = 2000
MAX_BODY_WORDS = 250  # cold e-mails that get answers are short; follow-ups shorter still
MAX_EXCLAMATIONS = 2


def spam_triggers(text: str) -> list[str]:
    """The spam phrases a text uses (folded: accents and case ignored)."""
    found = sorted(set(_PHRASES.findall(fold(text))))
    if "$$" in text or "€€" in text:
        found.append("$$")
    return found


def shouting(text: str) -> list[str]:
    """Problems of tone a filter scores: words in capitals, runs of exclamation marks."""
    problems = []
    caps = [w for w in _CAPS_WORD.findall(text) if w not in ("HTML", "HTTP", "HTTPS", "SARL", "SASU")]
    if len(caps) >= 2:
        problems.append(f"words in capitals ({', '.join(caps[:3])})")
    if "!!" in text or text.count("!") > MAX_EXCLAMATIONS:
        problems.append("exclamation marks")
    return problems


def links_in(text: str) -> list[str]:
    """The URLs a text contains, trailing punctuation removed."""
    return [m.group().rstrip(".,;:!?") for m in _LINK.finditer(text)]


def addresses_in(text: str) -> list[str]:
    return _ADDRESS.findall(text)


def phones_in(text: str) -> list[str]:
    return [m.group() for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 8]


def length_problems(*, subject: str, body: str) -> list[str]:
    """Subject and body sizes outside what gets read (and past filters)."""
    problems = []
    if not MIN_SUBJECT <= len(subject.strip()) <= MAX_SUBJECT:
        problems.append(f"subject of {len(subject.strip())} characters (allowed {MIN_SUBJECT}–{MAX_SUBJECT})")
    words = len(body.split())
    if len(body) > MAX_BODY_CHARS or words > MAX_BODY_WORDS:
        problems.append(f"body of {words} words, {len(body)} characters "
                        f"(at most {MAX_BODY_WORDS} words, {MAX_BODY_CHARS} characters)")
    if not body.strip():
        problems.append("empty body")
    return problems
