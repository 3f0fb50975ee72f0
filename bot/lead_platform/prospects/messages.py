"""The test enquiry a contact-form test sends, in French and English.

It says plainly that it is a test and who sends it, and asks two concrete questions (hours,
quotes) so that an answer that takes them up reads as personalised. `KEYWORDS` are the
words of those questions an answer would echo.
"""

from __future__ import annotations

FIRST_NAME = "Camille"
LAST_NAME = "Test"

SUBJECT = {
    "en": "Test enquiry: opening hours and quotes",
    "fr": "Demande test : horaires et devis",
}
MESSAGE = {
    "en": ("Hello,\n\nThis is a test enquiry sent by {sender} to measure how quickly contact forms are "
           "answered. Nobody is waiting on our side, but any reply is welcome.\n\n"
           "Could you tell us your opening hours, and whether you give quotes to small businesses?\n\n"
           "Reference: {reference}\nThank you,\n{first_name}"),
    "fr": ("Bonjour,\n\nCeci est une demande test envoyée par {sender} pour mesurer la rapidité de réponse "
           "des formulaires de contact. Personne n'attend de notre côté, mais toute réponse est la bienvenue.\n\n"
           "Pourriez-vous nous indiquer vos horaires d'ouverture, et si vous faites des devis pour les petites "
           "entreprises ?\n\nRéférence : {reference}\nMerci,\n{first_name}"),
}
KEYWORDS = {
    "en": ("opening hours", "open from", "hours", "quote", "quotes", "quotation", "small business"),
    "fr": ("horaires", "ouvert", "ouverture", "devis", "petites entreprises", "petite entreprise"),
}
