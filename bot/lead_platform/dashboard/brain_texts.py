"""The Growth Brain page's labels, FR and EN (the insights themselves are in
bot/lead_platform/intelligence/messages.py)."""

from __future__ import annotations

BRAIN: dict[str, dict[str, str]] = {
    "en": {
        "title": "Growth Brain", "analyse_now": "Analyse now", "analysed_at": "Analysed on {at} ({engine})",
        "engine_rules": "rules", "engine_llm": "AI model",
        "running": "An analysis is under way: this page refreshes by itself.",
        "queued": "The analysis is queued: this page refreshes by itself until it is done.",
        "too_soon": "The last analysis is only a few minutes old. Try again in {minutes} min.",
        "empty_title": "No analysis yet",
        "empty": "The Growth Brain reads all your active leads every week: what they ask for, how urgent and "
                 "in which tone, how sure the AI is, and how you follow them up. Run the first analysis now.",
        "leads": "Active leads", "last_week": "Last 7 days", "forecast": "Expected next 7 days",
        "confidence": "AI confidence", "sentiment": "Tone score", "engagement": "Engagement",
        "insights": "What the figures say", "recommendations": "What to do next",
        "top_intents": "Top requests", "urgency": "Urgency", "urgency_trend": "High urgency, against the 7 days "
        "before: {points} points", "tones": "Tones", "weeks": "Leads per week and AI confidence",
        "weeks_columns": "leads", "weeks_line": "average confidence", "week_title": "{leads} leads, week of {week}",
        "languages": "Languages", "engagement_parts": "What the engagement score is made of",
        "follow_up": "Leads you acted on", "speed": "…of which within a day", "conversion": "Converted",
        "replies": "Replied to an outreach e-mail", "none": "—", "high": "High", "medium": "Medium", "low": "Low",
        "unanalysed": "{n} leads not analysed yet", "unanalysed_one": "1 lead not analysed yet",
        "how": "How it is computed: active leads only (archived, deleted and test leads left out). Tone score: "
               "Friendly 100, Professional 90, Curious 75, Formal 70, Neutral 50, Urgent 40, Frustrated 0. "
               "Engagement: 35 % leads acted on, 20 % of them within a day, 30 % conversions (a fifth converted "
               "scores full), 15 % replies to outreach e-mails; a part with nothing to measure is left out. "
               "Forecast: the mean of the last 4 weeks.",
        "fr": "French", "en": "English",
    },
    "fr": {
        "title": "Cerveau de croissance", "analyse_now": "Analyser maintenant",
        "analysed_at": "Analyse du {at} ({engine})", "engine_rules": "règles", "engine_llm": "modèle d'IA",
        "running": "Une analyse est en cours : cette page se met à jour d'elle-même.",
        "queued": "L'analyse est lancée : cette page se met à jour d'elle-même jusqu'à ce qu'elle soit prête.",
        "too_soon": "La dernière analyse date de quelques minutes. Réessayez dans {minutes} min.",
        "empty_title": "Pas encore d'analyse",
        "empty": "Le Cerveau de croissance lit chaque semaine tous vos leads actifs : ce qu'ils demandent, leur "
                 "urgence et leur ton, l'assurance de l'IA, et votre suivi. Lancez la première analyse dès "
                 "maintenant.",
        "leads": "Leads actifs", "last_week": "7 derniers jours", "forecast": "Attendus sous 7 jours",
        "confidence": "Confiance de l'IA", "sentiment": "Score de ton", "engagement": "Engagement",
        "insights": "Ce que disent les chiffres", "recommendations": "Que faire maintenant",
        "top_intents": "Demandes principales", "urgency": "Urgence",
        "urgency_trend": "Urgence élevée, par rapport aux 7 jours précédents : {points} points", "tones": "Tons",
        "weeks": "Leads par semaine et confiance de l'IA", "weeks_columns": "leads",
        "weeks_line": "confiance moyenne", "week_title": "{leads} leads, semaine du {week}", "languages": "Langues",
        "engagement_parts": "De quoi est fait le score d'engagement", "follow_up": "Leads que vous avez traités",
        "speed": "…dont dans la journée", "conversion": "Convertis", "replies": "Réponses aux e-mails de relance",
        "none": "—", "high": "Élevée", "medium": "Moyenne", "low": "Faible",
        "unanalysed": "{n} leads pas encore analysés", "unanalysed_one": "1 lead pas encore analysé",
        "how": "Mode de calcul : leads actifs seulement (les leads archivés, supprimés et de test sont exclus). "
               "Score de ton : Amical 100, Professionnel 90, Curieux 75, Formel 70, Neutre 50, Pressé 40, "
               "Mécontent 0. Engagement : 35 % leads traités, 20 % traités dans la journée, 30 % conversions "
               "(un cinquième de convertis donne le maximum), 15 % réponses aux e-mails de relance ; une part "
               "sans rien à mesurer est laissée de côté. Prévision : la moyenne des 4 dernières semaines.",
        "fr": "Français", "en": "Anglais",
    },
}


def brain_text(language: str) -> dict[str, str]:
    return BRAIN.get(language, BRAIN["en"])
