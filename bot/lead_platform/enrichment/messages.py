"""User-facing text of the lead capture agent (FR and EN): the auto-reply email."""

from __future__ import annotations

from typing import Any

REPLY: dict[str, dict[str, Any]] = {
    "en": {
        "subject": "Thank you for contacting {business}",
        "about": "We understand your message is about: {topic}.",
        "booking": "You can book a time that suits you here: {link}",
        "signature": "— The {business} team",
        "tones": {
            "Professional": {
                "greeting": "Hello,", "greeting_named": "Hello {name},",
                "thanks": "Thank you for your message to {business}; we have received it.",
                "next": "A member of our team will get back to you shortly.",
                "closing": "Best regards,",
            },
            "Friendly": {
                "greeting": "Hi there!", "greeting_named": "Hi {name}!",
                "thanks": "Thanks so much for reaching out to {business}, it's great to hear from you.",
                "next": "We'll get back to you very soon.",
                "closing": "Talk soon,",
            },
            "Formal": {
                "greeting": "Dear Sir or Madam,", "greeting_named": "Dear {name},",
                "thanks": "We acknowledge receipt of your message to {business} and thank you for it.",
                "next": "One of our advisers will reply to you at the earliest opportunity.",
                "closing": "Yours faithfully,",
            },
            "Energetic": {
                "greeting": "Hello!", "greeting_named": "Hello {name}!",
                "thanks": "Thank you for contacting {business}: we're excited to help!",
                "next": "Our team is on it and will be in touch very soon.",
                "closing": "See you soon,",
            },
        },
    },
    "fr": {
        "subject": "Merci d'avoir contacté {business}",
        "about": "Nous avons bien compris que votre message concerne : {topic}.",
        "booking": "Vous pouvez réserver un créneau qui vous convient ici : {link}",
        "signature": "— L'équipe {business}",
        "tones": {
            "Professional": {
                "greeting": "Bonjour,", "greeting_named": "Bonjour {name},",
                "thanks": "Merci pour votre message à {business} ; nous l'avons bien reçu.",
                "next": "Un membre de notre équipe vous répondra très prochainement.",
                "closing": "Bien cordialement,",
            },
            "Friendly": {
                "greeting": "Bonjour !", "greeting_named": "Bonjour {name} !",
                "thanks": "Merci beaucoup d'avoir écrit à {business}, ça nous fait plaisir.",
                "next": "On revient vers vous très vite.",
                "closing": "À très bientôt,",
            },
            "Formal": {
                "greeting": "Madame, Monsieur,", "greeting_named": "Bonjour {name},",
                "thanks": "Nous accusons bonne réception de votre message adressé à {business} et vous en remercions.",
                "next": "L'un de nos conseillers vous répondra dans les meilleurs délais.",
                "closing": "Veuillez agréer nos salutations distinguées,",
            },
            "Energetic": {
                "greeting": "Bonjour !", "greeting_named": "Bonjour {name} !",
                "thanks": "Merci d'avoir contacté {business} : nous avons hâte de vous aider !",
                "next": "Notre équipe s'en occupe et vous recontacte très vite.",
                "closing": "À très vite,",
            },
        },
    },
}
