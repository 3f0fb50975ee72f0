"""What members read: every bot text in French and English, in one catalogue.

Short, warm, WhatsApp-sized; French uses "vous". `say(key, lang, **values)` fills the
placeholders. Agents never write user-facing text inline.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]

CATALOGUE: dict[str, dict[str, str]] = {
    "welcome": {
        "fr": "Bonjour et bienvenue chez {agency} 😊 Je suis l'assistant de l'agence et je vais vous aider à trouver la bonne personne.",
        "en": "Hello and welcome to {agency} 😊 I'm the agency's assistant and I'll help you meet the right person.",
    },
    "form_opener": {
        "fr": "Bonjour{name} 😊 Merci pour votre message sur le site de {business}. Je suis l'assistant de l'agence et je vous accompagne ici sur WhatsApp.",
        "en": "Hello{name} 😊 Thank you for your message on {business}'s website. I'm the agency's assistant and I'll help you here on WhatsApp.",
    },
    "welcome_back": {
        "fr": "Bonjour, ravi de vous retrouver 😊",
        "en": "Hello, nice to hear from you again 😊",
    },
    "ask_gender": {
        "fr": "Pour commencer, êtes-vous un homme ou une femme ?",
        "en": "To start, are you a man or a woman?",
    },
    "ask_age": {
        "fr": "Quel âge avez-vous ?",
        "en": "How old are you?",
    },
    "ask_city": {
        "fr": "Dans quelle ville habitez-vous ?",
        "en": "Which city do you live in?",
    },
    "ask_looking_for_gender": {
        "fr": "Vous souhaitez rencontrer un homme ou une femme ?",
        "en": "Would you like to meet a man or a woman?",
    },
    "ask_age_range": {
        "fr": "Quelle tranche d'âge recherchez-vous ? Par exemple : « entre 30 et 40 ans ».",
        "en": "What age range are you looking for? For example: \"between 30 and 40\".",
    },
    "ask_preferred_city": {
        "fr": "Cette personne doit-elle habiter dans une ville en particulier ? Vous pouvez aussi répondre « peu importe ».",
        "en": "Should this person live in a particular city? You can also say \"any\".",
    },
    "ack": {"fr": "Merci !", "en": "Thank you!"},
    "reask_gender": {
        "fr": "Je n'ai pas bien compris 🙏 Êtes-vous un homme ou une femme ?",
        "en": "Sorry, I didn't quite get that 🙏 Are you a man or a woman?",
    },
    "reask_age": {
        "fr": "Je n'ai pas bien compris votre âge 🙏 Pouvez-vous l'écrire en chiffres, par exemple « 34 ans » ?",
        "en": "Sorry, I didn't catch your age 🙏 Could you write it in digits, for example \"34\"?",
    },
    "reask_city": {
        "fr": "Je n'ai pas reconnu cette ville 🙏 Dans quelle ville habitez-vous ? Nous sommes présents à {cities}.",
        "en": "I didn't recognise that city 🙏 Which city do you live in? We are present in {cities}.",
    },
    "reask_looking_for_gender": {
        "fr": "Pardon, je n'ai pas bien compris 🙏 Souhaitez-vous rencontrer un homme ou une femme ?",
        "en": "Sorry, I didn't quite get that 🙏 Would you like to meet a man or a woman?",
    },
    "reask_age_range": {
        "fr": "Pardon, je n'ai pas compris la tranche d'âge 🙏 Écrivez par exemple « entre 30 et 40 ans » ou « peu importe ».",
        "en": "Sorry, I didn't get the age range 🙏 Write for example \"between 30 and 40\" or \"any\".",
    },
    "reask_preferred_city": {
        "fr": "Pardon 🙏 Quelle ville préférez-vous ? Nous sommes présents à {cities}. Vous pouvez aussi répondre « peu importe ».",
        "en": "Sorry 🙏 Which city would you prefer? We are present in {cities}. You can also say \"any\".",
    },
    "too_young": {
        "fr": "Merci pour votre message. Notre agence est réservée aux personnes de {minimum} ans et plus, nous ne pouvons donc pas vous accompagner pour le moment. Prenez soin de vous 🙏",
        "en": "Thank you for your message. Our agency is for people aged {minimum} and over, so we can't help you for now. Take care 🙏",
    },
    "age_unlikely": {
        "fr": "Hmm, {age} ans ? Pouvez-vous vérifier votre âge, s'il vous plaît ?",
        "en": "Hmm, {age}? Could you double-check your age, please?",
    },
    "range_adjusted": {
        "fr": "Nos membres ont tous au moins {minimum} ans, je retiens donc {low} à {high} ans.",
        "en": "All our members are at least {minimum}, so I'll use {low} to {high}.",
    },
    "noted_correction": {
        "fr": "C'est noté, merci de la précision 👍",
        "en": "Noted, thanks for letting me know 👍",
    },
    "qualified": {
        "fr": "Merci, j'ai tout ce qu'il me faut 🙏 Voici un premier profil qui pourrait vous plaire :",
        "en": "Thank you, I have everything I need 🙏 Here is a first profile you might like:",
    },
    "profile_card": {
        "fr": "✨ *{code}*\n{first_name}, {age} ans — {place}\n{profession}{description}{hobbies}",
        "en": "✨ *{code}*\n{first_name}, {age} — {place}\n{profession}{description}{hobbies}",
    },
    "card_hobbies": {"fr": "\nLoisirs : {hobbies}", "en": "\nHobbies: {hobbies}"},
    "card_footer": {
        "fr": "Écrivez *SUIVANT* pour voir un autre profil, ou *INTÉRESSÉ* si vous souhaitez être mis en relation.",
        "en": "Reply *NEXT* to see another profile, or *INTERESTED* if you would like an introduction.",
    },
    "next_intro": {
        "fr": "Voici un autre profil :",
        "en": "Here is another profile:",
    },
    "no_match": {
        "fr": "Je n'ai pas trouvé de profil qui corresponde à vos critères pour le moment 🙏 Nos conseillers reçoivent de nouveaux profils chaque semaine. Souhaitez-vous qu'un conseiller vous contacte, ou préférez-vous élargir vos critères (âge ou ville) ?",
        "en": "I haven't found a profile matching your criteria for now 🙏 New members join every week. Would you like an adviser to contact you, or would you rather widen your criteria (age or city)?",
    },
    "no_more_match": {
        "fr": "Vous avez vu tous les profils qui correspondent à vos critères pour le moment 🙏 Je vous préviendrai dès qu'un nouveau profil arrive. Vous pouvez aussi élargir vos critères ou demander à parler à un conseiller.",
        "en": "You have seen every profile matching your criteria for now 🙏 I'll let you know as soon as a new one arrives. You can also widen your criteria or ask to speak to an adviser.",
    },
    "need_qualification_first": {
        "fr": "Avec plaisir ! Pour vous proposer des profils adaptés, j'ai d'abord besoin de quelques informations.",
        "en": "With pleasure! To suggest suitable profiles, I first need a few details.",
    },
    "contact_created": {
        "fr": "Très bon choix 😊 Votre demande de mise en relation avec *{code}* ({first_name}) est enregistrée. La mise en relation coûte {price}. {payment}",
        "en": "Great choice 😊 Your introduction request for *{code}* ({first_name}) is registered. An introduction costs {price}. {payment}",
    },
    "contact_next_steps": {
        "fr": "Un conseiller vous confirme la suite très vite.",
        "en": "An adviser will confirm the next steps shortly.",
    },
    "contact_already": {
        "fr": "Votre demande pour *{code}* est déjà enregistrée 👍 Un conseiller revient vers vous très vite.",
        "en": "Your request for *{code}* is already registered 👍 An adviser will get back to you shortly.",
    },
    "contact_unknown_code": {
        "fr": "Je ne trouve pas le profil *{code}* 🤔 Pouvez-vous vérifier le code ?",
        "en": "I can't find profile *{code}* 🤔 Could you check the code?",
    },
    "contact_which": {
        "fr": "Avec plaisir ! Quel profil vous intéresse ? Indiquez-moi son code (par exemple MAT-2025-001).",
        "en": "With pleasure! Which profile are you interested in? Send me its code (for example MAT-2025-001).",
    },
    "contact_never_share": {
        "fr": "Pour la sécurité de tous, nous ne transmettons jamais de coordonnées directement : la mise en relation passe toujours par un conseiller, après accord des deux personnes.",
        "en": "For everyone's safety we never hand out contact details directly: introductions always go through an adviser, once both people agree.",
    },
    "handoff": {
        "fr": "Je transmets votre conversation à un conseiller, qui vous répondra ici même très bientôt 🙏",
        "en": "I'm passing your conversation to an adviser, who will reply right here very soon 🙏",
    },
    "handoff_complaint": {
        "fr": "Je suis désolé pour ce désagrément 🙏 Un conseiller prend le relais et vous répond ici même très vite.",
        "en": "I'm sorry about this 🙏 An adviser is taking over and will reply right here very soon.",
    },
    "handoff_not_understood": {
        "fr": "Je crains de ne pas bien vous comprendre 🙏 Un conseiller va prendre le relais et vous répondre ici même.",
        "en": "I'm afraid I'm not understanding you well 🙏 An adviser will take over and reply right here.",
    },
    "faq_unknown": {
        "fr": "Je n'ai pas la réponse exacte à cette question 🙏 Souhaitez-vous qu'un conseiller vous réponde ?",
        "en": "I don't have the exact answer to that 🙏 Would you like an adviser to answer you?",
    },
    "not_understood": {
        "fr": "Pardon, je n'ai pas bien compris 🙏 Pouvez-vous reformuler ? Vous pouvez aussi écrire *CONSEILLER* pour parler à une personne.",
        "en": "Sorry, I didn't quite understand 🙏 Could you rephrase? You can also write *ADVISER* to talk to a person.",
    },
    "thanks_reply": {
        "fr": "Avec plaisir 😊",
        "en": "You're welcome 😊",
    },
    "anything_else": {
        "fr": "Puis-je vous aider pour autre chose ? Écrivez *SUIVANT* pour voir un autre profil.",
        "en": "Can I help with anything else? Reply *NEXT* to see another profile.",
    },
    "declined_human": {
        "fr": "Très bien 👍 Je reste à votre disposition.",
        "en": "All right 👍 I'm here if you need me.",
    },
    "opted_out": {
        "fr": "C'est noté : vous ne recevrez plus de messages de notre part. Écrivez *START* à tout moment pour reprendre.",
        "en": "Done: you won't receive any more messages from us. Write *START* at any time to resume.",
    },
    "opted_in": {
        "fr": "Bon retour parmi nous 😊 Vos messages sont réactivés.",
        "en": "Welcome back 😊 Your messages are switched back on.",
    },
    "not_eligible": {
        "fr": "Merci pour votre message 🙏 Notre agence est réservée aux adultes ; nous ne pouvons pas vous accompagner.",
        "en": "Thank you for your message 🙏 Our agency is for adults only; we can't help you.",
    },
    "button_next": {"fr": "Suivant", "en": "Next"},
    "button_interested": {"fr": "Intéressé(e)", "en": "Interested"},
    "button_man": {"fr": "Un homme", "en": "A man"},
    "button_woman": {"fr": "Une femme", "en": "A woman"},
    "button_any": {"fr": "Peu importe", "en": "Any"},
    "button_adviser": {"fr": "Un conseiller", "en": "An adviser"},
}


def say(key: str, lang: str, **values: object) -> str:
    """The catalogue text for `key` in the member's language, placeholders filled."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["fr"]
    return text.format(**values) if values else text
