"""Outreach text in French and English: the e-mail footer and the paragraphs written from facts.

The campaign screens' labels are in `screen_texts.py`. `{placeholders}` are filled by the caller.
"""

from __future__ import annotations

FOOTER: dict[str, str] = {
    "en": "—\n{business} · {address}\nYou are receiving this e-mail because {business} thought it could be "
          "useful to you. You can unsubscribe in one click: {unsubscribe}",
    "fr": "—\n{business} · {address}\nVous recevez cet e-mail car {business} a pensé qu'il pouvait vous être "
          "utile. Vous pouvez vous désinscrire en un clic : {unsubscribe}",
}

# The paragraph the agent writes from facts alone (no model): each sentence states one fact.
FACT_LINES: dict[str, dict[str, str]] = {
    "en": {
        "form_answered": "On {date} we sent a question through the contact form of {website}; "
                         "the first answer came {delay} later.",
        "form_autoreply": "On {date} we sent a question through the contact form of {website}; "
                          "an automatic acknowledgement came {delay} later.",
        "form_unanswered": "On {date} we sent a question through the contact form of {website} "
                           "and have had no answer since.",
        "no_chat": "Visitors of {website} with a question cannot ask it in a live chat.",
        "lead_enquiry": "Thank you again for your message of {date} about {topic}.",
        "lead_message": "Thank you again for your message of {date}.",
    },
    "fr": {
        "form_answered": "Le {date}, nous avons posé une question via le formulaire de contact de {website} ; "
                         "la première réponse est arrivée {delay} plus tard.",
        "form_autoreply": "Le {date}, nous avons posé une question via le formulaire de contact de {website} ; "
                          "un accusé de réception automatique est arrivé {delay} plus tard.",
        "form_unanswered": "Le {date}, nous avons posé une question via le formulaire de contact de {website} "
                           "et n'avons pas eu de réponse depuis.",
        "no_chat": "Les visiteurs de {website} qui ont une question ne peuvent pas la poser dans un chat.",
        "lead_enquiry": "Merci encore pour votre message du {date} au sujet de : {topic}.",
        "lead_message": "Merci encore pour votre message du {date}.",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}
UNITS: dict[str, dict[str, tuple[str, str]]] = {  # (one, many)
    "en": {"minute": ("minute", "minutes"), "hour": ("hour", "hours"), "day": ("day", "days")},
    "fr": {"minute": ("minute", "minutes"), "hour": ("heure", "heures"), "day": ("jour", "jours")},
}
