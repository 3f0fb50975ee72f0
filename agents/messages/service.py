"""Texts of the service itself: advisers, questions, small talk, consent, erasure."""

from __future__ import annotations

from agents.messages.types import Entries

TEXTS: Entries = {
    "handoff_open": {
        "fr": ["Je transmets votre conversation à un conseiller, qui vous répond ici même dans les minutes qui viennent 🙏",
               "Un conseiller prend le relais et vous répond ici très vite 🙏"],
        "en": ["I'm passing your conversation to an adviser, who will reply right here within minutes 🙏",
               "An adviser is taking over and will reply right here very soon 🙏"],
    },
    "handoff_closed": {
        "fr": "Je transmets votre conversation à un conseiller 🙏 Nos conseillers répondent {hours} : vous aurez une réponse {next_opening}. En attendant, je reste là pour vos questions.",
        "en": "I'm passing your conversation to an adviser 🙏 Our advisers answer {hours}: you'll get a reply {next_opening}. Meanwhile, I'm still here for your questions.",
    },
    "handoff_complaint": {
        "fr": "Je suis vraiment désolé pour ce désagrément 🙏",
        "en": "I'm really sorry about this 🙏",
    },
    "handoff_not_understood": {
        "fr": "Je crains de ne pas bien vous comprendre 🙏",
        "en": "I'm afraid I'm not understanding you well 🙏",
    },
    "waiting_human": {
        "fr": ["Votre message est bien transmis 🙏 Un conseiller vous répond {when}.",
               "C'est noté, le conseiller verra votre message 🙏 Réponse {when}."],
        "en": ["Your message has been passed on 🙏 An adviser will reply {when}.",
               "Noted, the adviser will see your message 🙏 Reply {when}."],
    },
    "waiting_ping": {
        "fr": ["Oui, je suis là 🙂 Votre demande est bien chez un conseiller, il vous répond {when}. "
               "En attendant, je peux répondre à vos questions sur l'agence.",
               "Toujours là 🙏 Un conseiller a votre message et vous répond {when}. "
               "Une question sur l'agence en attendant ?"],
        "en": ["Yes, I'm here 🙂 An adviser has your request and will reply {when}. "
               "Meanwhile I can answer your questions about the agency.",
               "Still here 🙏 An adviser has your message and will reply {when}. "
               "Any question about the agency meanwhile?"],
    },
    "taken_back": {
        "fr": ["Très bien, je reprends avec vous 😊", "Parfait, je continue avec vous 😊"],
        "en": ["Great, I'll carry on with you 😊", "Perfect, let's carry on 😊"],
    },
    "when_soon": {"fr": "dans les minutes qui viennent", "en": "within minutes"},
    "handback": {
        "fr": "Pardon pour l'attente 🙏 Aucun conseiller n'a pu vous répondre pour l'instant ; je reprends notre conversation et un conseiller vous recontactera dès que possible. Que puis-je faire pour vous ?",
        "en": "Sorry for the wait 🙏 No adviser could reply yet; I'm taking our conversation back and an adviser will get back to you as soon as possible. How can I help?",
    },
    "faq_unknown": {
        "fr": ["Je n'ai pas la réponse exacte à cette question 🙏 Voulez-vous qu'un conseiller vous réponde ?",
               "Bonne question, mais je n'ai pas cette information 🙏 Je peux la transmettre à un conseiller : voulez-vous ?"],
        "en": ["I don't have the exact answer to that 🙏 Would you like an adviser to answer you?",
               "Good question, but I don't have that information 🙏 I can pass it to an adviser: would you like that?"],
    },
    "not_understood": {
        "fr": ["Pardon, je n'ai pas bien compris 🙏 Pouvez-vous reformuler ?",
               "Désolé, je n'ai pas saisi 🙏 Vous pouvez me poser une question, demander des profils, ou écrire *CONSEILLER* pour parler à une personne.",
               "Hmm, je ne suis pas sûr de comprendre 🙏 Pouvez-vous le dire autrement ?"],
        "en": ["Sorry, I didn't quite understand 🙏 Could you rephrase?",
               "Sorry, I didn't get that 🙏 You can ask me a question, ask for profiles, or write *ADVISER* to talk to a person.",
               "Hmm, I'm not sure I understand 🙏 Could you say it differently?"],
    },
    "clarify_intent": {
        "fr": "Pardon, je veux être sûr de bien vous comprendre 🙏 Vous voulez :",
        "en": "Sorry, I want to be sure I understand 🙏 Would you like to:",
    },
    "confirm_handoff": {
        "fr": "Voulez-vous que je vous passe un conseiller ? Répondez *OUI* ou *NON*.",
        "en": "Would you like me to put you through to an adviser? Reply *YES* or *NO*.",
    },
    "thanks_reply": {
        "fr": ["Avec plaisir 😊", "Je vous en prie 😊", "De rien, c'est un plaisir 😊"],
        "en": ["You're welcome 😊", "My pleasure 😊", "Anytime 😊"],
    },
    "anything_else": {
        "fr": ["Puis-je vous aider pour autre chose ?", "Je reste là si vous avez une question.",
               "Écrivez *SUIVANT* pour voir un profil, ou posez-moi une question."],
        "en": ["Can I help with anything else?", "I'm here if you have any question.",
               "Write *NEXT* to see a profile, or ask me a question."],
    },
    "declined_human": {
        "fr": ["Très bien 👍 Je reste à votre disposition.", "D'accord 👍 Je suis là si besoin."],
        "en": ["All right 👍 I'm here if you need me.", "OK 👍 I'm here if you need anything."],
    },
    "is_bot": {
        "fr": ["Je suis l'assistant virtuel de {agency} 🤖 Je réponds à toute heure ; une vraie personne de l'agence peut prendre le relais quand vous le souhaitez (écrivez *CONSEILLER*).",
               "Je suis un assistant automatique 🤖, pas une personne. Les conseillers de {agency} sont de vraies personnes : écrivez *CONSEILLER* pour leur parler."],
        "en": ["I'm {agency}'s virtual assistant 🤖 I answer at any time; a real person from the agency can take over whenever you like (write *ADVISER*).",
               "I'm an automated assistant 🤖, not a person. {agency}'s advisers are real people: write *ADVISER* to talk to them."],
    },
    "flirt": {
        "fr": ["C'est gentil 😊 Mais je ne suis que l'assistant de l'agence ! Mon rôle, c'est de vous présenter des personnes qui vous correspondent.",
               "Merci 😄 Je garde mes compliments pour les profils que je vous présente !"],
        "en": ["That's kind 😊 But I'm only the agency's assistant! My job is to introduce you to people who suit you.",
               "Thank you 😄 I'll save the compliments for the profiles I show you!"],
    },
    "chitchat": {
        "fr": ["😊 Je ne suis pas très doué pour parler de ça ! Je peux en revanche vous présenter des profils ou répondre à vos questions sur l'agence.",
               "Ah, je ne suis qu'un assistant de rencontres 😄 Voulez-vous voir des profils ?"],
        "en": ["😊 I'm not much good at that topic! I can, however, show you profiles or answer your questions about the agency.",
               "Ah, I'm only a matchmaking assistant 😄 Would you like to see some profiles?"],
    },
    # Small talk while a question of ours is pending (it is asked again right after): a word
    # of sympathy, no offer that would change the subject.
    "chitchat_pending": {
        "fr": ["Ah, je vois 😄", "Je vous comprends 😄", "Haha, je note 😄"],
        "en": ["Ah, I see 😄", "I hear you 😄", "Haha, noted 😄"],
    },
    # The weather, as members mention it ("il fait trop chaud à dla", "la pluie là ce matin").
    "weather_heat": {
        "fr": ["Ah, cette chaleur ! Pensez à bien vous hydrater 💧", "Il fait lourd en ce moment, courage 🥵"],
        "en": ["Oh, this heat! Do stay hydrated 💧", "It's sweltering at the moment, hang in there 🥵"],
    },
    "weather_rain": {
        "fr": ["Oh, cette pluie ! J'espère que vous êtes bien au sec ☔", "Quelle pluie… restez bien à l'abri ☔"],
        "en": ["Oh, the rain! I hope you're keeping dry ☔", "What rain… stay safe and dry ☔"],
    },
    "weather_cold": {
        "fr": ["Brr, couvrez-vous bien 🧣", "Il fait frais ! Restez bien au chaud 🧣"],
        "en": ["Brr, wrap up warm 🧣", "Chilly! Do keep warm 🧣"],
    },
    "opted_out": {
        "fr": "C'est noté : vous ne recevrez plus de messages de notre part. Écrivez *START* à tout moment pour reprendre.",
        "en": "Done: you won't receive any more messages from us. Write *START* at any time to resume.",
    },
    "opted_in": {
        "fr": "Bon retour parmi nous 😊 Vos messages sont réactivés.",
        "en": "Welcome back 😊 Your messages are switched back on.",
    },
    "opted_in_qualified": {
        "fr": "Bon retour parmi nous 😊 Vos messages sont réactivés. Écrivez *SUIVANT* pour voir de nouveaux profils.",
        "en": "Welcome back 😊 Your messages are switched back on. Write *NEXT* to see new profiles.",
    },
    "delete_confirm": {
        "fr": "Vous souhaitez que nous effacions toutes vos données (profil, messages, historique) ? C'est définitif. Répondez *OUI* pour confirmer.",
        "en": "Would you like us to erase all your data (profile, messages, history)? This can't be undone. Reply *YES* to confirm.",
    },
    "delete_done": {
        "fr": "C'est fait : toutes vos données seront effacées dans quelques instants. Merci de nous avoir fait confiance 🙏 Si vous revenez un jour, il suffira de nous écrire.",
        "en": "Done: all your data will be erased in a few moments. Thank you for trusting us 🙏 If you ever come back, just write to us.",
    },
    "delete_cancelled": {
        "fr": "Très bien, rien n'a été effacé 👍",
        "en": "All right, nothing has been erased 👍",
    },
    "button_adviser": {"fr": "Un conseiller", "en": "An adviser"},
    "button_man": {"fr": "Un homme", "en": "A man"},
    "button_woman": {"fr": "Une femme", "en": "A woman"},
    "button_any": {"fr": "Peu importe", "en": "Any"},
    "button_mine": {"fr": "Ma ville", "en": "Where I live"},
    "button_theirs": {"fr": "Celle recherchée", "en": "Where they live"},
    # What each intent means, as a choice offered when the bot is unsure.
    "choice_show_profiles": {"fr": "Voir des profils", "en": "See profiles"},
    "choice_next_profile": {"fr": "Profil suivant", "en": "Next profile"},
    "choice_question": {"fr": "Poser une question", "en": "Ask a question"},
    "choice_interest": {"fr": "Une mise en relation", "en": "An introduction"},
    "choice_human": {"fr": "Parler à un conseiller", "en": "Talk to an adviser"},
    "choice_answer": {"fr": "Répondre à vos questions", "en": "Answer your questions"},
    "choice_change_criteria": {"fr": "Changer mes critères", "en": "Change my criteria"},
    "choice_view_profile": {"fr": "Revoir un profil", "en": "See a profile again"},
    "choice_profile_question": {"fr": "En savoir plus sur ce profil", "en": "Know more about this profile"},
    "choice_opt_out": {"fr": "Ne plus recevoir de messages", "en": "Stop receiving messages"},
    "choice_delete_data": {"fr": "Effacer mes données", "en": "Erase my data"},
    "choice_complaint": {"fr": "Signaler un problème", "en": "Report a problem"},
}
