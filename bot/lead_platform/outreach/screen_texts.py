"""The campaign screens' words, in English and French (the dashboard shows the client's
language, the console French): labels, the timeline's events, the prospects' form tests."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "campaigns": "Campaigns", "new_campaign": "New campaign", "templates": "Templates", "name": "Name",
        "status": "Status", "audience": "Audience", "prospects": "Prospects", "leads": "Your leads",
        "waiting_approval": "To approve", "sent": "Sent", "opened": "Opened", "clicked": "Clicked",
        "replied": "Replied", "bounced": "Bounced", "unsubscribed": "Unsubscribed", "no_campaigns": "No campaign yet.",
        "draft": "Draft", "active": "Active", "paused": "Paused", "completed": "Completed",
        "pending": "To approve", "approved": "Approved", "rejected": "Rejected",
        "start": "Start", "resume": "Resume", "pause": "Pause", "complete": "End the campaign", "edit": "Edit",
        "save": "Save", "approve": "Approve", "reject": "Reject", "approve_all": "Approve all",
        "funnel": "Funnel (recipients)", "timeline": "Recipients", "drafts": "Drafts to approve",
        "no_drafts": "No draft waiting.", "daily": "By day sent", "day": "Day", "open_rate": "Opens",
        "reply_rate": "Replies", "bounce_rate": "Bounces", "step": "E-mail", "first_email": "First e-mail",
        "follow_up": "Follow-up", "after_days": "days after the previous e-mail", "template": "Template",
        "industries": "Industries", "regions": "Regions", "languages": "Languages (en, fr)",
        "min_score": "Minimum automation-need score", "include_contacted": "Include prospects already contacted",
        "intents": "Intents", "urgencies": "Urgencies", "tags": "Tags", "comma": "comma-separated, empty = all",
        "daily_cap": "E-mails per day at most", "window": "Sending hours (recipient's time zone)",
        "window_days": "Days (1 = Monday)", "timezone": "Time zone when the recipient's is unknown",
        "approval_mode": "Approval", "manual": "I approve each draft", "auto": "Send drafts that pass the checks",
        "postal_address": "Postal address (printed in every e-mail's footer)",
        "postal_missing": "Set your postal address: every e-mail carries it, and a campaign cannot start without it.",
        "subject": "Subject", "body": "Body", "language": "Language", "variables": "Variables",
        "fallback_help": "{{first_name|there}} uses “there” when the first name is unknown.",
        "shared": "shared", "own": "yours", "new_template": "New template", "copy": "Save as my own",
        "facts": "What the agent knew", "check": "Check", "why_rejected": "Refused by the check",
        "events": "Events", "smtp_missing": "E-mail sending is not configured (SMTP_HOST): approved e-mails wait.",
        "none": "—", "back": "Back to campaigns", "saved": "Saved.", "recipient": "Recipient",
        "remaining": "Recipients not written to yet", "refresh": "Refresh statistics",
        "to": "to", "from": "from", "days_short": "d", "not_found": "Campaign not found.",
        "draft_not_found": "Draft not found.", "edit_draft": "Edit", "edit_draft_title": "Edit the draft",
        "edit_draft_help": "Change the subject or the text, then save: the outreach agent checks it again "
                           "before you can approve it.",
        "check_passed": "Saved: the check found nothing to change.",
        "check_failed": "Not saved: the check refuses this text. Change it and save again.",
        "only_pending": "status: only a draft waiting for approval can be edited",
        "approved_n": "{n} e-mail(s) approved.", "edited_by": "edited by", "sending": "Sending",
        "prospects_title": "Prospects", "score": "Automation need", "website": "Website", "industry": "Industry",
        "region": "Region", "contact": "Contact", "site": "Site", "form": "Contact form",
        "chat_widget": "Live chat", "form_test": "Form test", "response_time": "First answer after",
        "autoresponder": "autoresponder", "tone": "Tone", "test_score": "Test score", "yes": "yes", "no": "no",
        "minutes": "min", "no_prospects": "No prospect yet: import a CSV (matchbot prospects import) or run a "
                                          "discovery (matchbot prospects discover).",
        "next": "Next", "previous": "Previous", "contacted": "contacted",
    },
    "fr": {
        "campaigns": "Campagnes", "new_campaign": "Nouvelle campagne", "templates": "Modèles", "name": "Nom",
        "status": "Statut", "audience": "Audience", "prospects": "Prospects", "leads": "Vos leads",
        "waiting_approval": "À approuver", "sent": "Envoyés", "opened": "Ouverts", "clicked": "Cliqués",
        "replied": "Réponses", "bounced": "Rejetés", "unsubscribed": "Désinscrits",
        "no_campaigns": "Aucune campagne pour l'instant.",
        "draft": "Brouillon", "active": "Active", "paused": "En pause", "completed": "Terminée",
        "pending": "À approuver", "approved": "Approuvé", "rejected": "Refusé",
        "start": "Démarrer", "resume": "Reprendre", "pause": "Mettre en pause", "complete": "Terminer la campagne",
        "edit": "Modifier", "save": "Enregistrer", "approve": "Approuver", "reject": "Refuser",
        "approve_all": "Tout approuver", "funnel": "Entonnoir (destinataires)", "timeline": "Destinataires",
        "drafts": "Brouillons à approuver", "no_drafts": "Aucun brouillon en attente.", "daily": "Par jour d'envoi",
        "day": "Jour", "open_rate": "Ouvertures", "reply_rate": "Réponses", "bounce_rate": "Rejets",
        "step": "E-mail", "first_email": "Premier e-mail", "follow_up": "Relance",
        "after_days": "jours après l'e-mail précédent", "template": "Modèle", "industries": "Secteurs",
        "regions": "Régions", "languages": "Langues (en, fr)", "min_score": "Score minimal de besoin d'automatisation",
        "include_contacted": "Inclure les prospects déjà contactés", "intents": "Intentions",
        "urgencies": "Urgences", "tags": "Tags", "comma": "séparés par des virgules, vide = tous",
        "daily_cap": "E-mails par jour au plus", "window": "Heures d'envoi (fuseau du destinataire)",
        "window_days": "Jours (1 = lundi)", "timezone": "Fuseau quand celui du destinataire est inconnu",
        "approval_mode": "Approbation", "manual": "J'approuve chaque brouillon",
        "auto": "Envoyer les brouillons qui passent les vérifications",
        "postal_address": "Adresse postale (en pied de chaque e-mail)",
        "postal_missing": "Indiquez votre adresse postale : chaque e-mail la porte, et une campagne ne peut pas "
                          "démarrer sans elle.",
        "subject": "Objet", "body": "Corps", "language": "Langue", "variables": "Variables",
        "fallback_help": "{{first_name|}} reste vide quand le prénom est inconnu.",
        "shared": "partagé", "own": "à vous", "new_template": "Nouveau modèle", "copy": "Enregistrer comme le mien",
        "facts": "Ce que l'agent savait", "check": "Vérification", "why_rejected": "Refusé par la vérification",
        "events": "Événements", "smtp_missing": "L'envoi d'e-mails n'est pas configuré (SMTP_HOST) : les e-mails "
                                                "approuvés attendent.",
        "none": "—", "back": "Retour aux campagnes", "saved": "Enregistré.", "recipient": "Destinataire",
        "remaining": "Destinataires pas encore contactés", "refresh": "Recalculer les statistiques",
        "to": "à", "from": "de", "days_short": "j", "not_found": "Campagne introuvable.",
        "draft_not_found": "Brouillon introuvable.", "edit_draft": "Modifier", "edit_draft_title": "Modifier le brouillon",
        "edit_draft_help": "Changez l'objet ou le texte, puis enregistrez : l'agent de prospection le vérifie à "
                           "nouveau avant que vous puissiez l'approuver.",
        "check_passed": "Enregistré : la vérification n'a rien trouvé à redire.",
        "check_failed": "Pas enregistré : la vérification refuse ce texte. Modifiez-le et enregistrez à nouveau.",
        "only_pending": "status: seul un brouillon en attente d'approbation peut être modifié",
        "approved_n": "{n} e-mail(s) approuvé(s).", "edited_by": "modifié par", "sending": "Envoi en cours",
        "prospects_title": "Prospects", "score": "Besoin d'automatisation", "website": "Site", "industry": "Secteur",
        "region": "Région", "contact": "Contact", "site": "Site", "form": "Formulaire de contact",
        "chat_widget": "Chat en direct", "form_test": "Test du formulaire", "response_time": "Première réponse après",
        "autoresponder": "réponse automatique", "tone": "Ton", "test_score": "Score du test", "yes": "oui",
        "no": "non", "minutes": "min",
        "no_prospects": "Aucun prospect pour l'instant : importez un CSV (matchbot prospects import) ou lancez "
                        "une découverte (matchbot prospects discover).",
        "next": "Suivant", "previous": "Précédent", "contacted": "contacté",
    },
}
EVENTS: dict[str, dict[str, str]] = {
    "en": {"drafted": "drafted", "edited": "edited", "approved": "approved", "sent": "sent",
           "sent_unconfirmed": "sent (the server's acknowledgement was lost: not sent again)",
           "delivered": "delivered", "opened": "opened", "clicked": "clicked", "replied": "replied",
           "bounced": "bounced", "unsubscribed": "unsubscribed", "rejected": "rejected"},
    "fr": {"drafted": "rédigé", "edited": "modifié", "approved": "approuvé", "sent": "envoyé",
           "sent_unconfirmed": "envoyé (l'accusé du serveur s'est perdu : pas renvoyé)",
           "delivered": "délivré", "opened": "ouvert", "clicked": "cliqué", "replied": "réponse",
           "bounced": "rejeté", "unsubscribed": "désinscrit", "rejected": "refusé"},
}
# A prospect's latest contact-form test: its status and the tone of the answer (prospect_form_tests).
FORM_TESTS: dict[str, dict[str, str]] = {
    "en": {"pending": "waiting for an answer", "completed": "answered", "failed": "could not be sent",
           "timeout": "no answer", "robotic": "robotic", "human": "human", "personalized": "personalized",
           "none": "none"},
    "fr": {"pending": "en attente de réponse", "completed": "répondu", "failed": "envoi impossible",
           "timeout": "pas de réponse", "robotic": "robotique", "human": "humain", "personalized": "personnalisé",
           "none": "aucun"},
}


def text(language: str) -> dict[str, str]:
    return TEXT.get(language, TEXT["en"])


def events(language: str) -> dict[str, str]:
    return EVENTS.get(language, EVENTS["en"])


def form_tests(language: str) -> dict[str, str]:
    return FORM_TESTS.get(language, FORM_TESTS["en"])
