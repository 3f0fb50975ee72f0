"""Whether a message is French or English, from small word lists."""

from __future__ import annotations

import re

from agents.nlu.normalize import normalize
from graph.state import Language

# Words (after normalisation, colloquial spellings already expanded) typical of each
# language. Words both languages use ("ok", "stop", "me", "on", "message") are in neither.
FRENCH: frozenset[str] = frozenset(
    {
        "je", "j", "suis", "vous", "tu", "nous", "bonjour", "bonsoir", "salut", "coucou",
        "cherche", "recherche", "ans", "ai", "est", "et", "ou", "mais", "avec", "pour", "dans",
        "sur", "chez", "une", "un", "le", "la", "les", "des", "du", "de", "au", "aux", "mon",
        "ma", "mes", "ton", "ta", "votre", "vos", "oui", "ouais", "non", "merci", "homme",
        "femme", "ville", "habite", "vis", "veux", "voudrais", "aimerais", "souhaite", "quoi",
        "comment", "combien", "pourquoi", "quand", "quel", "quelle", "qui", "que", "beaucoup",
        "il", "elle", "y", "l", "d", "n", "qu", "plait", "pas", "plus", "ne", "c", "ca", "cela",
        "fille", "garcon", "mec", "meuf", "monsieur", "madame", "dame", "suivant", "suivante",
        "autre", "profil", "profils", "numero", "contacter", "conseiller", "arnaque", "plainte",
        "trentaine", "quarantaine", "vingtaine", "peu", "importe", "accord", "entre", "moins",
        "bien", "avez", "etes", "parler", "aide", "sais", "toujours", "maintenant", "trop",
        "tres", "rencontrer", "celle", "celui", "enfants", "quelqu", "interesse", "interessee",
        "desabonner", "arret", "reprendre", "nan",
    }
)
ENGLISH: frozenset[str] = frozenset(
    {
        "i", "m", "am", "you", "we", "the", "is", "are", "looking", "look", "for", "years",
        "year", "old", "hello", "hi", "hey", "thanks", "thank", "please", "yes", "yeah", "yep",
        "nope", "no", "man", "woman", "guy", "girl", "lady", "city", "live", "living", "want",
        "would", "like", "what", "how", "when", "where", "why", "who", "which", "my", "your",
        "and", "or", "but", "with", "in", "at", "of", "to", "from", "between", "more", "less",
        "than", "next", "another", "show", "matches", "match", "profile", "interested", "human",
        "talk", "speak", "real", "person", "any", "doesn", "t", "don", "matter", "preference",
        "unsubscribe", "can", "do", "does", "have", "has", "this", "that", "it", "be", "there",
        "their", "them", "her", "him", "she", "he", "aged", "about", "around", "someone",
        "anyone", "meet", "single", "kids", "number", "contact",
    }
)
ACCENTED = re.compile(r"[àâçéèêëîïôûùüÿœæ]")
MIN_EVIDENCE = 1  # a message must show at least this much more of one language


def detect_language(text: str) -> Language | None:
    """The language of a message, or None when it is too short or mixed to tell."""
    return language_of(normalize(text), raw=text)


def language_of(normalized: str, *, raw: str) -> Language | None:
    """The language of a message already normalised (raw is kept for its accents)."""
    text = raw
    words = normalized.replace("|", " ").split()
    french = sum(word in FRENCH for word in words)
    english = sum(word in ENGLISH for word in words)
    french += min(2, len(ACCENTED.findall(text.casefold())))
    if french - english >= MIN_EVIDENCE and french > english:
        return "fr"
    if english - french >= MIN_EVIDENCE and english > french:
        return "en"
    return None
