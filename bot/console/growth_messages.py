"""The console's Growth Brain page labels (French, as the rest of the console), passed to its
template as `g`; the observations themselves are in bot/lead_platform/intelligence/messages.py."""

from __future__ import annotations

from bot.console.messages import CONTEXT_LABELS

G: dict[str, str] = {
    "title": "Cerveau de croissance", "nav": "Croissance",
    "intro": ("Ce que vos membres demandent, où leur qualification cale et quels profils les attirent, sur les "
              "{days} derniers jours. Calculé à chaque visite ; aucun nom complet ni numéro n'apparaît ici."),
    "window": "Période", "days": "{n} jours", "show": "Afficher",
    "members": "Membres qui ont écrit", "messages": "Messages reçus", "started": "Nouveaux membres",
    "qualified": "Qualifiés", "insights": "Ce que disent les chiffres", "recommendations": "Que faire maintenant",
    "asked": "Ce que les membres demandent", "asked_help": "Messages reçus, par ce que le bot y a compris.",
    "topics": "Questions les plus posées",
    "topics_help": ("Entrées de la base de connaissances dont la réponse a été envoyée telle quelle (les réponses "
                    "reformulées par un modèle ne sont pas comptées)."),
    "funnel": "Qualification : où les membres s'arrêtent",
    "funnel_help": ("Nouveaux membres de la période ayant répondu à chaque question ; « calés » : arrêtés à "
                    "cette question depuis plus de 48 h, ou désinscrits."),
    "answered": "{n} ont répondu", "answered_one": "1 a répondu", "stalled": "{n} calés", "stalled_one": "1 calé",
    "profiles": "Profils qui attirent",
    "profiles_help": ("Demandes de mise en relation, « intéressé » juste après la fiche, présentations. Seuls le "
                      "code et le prénom sont affichés."),
    "code": "Code", "first_name": "Prénom", "shown": "Présenté", "interested": "Intéressé",
    "requests": "Demandes", "paid": "Payées", "none": "—",
}

# The qualification questions (agents/qualification.py QUESTIONS), as the inbox names them.
SLOT_LABELS: dict[str, str] = {
    "gender": CONTEXT_LABELS["asked_gender"], "age": CONTEXT_LABELS["asked_age"], "city": CONTEXT_LABELS["asked_city"],
    "looking_for_gender": CONTEXT_LABELS["asked_looking_for"], "age_range": CONTEXT_LABELS["asked_age_range"],
    "preferred_city": CONTEXT_LABELS["asked_preferred_city"],
}
