"""What the recipients of outreach e-mails and the clients read about replies (French and English).

The unsubscribe page speaks the recipient's language; the notice of a reply speaks the
client's. `{business}`, `{sender}`, `{subject}` and `{campaign}` are filled in by the caller.
"""

from __future__ import annotations

UNSUBSCRIBE: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Désinscription",
        "question": "Ne plus recevoir d'e-mails de {business} ?",
        "explain": "Un clic suffit : votre adresse sera retirée de toutes leurs campagnes.",
        "button": "Me désinscrire",
        "done_title": "Vous êtes désinscrit(e)",
        "done": "Vous ne recevrez plus d'e-mails de prospection de {business}. C'est définitif.",
    },
    "en": {
        "title": "Unsubscribe",
        "question": "Stop receiving e-mails from {business}?",
        "explain": "One click is enough: your address will be removed from all their campaigns.",
        "button": "Unsubscribe me",
        "done_title": "You are unsubscribed",
        "done": "You will receive no more outreach e-mails from {business}. This is permanent.",
    },
}

REPLY_NOTICE: dict[str, dict[str, str]] = {
    "fr": {
        "subject": "Réponse de {sender} : {subject}",
        "intro": "{sender} a répondu à votre campagne « {campaign} ». Les relances prévues pour "
                 "cette personne sont arrêtées ; elle figure parmi les leads de votre tableau de bord.",
        "reply": "Sa réponse :",
        "answer": "Répondez directement à cet e-mail pour lui écrire.",
    },
    "en": {
        "subject": "Reply from {sender}: {subject}",
        "intro": "{sender} replied to your campaign \"{campaign}\". The follow-ups planned for this "
                 "person are stopped; they are among the leads of your dashboard.",
        "reply": "Their reply:",
        "answer": "Reply to this e-mail to write to them directly.",
    },
}


def language_of(preferred: str | None, accept_language: str | None = None) -> str:
    """'fr' or 'en': the preferred language when known, else the browser's first choice, else English."""
    if preferred in UNSUBSCRIBE:
        return preferred
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in UNSUBSCRIBE:
            return code
    return "en"
