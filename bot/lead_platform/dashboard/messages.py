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
        "summary_untranslated": "The contact's own words are quoted as written: no translation is known yet.",
        "api_keys": "API keys", "campaigns": "Campaigns", "growth_brain": "Growth Brain",
        "keys_intro": "Your account has two keys. Only their beginning is shown here: each was shown in full "
                      "once, when it was issued.",
        "form_key": "Form key (publishable)",
        "form_key_help": "Goes in your website's form. It can only post new leads (POST /api/lead), and a "
                         "browser may use it only on the sites below.",
        "allowed_sites": "Sites allowed to post leads",
        "no_sites": "No site yet: forms in a browser are refused. Ask us to add your site.",
        "secret_key": "Secret key (lead management)",
        "secret_key_help": "Reads and manages your leads through /api/leads. Keep it on your server and never "
                           "put it in a web page: requests from a browser are refused.",
        "no_secret_key": "Not issued yet: ask us for one.",
        "keys_rotation": "If a key leaks, ask us to replace it: each key is replaced on its own, and the old "
                         "one stops working within {seconds} s.",
        "change_password": "Change password", "current_password": "Current password",
        "new_password": "New password", "confirm_password": "Confirm the new password",
        "bad_password": "The current password is wrong.",
        "password_too_short": "The new password needs at least {n} characters.",
        "password_mismatch": "The two new passwords differ.",
        "password_changed": "Password changed: your other sessions are signed out.",
        "sessions": "Open sessions", "session_started": "Started", "session_seen": "Last active",
        "session_browser": "Browser", "this_session": "this session", "logout_everywhere": "Sign out everywhere",
        "correct_analysis": "Correct the analysis",
        "correct_help": "Your correction is kept, and the analysis learns from it.",
        "accuracy": "Analysis accuracy", "this_week": "Last 7 days", "last_week": "The 7 days before",
        "accuracy_help": "Share of the analyses you confirmed or corrected (by editing, tagging, converting or "
                         "archiving a lead) that were right; how many were judged in brackets.",
        "accuracy_none": "—",
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
        "summary_untranslated": "Les mots du contact sont cités tels qu'écrits : aucune traduction n'est encore connue.",
        "api_keys": "Clés d'API", "campaigns": "Campagnes", "growth_brain": "Cerveau de croissance",
        "keys_intro": "Votre compte a deux clés. Seul leur début est affiché ici : chacune n'a été montrée en "
                      "entier qu'une fois, à sa création.",
        "form_key": "Clé de formulaire (publique)",
        "form_key_help": "Elle se place dans le formulaire de votre site. Elle ne sert qu'à envoyer de nouveaux "
                         "leads (POST /api/lead), et un navigateur ne peut l'utiliser que depuis les sites "
                         "ci-dessous.",
        "allowed_sites": "Sites autorisés à envoyer des leads",
        "no_sites": "Aucun site pour l'instant : les formulaires envoyés par un navigateur sont refusés. "
                    "Demandez-nous d'ajouter votre site.",
        "secret_key": "Clé secrète (gestion des leads)",
        "secret_key_help": "Elle lit et gère vos leads via /api/leads. Gardez-la sur votre serveur, jamais dans "
                           "une page web : les requêtes venant d'un navigateur sont refusées.",
        "no_secret_key": "Pas encore créée : demandez-nous-en une.",
        "keys_rotation": "Si une clé a fuité, demandez-nous de la remplacer : chaque clé se remplace seule, et "
                         "l'ancienne cesse de fonctionner en {seconds} s au plus.",
        "change_password": "Changer le mot de passe", "current_password": "Mot de passe actuel",
        "new_password": "Nouveau mot de passe", "confirm_password": "Confirmer le nouveau mot de passe",
        "bad_password": "Le mot de passe actuel est incorrect.",
        "password_too_short": "Le nouveau mot de passe doit compter au moins {n} caractères.",
        "password_mismatch": "Les deux nouveaux mots de passe diffèrent.",
        "password_changed": "Mot de passe modifié : vos autres sessions sont fermées.",
        "sessions": "Sessions ouvertes", "session_started": "Ouverte le", "session_seen": "Dernière activité",
        "session_browser": "Navigateur", "this_session": "cette session", "logout_everywhere": "Se déconnecter partout",
        "correct_analysis": "Corriger l'analyse",
        "correct_help": "Votre correction est conservée, et l'analyse en tient compte pour apprendre.",
        "accuracy": "Justesse des analyses", "this_week": "7 derniers jours", "last_week": "Les 7 jours d'avant",
        "accuracy_help": "Part des analyses que vous avez confirmées ou corrigées (en modifiant, étiquetant, "
                         "convertissant ou archivant un lead) qui étaient justes ; entre parenthèses, combien ont "
                         "été jugées.",
        "accuracy_none": "—",
    },
}

ACTIONS: dict[str, dict[str, str]] = {
    "en": {"created": "Lead received", "tagged": "Tagged", "untagged": "Tag removed", "archived": "Archived",
           "deleted": "Deleted", "reactivated": "Reactivated", "converted": "Marked converted",
           "reverted": "Conversion reverted", "note_added": "Note added", "note_edited": "Note edited",
           "note_deleted": "Note deleted", "email_sent": "Auto-reply sent",
           "reanalysis_requested": "New analysis requested", "intent_corrected": "Intent corrected",
           "urgency_corrected": "Urgency corrected"},
    "fr": {"created": "Lead reçu", "tagged": "Tag appliqué", "untagged": "Tag retiré", "archived": "Archivé",
           "deleted": "Supprimé", "reactivated": "Réactivé", "converted": "Marqué converti",
           "reverted": "Conversion annulée", "note_added": "Note ajoutée", "note_edited": "Note modifiée",
           "note_deleted": "Note supprimée", "email_sent": "Réponse automatique envoyée",
           "reanalysis_requested": "Nouvelle analyse demandée", "intent_corrected": "Intention corrigée",
           "urgency_corrected": "Urgence corrigée"},
}

SUGGESTED_TAGS = ("Lead Chaud", "Lead Tiède", "Lead Froid", "À rappeler", "Converti")


def ui(language: str) -> dict[str, str]:
    """The catalogue for a language (English when unknown)."""
    return UI.get(language, UI["en"])
