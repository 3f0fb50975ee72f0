"""Console text, in French (the agency's working language). One place for every label."""

from __future__ import annotations

T: dict[str, str] = {
    # access
    "console": "Console Matchbot", "login_title": "Connexion à la console", "email": "E-mail",
    "password": "Mot de passe", "sign_in": "Se connecter", "sign_out": "Se déconnecter",
    "bad_login": "E-mail ou mot de passe incorrect.",
    "throttled": "Trop de tentatives échouées. Réessayez dans {seconds} s.",
    "bad_csrf": "Formulaire expiré ou invalide (jeton CSRF). Rechargez la page.",
    "forbidden": "Réservé au rôle admin.",
    "change_password": "Changer le mot de passe", "new_password": "Nouveau mot de passe",
    "confirm_password": "Confirmer le mot de passe", "must_change": "Choisissez un nouveau mot de passe "
    "avant de continuer (au moins 10 caractères).",
    "password_mismatch": "Les deux mots de passe diffèrent.", "password_changed": "Mot de passe modifié.",
    "current_password": "Mot de passe actuel",
    # navigation
    "inbox": "Conversations", "catalogue": "Profils", "knowledge": "Base de connaissances",
    "contacts": "Mises en relation", "analytics": "Statistiques", "config": "Configuration",
    "users": "Comptes", "simulator": "Simulateur WhatsApp", "nav_knowledge": "Connaissances",
    "nav_simulator": "Simulateur", "nav_contacts": "Relations",
    # inbox and conversation
    "all": "Toutes", "search": "Rechercher", "filter": "Filtrer", "no_conversations": "Aucune conversation.",
    "unread": "non lus", "last_message": "Dernier message", "status": "Statut", "member": "Membre",
    "bot": "Bot", "admin_sender": "Admin", "system": "Système", "take_over": "Prendre la main",
    "release": "Rendre au bot", "reply": "Répondre", "send": "Envoyer", "taken_over": "Vous avez pris la main : le bot se tait.",
    "released": "Conversation rendue au bot.", "reply_sent": "Réponse envoyée au membre.",
    "empty_reply": "Le message est vide.", "window_open": "Fenêtre de 24 h ouverte",
    "window_closed": "Fenêtre de 24 h fermée",
    "window_closed_help": "Le dernier message du membre date de plus de 24 h : WhatsApp n'accepte qu'un "
    "modèle (template) approuvé.",
    "template_ok": "Un modèle « admin » est configuré : votre message partira via ce modèle.",
    "template_missing": "Aucun modèle « admin » configuré : l'envoi sera refusé. Ajoutez-le dans "
    "Configuration → modèles WhatsApp.",
    "send_template": "Envoyer via le modèle", "qualification": "Qualification", "shown_profiles": "Profils déjà montrés",
    "shortlist": "Profils compatibles", "send_profile": "Envoyer ce profil", "profile_sent": "Profil envoyé au membre.",
    "no_shortlist": "Pas de profil compatible (ou qualification incomplète).",
    "alerts": "Alertes et actions", "delivery": "Remis", "open_simulator": "Ouvrir dans le simulateur",
    "not_found": "Introuvable.", "with_admin": "Pris en main par", "since": "depuis",
    # catalogue
    "new_profile": "Nouveau profil", "edit": "Modifier", "save": "Enregistrer", "deactivate": "Désactiver",
    "activate": "Réactiver", "mark_married": "Marier", "import_csv": "Importer un CSV", "import": "Importer",
    "import_failed": "Import refusé : rien n'a été importé. Corrigez ces lignes :",
    "import_done": "Import terminé : {inserted} ajoutés, {updated} modifiés, {unchanged} inchangés, {indexed} indexés.",
    "index_status": "Index", "indexed": "indexés", "stale": "à indexer", "reindex": "Réindexer",
    "photos": "Photos (une URL par ligne)", "saved": "Enregistré.", "invalid": "Valeurs invalides :",
    "gender_male": "Homme", "gender_female": "Femme", "any": "Tous",
    "profiles_count": "{total} profils", "previous": "Précédent", "next": "Suivant",
    # knowledge
    "new_entry": "Nouvelle entrée", "try_question": "Essayer une question", "threshold": "Seuil de réponse",
    "score": "Score", "above": "répondrait", "below": "sous le seuil", "no_hits": "Aucune entrée indexée.",
    # contacts
    "approve": "Approuver", "reject": "Refuser", "mark_paid": "Marquer payé", "share_contact": "Transmettre le contact",
    "share_help": "Coordonnées à transmettre au membre (envoyées uniquement quand vous cliquez).",
    "history": "Historique", "payment": "Paiement", "note": "Note", "method": "Moyen de paiement",
    "reference": "Référence", "no_requests": "Aucune demande.", "done": "C'est fait.",
    "not_allowed_now": "Action impossible dans l'état actuel de la demande.",
    # analytics
    "messages_per_day": "Messages par jour", "leads_per_day": "Leads nouveaux et qualifiés",
    "handoffs_contacts": "Transferts, demandes et paiements", "agent_performance": "Performance des agents",
    "refresh": "Recalculer 30 jours", "calls": "Appels", "success_rate": "Réussite", "avg": "Moyenne (ms)",
    "p95": "p95 (ms)", "agent": "Agent",
    # configuration and accounts
    "config_saved": "Configuration enregistrée.", "bad_json": "Modèles WhatsApp : JSON invalide ({error}).",
    "new_account": "Nouveau compte", "role": "Rôle", "create": "Créer", "account_created": "Compte créé.",
    "disable": "Désactiver", "enable": "Réactiver",
    # simulator
    "sim_phone": "Numéro du membre simulé", "sim_name": "Nom affiché", "sim_placeholder": "Écrire un message…",
    "sim_help": "Les messages passent par le même chemin qu'un vrai message WhatsApp (canal local) ; "
    "le bot répond via la file de travail.",
}

STATUS_LABELS: dict[str, str] = {
    "bot": "Bot", "waiting": "Attend un humain", "admin": "Admin", "opted_out": "Désinscrit",
}

CONFIG_LABELS: dict[str, str] = {
    "agency_name": "Nom de l'agence", "admin_phone": "Téléphone admin (alertes WhatsApp, +E164)",
    "contact_price": "Prix d'une mise en relation", "currency": "Devise (ISO 4217)",
    "minimum_age": "Âge minimum", "bot_enabled": "Bot actif",
    "auto_release_minutes": "Rendre au bot après (minutes d'inactivité admin, 0 = jamais)",
    "welcome_message_fr": "Message d'accueil (FR, vide = texte intégré)",
    "welcome_message_en": "Message d'accueil (EN)",
    "payment_instructions_fr": "Instructions de paiement (FR)", "payment_instructions_en": "Instructions de paiement (EN)",
    "whatsapp_templates": "Modèles WhatsApp (JSON par usage : admin, opener, alert…)",
}

SERIES_LABELS: dict[str, str] = {
    "messages_in": "reçus", "messages_out": "envoyés", "admin_messages": "par un admin",
    "new_leads": "nouveaux leads", "qualified_leads": "qualifiés", "handoffs": "transferts",
    "contact_requests": "demandes de contact", "payments": "paiements",
}
