"""Dashboard text, FR and EN."""

from __future__ import annotations

UI: dict[str, dict[str, str]] = {
    "en": {
        "login_title": "Client sign-in", "email": "Email", "password": "Password", "sign_in": "Sign in",
        "sign_out": "Sign out", "bad_login": "Wrong email or password.",
        "throttled": "Too many failed attempts. Try again in {seconds} s.",
        "bad_csrf": "Your session expired. Please try again.",
        "leads": "Leads", "activity": "Activity", "lead": "Lead", "search": "Search", "filter": "Filter",
        "status": "Status", "active": "Active", "archived": "Archived", "deleted": "Deleted", "all": "All",
        "intent": "Intent", "urgency": "Urgency", "tag": "Tag", "language": "Language", "any": "Any",
        "name": "Name", "contact": "Contact", "received": "Received", "summary": "Summary", "tone": "Tone",
        "confidence": "Confidence", "message": "Message", "no_leads": "No leads match.",
        "set_tag": "Set tag", "archive": "Archive", "delete": "Delete", "reactivate": "Reactivate",
        "convert": "Mark converted", "revert": "Revert conversion", "reason": "Reason",
        "notes": "Notes", "add_note": "Add note", "save": "Save", "no_notes": "No notes yet.",
        "journal": "Activity journal", "by": "by", "back": "Back to leads", "not_found": "Lead not found.",
        "done": "Done.", "reason_required": "A reason is required.", "note_required": "The note is empty.",
        "pending": "Analysis pending", "history": "History", "next": "Next", "previous": "Previous",
        "consent": "WhatsApp consent", "yes": "yes", "no": "no", "source": "Source page",
        "reanalyze": "Analyse again",
    },
    "fr": {
        "login_title": "Connexion client", "email": "E-mail", "password": "Mot de passe", "sign_in": "Se connecter",
        "sign_out": "Se déconnecter", "bad_login": "E-mail ou mot de passe incorrect.",
        "throttled": "Trop de tentatives échouées. Réessayez dans {seconds} s.",
        "bad_csrf": "Votre session a expiré. Merci de réessayer.",
        "leads": "Leads", "activity": "Activité", "lead": "Lead", "search": "Rechercher", "filter": "Filtrer",
        "status": "Statut", "active": "Actifs", "archived": "Archivés", "deleted": "Supprimés", "all": "Tous",
        "intent": "Intention", "urgency": "Urgence", "tag": "Tag", "language": "Langue", "any": "Toutes",
        "name": "Nom", "contact": "Contact", "received": "Reçu le", "summary": "Résumé", "tone": "Ton",
        "confidence": "Confiance", "message": "Message", "no_leads": "Aucun lead ne correspond.",
        "set_tag": "Appliquer le tag", "archive": "Archiver", "delete": "Supprimer", "reactivate": "Réactiver",
        "convert": "Marquer converti", "revert": "Annuler la conversion", "reason": "Raison",
        "notes": "Notes", "add_note": "Ajouter une note", "save": "Enregistrer", "no_notes": "Pas encore de note.",
        "journal": "Journal d'activité", "by": "par", "back": "Retour aux leads", "not_found": "Lead introuvable.",
        "done": "C'est fait.", "reason_required": "Une raison est requise.", "note_required": "La note est vide.",
        "pending": "Analyse en cours", "history": "Historique", "next": "Suivant", "previous": "Précédent",
        "consent": "Consentement WhatsApp", "yes": "oui", "no": "non", "source": "Page d'origine",
        "reanalyze": "Analyser à nouveau",
    },
}

ACTIONS: dict[str, dict[str, str]] = {
    "en": {"created": "Lead received", "tagged": "Tagged", "untagged": "Tag removed", "archived": "Archived",
           "deleted": "Deleted", "reactivated": "Reactivated", "converted": "Marked converted",
           "reverted": "Conversion reverted", "note_added": "Note added", "note_edited": "Note edited",
           "note_deleted": "Note deleted", "email_sent": "Auto-reply sent",
           "reanalysis_requested": "New analysis requested"},
    "fr": {"created": "Lead reçu", "tagged": "Tag appliqué", "untagged": "Tag retiré", "archived": "Archivé",
           "deleted": "Supprimé", "reactivated": "Réactivé", "converted": "Marqué converti",
           "reverted": "Conversion annulée", "note_added": "Note ajoutée", "note_edited": "Note modifiée",
           "note_deleted": "Note supprimée", "email_sent": "Réponse automatique envoyée",
           "reanalysis_requested": "Nouvelle analyse demandée"},
}

SUGGESTED_TAGS = ("Lead Chaud", "Lead Tiède", "Lead Froid", "À rappeler", "Converti")


def ui(language: str) -> dict[str, str]:
    """The catalogue for a language (English when unknown)."""
    return UI.get(language, UI["en"])
