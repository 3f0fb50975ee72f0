"""The intent taxonomy (mirrors intent_translations, migration 0007), tones and urgency levels."""

from __future__ import annotations

from typing import Literal

Urgency = Literal["Élevée", "Moyenne", "Faible"]
URGENCIES: tuple[Urgency, ...] = ("Élevée", "Moyenne", "Faible")

Tone = Literal["Professional", "Friendly", "Formal", "Urgent", "Frustrated", "Curious", "Neutral"]
TONES: tuple[Tone, ...] = ("Professional", "Friendly", "Formal", "Urgent", "Frustrated", "Curious", "Neutral")

# Keyword stems per intent (FR and EN, lower-case, accents kept and also stripped at match
# time). The most hits wins; on a tie the earlier (more specific) intent wins.
INTENT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Matchmaking inquiry": ("rencontr", "âme sœur", "ame soeur", "célibataire", "celibataire", "partenaire de vie",
                            "match", "soulmate", "single", "relation sérieuse", "relation serieuse", "dating",
                            "mariage", "marriage", "épouse", "epouse", "mari ", "wife", "husband", "girlfriend",
                            "boyfriend", "copine", "copain"),
    "Membership signup": ("inscri", "adhé", "adhe", "abonnement", "sign up", "signup", "register", "membership",
                          "join", "rejoindre", "devenir membre", "become a member"),
    "Profile question": ("profil", "profile", "code ", "photo"),
    "Event registration": ("événement", "evenement", "soirée", "soiree", "event", "speed dating", "atelier",
                           "workshop", "webinar", "webinaire"),
    "Pricing request": ("prix", "tarif", "coût", "cout", "combien", "price", "pricing", "cost", "how much",
                        "fee", "frais"),
    "Quote request": ("devis", "quote", "quotation", "estimation", "estimate", "proposition commerciale"),
    "Product demo": ("démo", "demo", "démonstration", "demonstration", "essai", "trial"),
    "B2B partnership": ("partenariat", "partnership", "partner", "collaborat", "b2b", "revendeur", "reseller",
                        "affiliat"),
    "Appointment booking": ("rendez-vous", "rendez vous", "rdv", "appointment", "book", "réserv", "reserv",
                            "meeting", "réunion", "reunion", "consultation", "disponibilit", "schedule"),
    "Callback request": ("rappel", "rappeler", "call me", "call back", "callback", "appelez", "téléphon",
                         "telephon", "phone me"),
    "Information request": ("information", "renseignement", "savoir plus", "know more", "learn more",
                            "question", "comment ça marche", "comment ca marche", "how does", "how do"),
    "Service availability": ("disponible", "available", "availability", "dans ma ville", "in my city",
                             "zone", "area", "livr", "deliver"),
    "Location and hours": ("adresse", "address", "horaire", "opening hours", "hours", "ouvert", "open on",
                           "où êtes", "ou etes", "where are you", "located"),
    "Technical support": ("bug", "erreur", "error", "marche pas", "not working", "doesn't work", "broken",
                          "panne", "support", "assistance", "crash", "problème technique", "technical"),
    "Billing question": ("factur", "invoice", "billing", "paiement", "payment", "charged", "prélèvement",
                         "prelevement", "receipt", "reçu"),
    "Account access": ("mot de passe", "password", "connexion", "login", "log in", "compte bloqué",
                       "account locked", "accès", "acces", "access"),
    "Cancellation request": ("résili", "resili", "annul", "cancel", "unsubscribe", "désabonn", "desabonn",
                             "terminate", "stop my"),
    "Refund request": ("rembours", "refund", "money back", "argent"),
    "Complaint": ("plainte", "réclamation", "reclamation", "inacceptable", "unacceptable", "déçu", "decu",
                  "disappointed", "scandal", "honte", "complain", "arnaque", "scam", "furieux", "furious"),
    "Feedback": ("avis", "feedback", "suggestion", "amélior", "amelior", "improve"),
    "Testimonial": ("merci pour", "thank you for", "grâce à vous", "grace a vous", "thanks to you",
                    "témoign", "temoign", "testimonial", "recommande", "recommend"),
    "Job application": ("candidature", "cv", "resume", "emploi", "job", "poste", "stage", "internship",
                        "recrut", "hiring", "career", "carrière", "carriere"),
    "Press inquiry": ("presse", "journalist", "press", "interview", "média", "media", "article"),
    "Supplier offer": ("nous proposons", "we offer", "our services", "nos services", "seo", "backlink",
                       "fournisseur", "supplier", "outsourc", "lead generation"),
    "Data privacy request": ("rgpd", "gdpr", "données personnelles", "donnees personnelles", "personal data",
                             "supprimer mes données", "delete my data", "privacy", "confidentialité"),
    "Spam": ("casino", "crypto", "bitcoin", "viagra", "loan offer", "http://", "https://", "$$$", "click here",
             "cliquez ici", "forex"),
}
INTENTS: tuple[str, ...] = (*INTENT_KEYWORDS, "Other")

URGENT_WORDS = ("urgent", "asap", "immédiat", "immediat", "tout de suite", "right away", "aujourd'hui",
                "today", "ce soir", "tonight", "dès que possible", "des que possible", "as soon as possible",
                "vite", "quickly", "emergency", "urgence", "now", "maintenant", "deadline", "demain", "tomorrow")
SOON_WORDS = ("cette semaine", "this week", "bientôt", "bientot", "soon", "prochainement", "next week",
              "semaine prochaine", "ce mois", "this month", "rapidement")

# French labels (the same pairs as intent_translations; a test keeps them in step).
INTENT_FR: dict[str, str] = {
    "Matchmaking inquiry": "Demande de mise en relation", "Membership signup": "Inscription membre",
    "Profile question": "Question sur un profil", "Event registration": "Inscription à un événement",
    "Pricing request": "Demande de tarifs", "Quote request": "Demande de devis",
    "Product demo": "Demande de démonstration", "B2B partnership": "Partenariat B2B",
    "Appointment booking": "Prise de rendez-vous", "Callback request": "Demande de rappel",
    "Information request": "Demande d'information", "Service availability": "Disponibilité du service",
    "Location and hours": "Adresse et horaires", "Technical support": "Support technique",
    "Billing question": "Question de facturation", "Account access": "Accès au compte",
    "Complaint": "Réclamation", "Cancellation request": "Demande de résiliation",
    "Refund request": "Demande de remboursement", "Feedback": "Retour d'expérience",
    "Testimonial": "Témoignage", "Job application": "Candidature", "Press inquiry": "Demande presse",
    "Supplier offer": "Offre fournisseur", "Data privacy request": "Demande RGPD", "Spam": "Indésirable",
    "Other": "Autre",
}
TONE_FR: dict[str, str] = {
    "Professional": "Professionnel", "Friendly": "Amical", "Formal": "Formel", "Urgent": "Pressé",
    "Frustrated": "Mécontent", "Curious": "Curieux", "Neutral": "Neutre",
}
# Intents that usually mean a sale is close: at least medium urgency.
BUYING_INTENTS = frozenset({"Pricing request", "Quote request", "Product demo", "Appointment booking",
                            "Callback request", "Membership signup", "Matchmaking inquiry"})


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
