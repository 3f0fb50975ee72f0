"""The intent taxonomy (mirrors intent_translations, migrations 0007 and 0019), tones and urgency levels.

The offline rules' evidence for each intent is in cues.py."""

from __future__ import annotations

from typing import Literal

Urgency = Literal["Élevée", "Moyenne", "Faible"]
URGENCIES: tuple[Urgency, ...] = ("Élevée", "Moyenne", "Faible")
# English labels of the stored (French) levels (the same pairs as translation_dictionary).
URGENCY_EN: dict[str, str] = {"Élevée": "High", "Moyenne": "Medium", "Faible": "Low"}

Tone = Literal["Professional", "Friendly", "Formal", "Urgent", "Frustrated", "Curious", "Neutral"]
TONES: tuple[Tone, ...] = ("Professional", "Friendly", "Formal", "Urgent", "Frustrated", "Curious", "Neutral")

# French labels (the same pairs as intent_translations; a test keeps them in step).
INTENT_FR: dict[str, str] = {
    "Matchmaking inquiry": "Demande de mise en relation", "Membership signup": "Inscription membre",
    "Profile question": "Question sur un profil", "Event registration": "Inscription à un événement",
    "Pricing request": "Demande de tarifs", "Quote request": "Demande de devis",
    "Product demo": "Demande de démonstration", "B2B partnership": "Partenariat B2B",
    "Appointment booking": "Rendez-vous ou réservation", "Callback request": "Demande de rappel",
    "Information request": "Demande d'information", "Service availability": "Disponibilité du service",
    "Location and hours": "Adresse et horaires", "Technical support": "Support technique",
    "Customer service": "Service client", "Billing question": "Question de facturation",
    "Account access": "Accès au compte",
    "Complaint": "Réclamation", "Cancellation request": "Annulation ou résiliation",
    "Refund request": "Demande de remboursement", "Feedback": "Retour d'expérience",
    "Testimonial": "Témoignage", "Job application": "Candidature", "Press inquiry": "Demande presse",
    "Supplier offer": "Offre fournisseur", "Data privacy request": "Demande RGPD", "Spam": "Indésirable",
    "Other": "Autre",
}
INTENTS: tuple[str, ...] = tuple(INTENT_FR)
TONE_FR: dict[str, str] = {
    "Professional": "Professionnel", "Friendly": "Amical", "Formal": "Formel", "Urgent": "Pressé",
    "Frustrated": "Mécontent", "Curious": "Curieux", "Neutral": "Neutre",
}


def intent_label(intent: str | None, language: str) -> str:
    """An intent in the reader's language."""
    if not intent:
        return ""
    return INTENT_FR.get(intent, intent) if language == "fr" else intent


def tone_label(tone: str | None, language: str) -> str:
    """A tone in the reader's language."""
    if not tone:
        return ""
    return TONE_FR.get(tone, tone) if language == "fr" else tone


def urgency_label(urgency: str | None, language: str) -> str:
    """An urgency level in the reader's language."""
    if not urgency:
        return ""
    return URGENCY_EN.get(urgency, urgency) if language == "en" else urgency
