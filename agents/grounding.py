"""No unchecked model text reaches a member: a model's answer must keep the entry's facts.

An LLM-written answer is sent only when it keeps every number, price, time and service
name of the knowledge-base entry, adds none, is in the member's language and fits a
WhatsApp message; otherwise the entry's own answer goes out and the rejection is logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.nlu.language import detect_language
from knowledge.faq import STOPWORDS
from knowledge.text import fold

MAX_LENGTH = 600
MIN_LENGTH = 12
# Names of services a fact can hang on; an answer may not add one the entry lacks.
SERVICES = (
    "orange money", "mtn", "momo", "mobile money", "wave", "moov", "western union", "moneygram",
    "paypal", "visa", "mastercard", "carte bancaire", "virement", "bank transfer", "card",
    "whatsapp", "e-mail", "email", "site", "website", "application", "app",
)
# A number: thousands in groups of three ("15 000", "15,000", "15.000") or digits with a
# decimal part; "2015, 300" is two numbers.
_NUMBER = re.compile(r"\d{1,3}(?:[\s.,\u202f\u00a0]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
# A faithful rephrasing keeps most of the entry's content words and brings few of its own
# (chosen on the tests' rephrasings and on SmolLM2's broken French, bench llm_realism).
COVERAGE = 0.3
NOVELTY = 0.45
# The prompt's own words: a model that echoes them is not answering.
_SCAFFOLD = re.compile(r"(?i)\b(?:entry (?:title|answer)|member'?s question|premise|knowledge[- ]base entry|"
                       r"system prompt|developer mode)\b")
_FAMILIAR = re.compile(r"\b(?:tu|toi|ton|ta|tes|t es|t as)\b")
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, spaces and separators removed ("15 000" and "15,000" -> "15000")."""
    return {re.sub(r"[\s.,]", "", m.group()) for m in _NUMBER.finditer(text)}


def services_in(text: str) -> set[str]:
    folded = f" {fold(text)} "
    return {s for s in SERVICES if f" {s} " in folded or f" {s}," in folded or f" {s}." in folded}


@dataclass
class Check:
    ok: bool
    reasons: list[str] = field(default_factory=list)


def content_stems(text: str) -> set[str]:
    """The content words of a text, folded and cut to their first five letters (a crude
    stemming that works for French and English: "vérifiés" and "vérification" meet)."""
    return {w[:5] for w in re.findall(r"[a-z]+", fold(text)) if len(w) > 2 and w not in STOPWORDS}


# Words of courtesy a rephrasing may add.
POLITE = content_stems("bonjour bonsoir hello merci thank thanks plaisir pleasure volontiers bien sûr "
                       "certainly course sure hésitez hesitate question questions réponse answer aider help "
                       "simplement simply absolument absolutely oui yes exactement exactly")


def check_answer(answer: str, *, entry: str, lang: str, question: str = "") -> Check:
    """Whether a model's answer is faithful to the entry and fit to send."""
    reasons: list[str] = []
    text = answer.strip()
    if _SCAFFOLD.search(text):
        reasons.append("prompt scaffolding")
    if lang == "fr" and _FAMILIAR.search(fold(text)):
        reasons.append("says tu, not vous")
    said, source = content_stems(text), content_stems(entry)
    if source and len(said & source) < COVERAGE * len(source):
        reasons.append(f"keeps {len(said & source)} of {len(source)} words of the entry")
    new = said - source - content_stems(question) - POLITE
    if said and len(new) > NOVELTY * len(said):
        reasons.append(f"{len(new)} of {len(said)} words not in the entry")
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        reasons.append(f"length {len(text)}")
    missing = numbers_in(entry) - numbers_in(text)
    if missing:
        reasons.append(f"drops {sorted(missing)}")
    invented = numbers_in(text) - numbers_in(entry)
    if invented:
        reasons.append(f"adds {sorted(invented)}")
    new_services = services_in(text) - services_in(entry)
    if new_services:
        reasons.append(f"adds {sorted(new_services)}")
    lost_services = services_in(entry) - services_in(text)
    if lost_services:
        reasons.append(f"drops {sorted(lost_services)}")
    if set(_URL.findall(text)) - set(_URL.findall(entry)):
        reasons.append("adds a link")
    spoken = detect_language(text)
    if spoken is not None and spoken != lang:
        reasons.append(f"language {spoken}")
    return Check(ok=not reasons, reasons=reasons)


def check_translation(translated: str, *, source: str, lang: str) -> Check:
    """Whether a model's translation of a short catalogue text is fit to show: same numbers,
    no link, the target language, and about the source's length (a translation does not
    add a paragraph)."""
    reasons: list[str] = []
    text = translated.strip()
    if not text or len(text) > 2 * len(source) + 20:
        reasons.append(f"length {len(text)}")
    if numbers_in(text) != numbers_in(source):
        reasons.append("numbers differ")
    if _URL.search(text):
        reasons.append("adds a link")
    spoken = detect_language(text)
    if spoken is not None and spoken != lang:
        reasons.append(f"language {spoken}")
    return Check(ok=not reasons, reasons=reasons)
