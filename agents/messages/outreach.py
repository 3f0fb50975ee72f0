"""Texts of member outreach: the messages the agency sends first (a new compatible profile,
a gentle reminder to finish getting acquainted) and the answer to "non merci".

The agency writes first here, so each message is short, says why it arrives, and says
how to stop them. An alert names the profile by its code and first name only.
"""

from __future__ import annotations

from agents.messages.types import Entries

TEXTS: Entries = {
    "profile_alert": {
        "fr": ["Bonjour{name} 😊 Un nouveau profil qui correspond à votre recherche vient d'arriver : "
               "{first_name} (*{code}*). Voulez-vous le découvrir ?",
               "Bonne nouvelle{name} : {first_name} (*{code}*) vient de rejoindre l'agence et correspond "
               "à ce que vous cherchez 😊 Voulez-vous voir son profil ?"],
        "en": ["Hello{name} 😊 A new profile that matches what you're looking for has just arrived: "
               "{first_name} (*{code}*). Would you like to see it?",
               "Good news{name}: {first_name} (*{code}*) has just joined the agency and matches what "
               "you're looking for 😊 Would you like to see the profile?"],
    },
    "reengage": {
        "fr": ["Bonjour{name} 😊 Nous avions commencé à faire connaissance : il ne me manque que quelques "
               "réponses pour vous présenter des profils qui vous correspondent. On reprend ? "
               "Répondez simplement à ce message."],
        "en": ["Hello{name} 😊 We had started getting to know each other: I only need a few more answers "
               "to show you profiles that suit you. Shall we carry on? Just reply to this message."],
    },
    "outreach_stop": {
        "fr": "(Répondez STOP pour ne plus recevoir ces messages.)",
        "en": "(Reply STOP to stop these messages.)",
    },
    "offer_declined": {
        "fr": ["Très bien 🙂 Écrivez *SUIVANT* quand vous voudrez découvrir d'autres profils.",
               "C'est noté 🙂 Je reste là : écrivez *SUIVANT* quand vous le souhaitez."],
        "en": ["All right 🙂 Write *NEXT* whenever you'd like to see other profiles.",
               "Noted 🙂 I'm here: write *NEXT* whenever you like."],
    },
}
