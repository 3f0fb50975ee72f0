"""Texts of the welcome and the qualification questions. A list holds phrasings of one message."""

from __future__ import annotations

from agents.messages.types import Entries

TEXTS: Entries = {
    "welcome": {
        "fr": ["Bonjour et bienvenue chez {agency} 😊 Je suis l'assistant de l'agence : je vais vous aider à rencontrer la bonne personne.",
               "Bienvenue chez {agency} 😊 Je suis l'assistant de l'agence, ici pour vous présenter des personnes qui vous correspondent."],
        "en": ["Hello and welcome to {agency} 😊 I'm the agency's assistant and I'll help you meet the right person.",
               "Welcome to {agency} 😊 I'm the agency's assistant, here to introduce you to people who suit you."],
    },
    "form_opener": {
        "fr": "Bonjour{name} 😊 Merci pour votre message sur le site de {business}. Je suis l'assistant de l'agence et je vous accompagne ici sur WhatsApp.",
        "en": "Hello{name} 😊 Thank you for your message on {business}'s website. I'm the agency's assistant and I'll help you here on WhatsApp.",
    },
    "welcome_back": {
        "fr": ["Bonjour{name}, ravi de vous retrouver 😊", "Re-bonjour{name} 😊", "Bonjour{name} ! Content de vous relire 😊"],
        "en": ["Hello{name}, nice to hear from you again 😊", "Hi again{name} 😊", "Hello{name}! Good to hear from you 😊"],
    },
    "ask_gender_first": {
        "fr": "Pour commencer, êtes-vous un homme ou une femme ?",
        "en": "To start, are you a man or a woman?",
    },
    "ask_gender": {
        "fr": ["Vous êtes un homme ou une femme ?", "Êtes-vous un homme ou une femme ?"],
        "en": ["Are you a man or a woman?", "May I ask: are you a man or a woman?"],
    },
    "ask_age": {
        "fr": ["Quel âge avez-vous ?", "Et quel âge avez-vous ?"],
        "en": ["How old are you?", "And how old are you?"],
    },
    "ask_city": {
        "fr": ["Dans quelle ville habitez-vous ?", "Vous habitez dans quelle ville ?"],
        "en": ["Which city do you live in?", "What city do you live in?"],
    },
    "ask_looking_for_gender": {
        "fr": ["Vous souhaitez rencontrer un homme ou une femme ?", "Vous cherchez à rencontrer un homme ou une femme ?"],
        "en": ["Would you like to meet a man or a woman?", "Are you looking to meet a man or a woman?"],
    },
    "ask_age_range": {
        "fr": ["Quelle tranche d'âge recherchez-vous ? Par exemple : « entre 30 et 40 ans ».",
               "Entre quel âge et quel âge ? Par exemple « 28 à 38 ans », ou « peu importe »."],
        "en": ["What age range are you looking for? For example: \"between 30 and 40\".",
               "Between what ages? For example \"28 to 38\", or \"any\"."],
    },
    "ask_preferred_city": {
        "fr": ["Cette personne doit-elle habiter dans une ville en particulier ? Vous pouvez aussi répondre « peu importe ».",
               "Et pour la ville : vous avez une préférence ? Sinon, répondez « peu importe »."],
        "en": ["Should this person live in a particular city? You can also say \"any\".",
               "And the city: any preference? If not, just say \"any\"."],
    },
    "still_here": {
        "fr": ["Oui, je suis là 😊", "Oui, toujours là 😊", "Je suis là, oui 😊"],
        "en": ["Yes, I'm here 😊", "Yes, still here 😊", "I'm here, yes 😊"],
    },
    "ack": {
        "fr": ["Merci !", "Parfait.", "Très bien.", "C'est noté."],
        "en": ["Thank you!", "Perfect.", "Great.", "Noted."],
    },
    "ack_named": {
        "fr": ["Merci {first_name} !", "Enchanté, {first_name} 😊", "Très bien, {first_name}."],
        "en": ["Thank you, {first_name}!", "Nice to meet you, {first_name} 😊", "Great, {first_name}."],
    },
    "reask_gender": {
        "fr": ["Je n'ai pas bien compris 🙏 Êtes-vous un homme ou une femme ?", "Pardon 🙏 Vous êtes un homme ou une femme ?"],
        "en": ["Sorry, I didn't quite get that 🙏 Are you a man or a woman?", "Sorry 🙏 Are you a man or a woman?"],
    },
    "reask_age": {
        "fr": ["Je n'ai pas bien compris votre âge 🙏 Pouvez-vous l'écrire en chiffres, par exemple « 34 ans » ?",
               "Pardon, quel âge avez-vous ? Par exemple « 34 » 🙏"],
        "en": ["Sorry, I didn't catch your age 🙏 Could you write it in digits, for example \"34\"?",
               "Sorry, how old are you? For example \"34\" 🙏"],
    },
    "reask_city": {
        "fr": ["Je n'ai pas reconnu cette ville 🙏 Dans quelle ville habitez-vous ? Nos membres sont surtout à {cities}.",
               "Pardon, dans quelle ville vivez-vous ? Par exemple {cities}."],
        "en": ["I didn't recognise that city 🙏 Which city do you live in? Most of our members are in {cities}.",
               "Sorry, which city do you live in? For example {cities}."],
    },
    "reask_looking_for_gender": {
        "fr": ["Pardon, je n'ai pas bien compris 🙏 Souhaitez-vous rencontrer un homme ou une femme ?",
               "Pour être sûr 🙏 vous cherchez un homme ou une femme ?"],
        "en": ["Sorry, I didn't quite get that 🙏 Would you like to meet a man or a woman?",
               "Just to be sure 🙏 are you looking for a man or a woman?"],
    },
    "reask_age_range": {
        "fr": ["Pardon, je n'ai pas compris la tranche d'âge 🙏 Écrivez par exemple « entre 30 et 40 ans » ou « peu importe ».",
               "Quelle tranche d'âge ? Par exemple « 25-35 ans », ou « peu importe » 🙏"],
        "en": ["Sorry, I didn't get the age range 🙏 Write for example \"between 30 and 40\" or \"any\".",
               "Which age range? For example \"25-35\", or \"any\" 🙏"],
    },
    "reask_preferred_city": {
        "fr": ["Pardon 🙏 Quelle ville préférez-vous ? Nos membres sont surtout à {cities}. Vous pouvez aussi répondre « peu importe ».",
               "Quelle ville aimeriez-vous ? Par exemple {cities}, ou « peu importe » 🙏"],
        "en": ["Sorry 🙏 Which city would you prefer? Most of our members are in {cities}. You can also say \"any\".",
               "Which city would you like? For example {cities}, or \"any\" 🙏"],
    },
    "confirm_gender": {
        "fr": "Pour être sûr de bien faire : vous êtes {gender_words} ?",
        "en": "Just to be sure: are you {gender_words}?",
    },
    "clarify_city": {
        "fr": "{city}, c'est votre ville ou celle de la personne que vous recherchez ?",
        "en": "{city}: is that where you live, or where the person you're looking for should live?",
    },
    "city_not_covered": {
        "fr": ["Nous n'avons pas encore de membres à {city} 🙏 Nos membres sont surtout à {nearby}.",
               "Pas encore de membres à {city} pour l'instant 🙏 Nous en avons par exemple à {nearby}."],
        "en": ["We don't have members in {city} yet 🙏 Most of our members are in {nearby}.",
               "No members in {city} for now 🙏 We have some in {nearby}, for example."],
    },
    "city_not_covered_propose": {
        "fr": ["Nous n'avons pas encore de membres à {city} 🙏 Les plus proches sont à {nearby} : voulez-vous que je cherche là-bas ?",
               "Pas encore de membres à {city} pour l'instant 🙏 Je peux chercher tout près, à {nearby} : cela vous convient ?"],
        "en": ["We don't have members in {city} yet 🙏 The nearest are in {nearby}: shall I look there?",
               "No members in {city} for now 🙏 I can look close by, in {nearby}. Shall I?"],
    },
    "too_young": {
        "fr": "Désolé, notre agence est réservée aux personnes de {minimum} ans et plus : nous ne pouvons pas vous accompagner. Prenez soin de vous 🙏",
        "en": "Sorry, our agency is only for people aged {minimum} and over, so we can't help you. Take care 🙏",
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
        "fr": ["C'est noté, merci de la précision 👍", "C'est corrigé, merci 👍"],
        "en": ["Noted, thanks for letting me know 👍", "Corrected, thank you 👍"],
    },
    "criteria_city": {
        "fr": ["C'est noté, je cherche maintenant à {city} 👍", "Entendu, place à {city} 👍"],
        "en": ["Noted, I'm now looking in {city} 👍", "All right, {city} it is 👍"],
    },
    "criteria_also_city": {
        "fr": ["C'est noté, j'ajoute {city} à votre recherche 👍", "Entendu, je cherche aussi à {city} 👍"],
        "en": ["Noted, I'm adding {city} to your search 👍", "All right, I'm looking in {city} too 👍"],
    },
    "criteria_updated": {
        "fr": ["C'est noté, je mets à jour votre recherche 👍", "Très bien, j'ajuste votre recherche 👍"],
        "en": ["Noted, I'm updating your search 👍", "All right, I'm adjusting your search 👍"],
    },
    "qualified": {
        "fr": ["Merci, j'ai tout ce qu'il me faut 🙏 Voici un premier profil qui pourrait vous plaire :",
               "Parfait, merci 🙏 Voici un premier profil pour vous :"],
        "en": ["Thank you, I have everything I need 🙏 Here is a first profile you might like:",
               "Perfect, thank you 🙏 Here is a first profile for you:"],
    },
    "qualified_named": {
        "fr": ["Merci {first_name}, j'ai tout ce qu'il me faut 🙏 Voici un premier profil qui pourrait vous plaire :",
               "Parfait, merci {first_name} 🙏 Voici un premier profil pour vous :"],
        "en": ["Thank you, {first_name}, I have everything I need 🙏 Here is a first profile you might like:",
               "Perfect, thank you {first_name} 🙏 Here is a first profile for you:"],
    },
    # ...when no profile suits yet: matching says so, or proposes to widen, right after.
    "qualified_no_card": {
        "fr": ["Merci, j'ai tout ce qu'il me faut 🙏", "Parfait, merci 🙏"],
        "en": ["Thank you, I have everything I need 🙏", "Perfect, thank you 🙏"],
    },
    "qualified_named_no_card": {
        "fr": ["Merci {first_name}, j'ai tout ce qu'il me faut 🙏", "Parfait, merci {first_name} 🙏"],
        "en": ["Thank you, {first_name}, I have everything I need 🙏", "Perfect, thank you {first_name} 🙏"],
    },
    "need_qualification_first": {
        "fr": "Avec plaisir ! Pour vous proposer des profils adaptés, j'ai d'abord besoin de quelques informations.",
        "en": "With pleasure! To suggest suitable profiles, I first need a few details.",
    },
    "not_eligible": {
        "fr": "Désolé, notre agence est réservée aux adultes : nous ne pouvons pas vous accompagner 🙏",
        "en": "Sorry, our agency is for adults only: we can't help you 🙏",
    },
}
