"""Deterministic enrichment: language, intent, tone, urgency, confidence and a summary."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.lead_platform.enrichment.analysis import LeadAnalysis
from bot.lead_platform.enrichment.taxonomy import (
    BUYING_INTENTS,
    INTENT_KEYWORDS,
    SOON_WORDS,
    URGENT_WORDS,
    intent_label,
)

ENGINE = "offline-rules-v1"

_FR_WORDS = frozenset(["le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "je", "j'ai", "vous", "nous", "pour", "pas", "que", "qui", "dans", "sur", "avec", "mon", "ma", "mes", "votre", "vos", "bonjour", "merci", "suis", "avez", "être", "cherche", "voudrais", "aimerais", "madame", "monsieur", "quel", "quelle", "comment", "pourquoi", "c'est", "ça", "très", "plus", "aussi", "ou", "mais", "svp", "cordialement", "salut"])
_EN_WORDS = frozenset(["the", "a", "an", "and", "is", "i", "i'm", "you", "we", "for", "not", "that", "who", "in", "on", "with", "my", "your", "hello", "hi", "thanks", "thank", "am", "are", "be", "looking", "would", "like", "please", "dear", "sir", "what", "which", "how", "why", "it's", "this", "very", "more", "also", "or", "but", "regards", "hey"])
_FORMAL = ("madame, monsieur", "madame", "monsieur", "dear sir", "dear madam", "veuillez", "cordialement",
           "je vous prie", "sincerely", "kind regards", "best regards", "respectueusement", "salutations")
_FRIENDLY = ("salut", "coucou", "hey", "hi!", "hello!", "merci beaucoup", "thanks a lot", ":)", "😊", "🙂",
             "😀", "❤", "bisous", "cheers")
_FRUSTRATED = ("inacceptable", "unacceptable", "déçu", "decu", "disappointed", "furieux", "furious",
               "scandal", "honte", "arnaque", "scam", "toujours pas", "still not", "jamais reçu", "never received")
_PROFESSIONAL = ("entreprise", "société", "societe", "company", "business", "projet", "project", "équipe",
                 "team", "client", "budget", "b2b", "proposal", "proposition")
_WORD = re.compile(r"[\w']+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _fold(text: str) -> str:
    """Lower-case without accents, so that 'resilier' matches 'résilier'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _intent_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for intent, stems in INTENT_KEYWORDS.items():
        folded = sorted({_fold(s) for s in stems}, key=len, reverse=True)
        alternatives = "|".join(re.escape(s) for s in folded)
        patterns.append((intent, re.compile(rf"(?<!\w)(?:{alternatives})")))
    return patterns


def _any(folded: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(_fold(w))}(?!\w)", folded) for w in words)


def detect_language(text: str, *, default: str = "en") -> str:
    """'fr' or 'en' from function words and accents."""
    words = [w.lower() for w in _WORD.findall(text)]
    fr = sum(w in _FR_WORDS for w in words) + 0.5 * len(re.findall(r"[éèêàçùôîœ]", text.lower()))
    en = sum(w in _EN_WORDS for w in words)
    if fr == en:
        return default
    return "fr" if fr > en else "en"


def classify_intent(folded: str) -> tuple[str, int, int]:
    """(intent, hits of the best, hits of the runner-up)."""
    scores = []
    for order, (intent, pattern) in enumerate(_intent_patterns()):
        hits = len(set(pattern.findall(folded)))
        if hits:
            scores.append((hits, -order, intent))
    if not scores:
        return "Other", 0, 0
    scores.sort(reverse=True)
    runner_up = scores[1][0] if len(scores) > 1 else 0
    return scores[0][2], scores[0][0], runner_up


def detect_tone(text: str, folded: str, *, intent: str, urgent: bool) -> str:
    if intent == "Complaint" or _any(folded, _FRUSTRATED):
        return "Frustrated"
    if urgent:
        return "Urgent"
    if _any(folded, _FORMAL):
        return "Formal"
    if _any(folded, _FRIENDLY) or text.count("!") >= 2:
        return "Friendly"
    if text.count("?") >= 2:
        return "Curious"
    if _any(folded, _PROFESSIONAL):
        return "Professional"
    return "Neutral"


def summarise(*, name: str | None, message: str, intent: str, language: str) -> str:
    """One line: who, what for, and the gist of their words."""
    first = _SENTENCE_END.split(" ".join(message.split()), maxsplit=1)[0] if message.strip() else ""
    if len(first) > 160:
        first = first[:157].rstrip() + "…"
    who = (name or "").strip() or ("Un contact" if language == "fr" else "A contact")
    label = intent_label(intent, language)
    if not first:
        return f"{who} — {label}"
    return f"{who} — {label} : « {first} »" if language == "fr" else f'{who} — {label}: "{first}"'


def analyse(*, message: str | None, name: str | None = None, language: str | None = None,
            fallback_language: str = "en") -> LeadAnalysis:
    """Enrich one lead without any model (deterministic, microseconds)."""
    text = message or ""
    folded = _fold(text)
    lang = language or detect_language(text, default=fallback_language)
    intent, best, runner_up = classify_intent(folded)
    urgent = intent != "Spam" and _any(folded, URGENT_WORDS)
    tone = "Neutral" if intent == "Spam" else detect_tone(text, folded, intent=intent, urgent=urgent)
    if intent == "Spam":
        urgency = "Faible"
    elif urgent or intent == "Complaint" or tone == "Frustrated":
        urgency = "Élevée"  # an unhappy customer needs a fast answer
    elif _any(folded, SOON_WORDS) or intent in BUYING_INTENTS:
        urgency = "Moyenne"
    else:
        urgency = "Faible"
    if best == 0:
        confidence = 0.3 if text.strip() else 0.1
    else:
        confidence = min(0.95, 0.5 + 0.12 * best + 0.08 * (best - runner_up))
    return LeadAnalysis(
        summary=summarise(name=name, message=text, intent=intent, language=lang),
        intent=intent, tone=tone, urgency=urgency,
        confidence=round(confidence, 2), language=lang,
    )
