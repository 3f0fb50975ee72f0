"""The Growth Brain's written insights, French (with "vous") and English: the offline rules'
sentences for a client's leads and for the agency's members. Placeholders are filled with
computed figures only (a test checks every sentence against them)."""

from __future__ import annotations

from decimal import Decimal

Catalogue = dict[str, dict[str, str]]

CLIENT: Catalogue = {
    "no_leads": {
        "fr": "Aucun lead actif à analyser pour l'instant.",
        "en": "No active lead to analyse yet.",
    },
    "rec_no_leads": {
        "fr": "Placez votre clé de formulaire dans le formulaire de contact de votre site : chaque demande "
              "sera analysée ici.",
        "en": "Put your form key in your website's contact form: every enquiry will be analysed here.",
    },
    "volume": {
        "fr": "Leads actifs analysés : {total}, dont {last_week} arrivés ces 7 derniers jours.",
        "en": "Active leads analysed: {total}, {last_week} of them in the last 7 days.",
    },
    "unanalysed": {
        "fr": "{n} leads attendent encore leur analyse par l'IA.",
        "en": "{n} leads are still waiting for their AI analysis.",
    },
    "unanalysed_one": {
        "fr": "1 lead attend encore son analyse par l'IA.",
        "en": "1 lead is still waiting for its AI analysis.",
    },
    "forecast": {
        "fr": "Au rythme des 4 dernières semaines, attendez-vous à environ {forecast} leads dans les "
              "7 prochains jours.",
        "en": "At the pace of the last 4 weeks, expect about {forecast} leads in the next 7 days.",
    },
    "forecast_one": {
        "fr": "Au rythme des 4 dernières semaines, attendez-vous à environ 1 lead dans les 7 prochains jours.",
        "en": "At the pace of the last 4 weeks, expect about 1 lead in the next 7 days.",
    },
    "forecast_trend": {
        "fr": "Au rythme des 4 dernières semaines ({trend} % par rapport aux 4 précédentes), attendez-vous à "
              "environ {forecast} leads dans les 7 prochains jours.",
        "en": "At the pace of the last 4 weeks ({trend}% against the 4 before), expect about {forecast} leads "
              "in the next 7 days.",
    },
    "forecast_trend_one": {
        "fr": "Au rythme des 4 dernières semaines ({trend} % par rapport aux 4 précédentes), attendez-vous à "
              "environ 1 lead dans les 7 prochains jours.",
        "en": "At the pace of the last 4 weeks ({trend}% against the 4 before), expect about 1 lead in the next "
              "7 days.",
    },
    "top_intent": {
        "fr": "« {label} » arrive en tête : {leads} leads, soit {percent} % des leads analysés.",
        "en": "“{label}” comes first: {leads} leads, {percent}% of those analysed.",
    },
    "top_intent_one": {
        "fr": "« {label} » arrive en tête : 1 lead, soit {percent} % des leads analysés.",
        "en": "“{label}” comes first: 1 lead, {percent}% of those analysed.",
    },
    "rec_sales": {
        "fr": "Donnez vos prix et votre lien de réservation dès la première réponse : ces leads sont prêts "
              "à acheter.",
        "en": "Give your prices and your booking link in the first answer: these leads are ready to buy.",
    },
    "rec_support": {
        "fr": "Beaucoup de leads sont des clients qui ont un problème : confiez-les à votre service client le "
              "jour même et cherchez ce qui le cause.",
        "en": "Many leads are customers with a problem: hand them to your support team the same day and look "
              "for what causes it.",
    },
    "rec_matchmaking": {
        "fr": "La plupart veulent faire une rencontre : présentez les étapes de l'inscription dès votre "
              "première réponse.",
        "en": "Most want to meet someone: set out the steps to join in your first answer.",
    },
    "rec_information": {
        "fr": "Publiez les réponses aux questions fréquentes (horaires, adresse, disponibilités) sur votre "
              "site et dans votre réponse automatique.",
        "en": "Publish the answers to common questions (hours, address, availability) on your website and in "
              "your auto-reply.",
    },
    "rec_relationship": {
        "fr": "Vos leads partagent leur expérience : demandez aux plus satisfaits un avis public.",
        "en": "Your leads share their experience: ask the happiest ones for a public review.",
    },
    "rec_spam": {
        "fr": "Une grande partie de ce qui arrive est indésirable : ajoutez une vérification à votre "
              "formulaire.",
        "en": "Much of what arrives is junk: add a check to your form.",
    },
    "urgency_high": {
        "fr": "{high} leads ({percent} %) sont urgents : ils attendaient une réponse le jour même.",
        "en": "{high} leads ({percent}%) are urgent: they expected an answer the same day.",
    },
    "urgency_high_one": {
        "fr": "1 lead ({percent} %) est urgent : il attendait une réponse le jour même.",
        "en": "1 lead ({percent}%) is urgent: it expected an answer the same day.",
    },
    "urgency_up": {
        "fr": "La part des leads urgents a augmenté de {points} points par rapport aux 7 jours précédents.",
        "en": "The share of urgent leads rose by {points} points against the previous 7 days.",
    },
    "urgency_down": {
        "fr": "La part des leads urgents a baissé de {points} points par rapport aux 7 jours précédents.",
        "en": "The share of urgent leads fell by {points} points against the previous 7 days.",
    },
    "rec_urgent": {
        "fr": "Répondez d'abord aux leads urgents, dans l'heure si vous le pouvez.",
        "en": "Answer urgent leads first, within the hour if you can.",
    },
    "sentiment_good": {
        "fr": "Le ton de vos leads est favorable : {score}/100.",
        "en": "Your leads' tone is favourable: {score}/100.",
    },
    "sentiment_mixed": {
        "fr": "Le ton de vos leads est mitigé : {score}/100.",
        "en": "Your leads' tone is mixed: {score}/100.",
    },
    "sentiment_tense": {
        "fr": "Le ton de vos leads est tendu : {score}/100.",
        "en": "Your leads' tone is tense: {score}/100.",
    },
    "frustrated": {
        "fr": "{n} leads ont écrit sur un ton mécontent.",
        "en": "{n} leads wrote in a frustrated tone.",
    },
    "frustrated_one": {
        "fr": "1 lead a écrit sur un ton mécontent.",
        "en": "1 lead wrote in a frustrated tone.",
    },
    "rec_frustrated": {
        "fr": "Rappelez vous-même les leads mécontents avant tout le reste : une réponse personnelle et rapide "
              "sauve souvent la relation.",
        "en": "Call frustrated leads back yourself before anything else: a quick personal answer often saves "
              "the relationship.",
    },
    "confidence": {
        "fr": "L'IA lit vos leads avec une confiance moyenne de {percent} %.",
        "en": "The AI reads your leads with {percent}% confidence on average.",
    },
    "confidence_moved": {
        "fr": "Sa confiance est passée de {first} % à {last} % au fil des semaines.",
        "en": "Its confidence went from {first}% to {last}% over the weeks.",
    },
    "rec_confidence": {
        "fr": "Ouvrez les leads que l'IA a lus avec hésitation et classez-les vous-même : vos résultats "
              "améliorent les lectures suivantes.",
        "en": "Open the leads the AI was unsure about and tag them yourself: your outcomes improve the next "
              "readings.",
    },
    "language": {
        "fr": "{percent} % de vos leads écrivent en {language_name}.",
        "en": "{percent}% of your leads write in {language_name}.",
    },
    "rec_language": {
        "fr": "Répondez-leur dans leur langue : votre réponse automatique le fait déjà, votre équipe doit "
              "pouvoir suivre.",
        "en": "Answer them in their language: your auto-reply already does, make sure your team can too.",
    },
    "engagement": {
        "fr": "Score d'engagement : {score}/100 ; leads traités : {handled} sur {total} ; convertis : {converted}.",
        "en": "Engagement score: {score}/100; leads handled: {handled} of {total}; converted: {converted}.",
    },
    "rec_untouched": {
        "fr": "{untouched} leads n'ont encore reçu aucune action de votre part : répondez, classez ou archivez-"
              "les pour n'en oublier aucun.",
        "en": "{untouched} leads have had no action from you yet: answer, tag or archive them so that none is "
              "forgotten.",
    },
    "rec_untouched_one": {
        "fr": "1 lead n'a encore reçu aucune action de votre part : répondez-lui, classez-le ou archivez-le.",
        "en": "1 lead has had no action from you yet: answer, tag or archive it.",
    },
    "rec_speed": {
        "fr": "Seuls {percent} % des leads traités l'ont été dans la journée : les réponses rapides convertissent "
              "mieux.",
        "en": "Only {percent}% of the leads you handled were handled within a day: quick answers convert "
              "better.",
    },
    "reverted": {
        "fr": "{n} conversions ont été annulées : notez-en la raison sur chaque lead, elle montre quoi "
              "améliorer.",
        "en": "{n} conversions were reverted: note why on each lead, it shows what to improve.",
    },
    "reverted_one": {
        "fr": "1 conversion a été annulée : notez-en la raison sur le lead, elle montre quoi améliorer.",
        "en": "1 conversion was reverted: note why on the lead, it shows what to improve.",
    },
}

LANGUAGE_NAMES = {"fr": {"fr": "français", "en": "anglais"}, "en": {"fr": "French", "en": "English"}}

# The agency's own members (console).
AGENCY: Catalogue = {
    "no_members": {
        "fr": "Aucun membre n'a écrit sur cette période.",
        "en": "No member wrote during this period.",
    },
    "asked": {
        "fr": "Ce que les membres demandent le plus : « {label} » ({messages} messages, {percent} %).",
        "en": "What members ask most: “{label}” ({messages} messages, {percent}%).",
    },
    "asked_one": {
        "fr": "Ce que les membres demandent le plus : « {label} » (1 message, {percent} %).",
        "en": "What members ask most: “{label}” (1 message, {percent}%).",
    },
    "topic": {
        "fr": "Question la plus posée : « {topic} » ({answers} réponses de la base de connaissances).",
        "en": "Most asked question: “{topic}” ({answers} knowledge-base answers).",
    },
    "topic_one": {
        "fr": "Question la plus posée : « {topic} » (1 réponse de la base de connaissances).",
        "en": "Most asked question: “{topic}” (1 knowledge-base answer).",
    },
    "rec_topic": {
        "fr": "Donnez cette réponse dès le message d'accueil : vous éviterez la question à beaucoup de membres.",
        "en": "Give this answer in the welcome message: many members will not need to ask.",
    },
    "stall": {
        "fr": "La qualification cale surtout à la question « {slot} » : {stalled} membres se sont arrêtés là.",
        "en": "Qualification stalls most at “{slot}”: {stalled} members stopped there.",
    },
    "stall_one": {
        "fr": "La qualification cale surtout à la question « {slot} » : 1 membre s'est arrêté là.",
        "en": "Qualification stalls most at “{slot}”: 1 member stopped there.",
    },
    "rec_stall": {
        "fr": "Reformulez cette question ou proposez des réponses en boutons, puis relancez ces membres.",
        "en": "Reword this question or offer answer buttons, then follow these members up.",
    },
    "qualified": {
        "fr": "{qualified} membres sur {members} ont terminé leur qualification ({percent} %).",
        "en": "{qualified} of {members} members finished their qualification ({percent}%).",
    },
    "profile": {
        "fr": "Le profil {code} ({first_name}) attire le plus : demandes de mise en relation : {requests}, "
              "présentations : {shown}.",
        "en": "Profile {code} ({first_name}) draws the most interest: introduction requests: {requests}, "
              "showings: {shown}.",
    },
}


def number(value: float | int, language: str) -> str:
    """A figure as a reader writes it: "1 234,5" in French, "1,234.5" in English, no ".0"."""
    exact = Decimal(str(value))
    whole = exact == exact.to_integral()
    text = f"{abs(int(exact)):,}" if whole else f"{abs(exact):,}"
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return ("-" if exact < 0 else "") + text


def signed(value: float, language: str) -> str:
    """A change with its sign ("+12,5", "-3")."""
    return ("+" if value > 0 else "") + number(value, language)


def say(catalogue: Catalogue, key: str, language: str, /, count: int | None = None, **figures: object) -> str:
    """A sentence with its figures written for the reader (numbers formatted, words as given);
    `count`, when it is 1, chooses the singular sentence (`key_one`) where there is one."""
    if count == 1 and f"{key}_one" in catalogue:
        key = f"{key}_one"
    values = {k: number(v, language) if isinstance(v, int | float) and not isinstance(v, bool) else v
              for k, v in figures.items()}
    return catalogue[key][language].format(**values)
