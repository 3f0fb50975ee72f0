"""Text of the lead API: error details (EN, for developers) and the thank-you page (FR/EN)."""

from __future__ import annotations

UNAUTHORIZED = "missing or invalid API key"
RATE_LIMITED = "too many leads for this API key; retry later"
ORIGIN_REFUSED = "this origin is not allowed for this API key"
MANAGE_RATE_LIMITED = "too many requests for this API key; retry later"
FORM_KEY_REFUSED = ("this is a publishable form key: it only posts leads (POST /api/lead); "
                    "manage leads with the client's secret key (sk_...), from a server")
SECRET_KEY_IN_BROWSER = ("a secret key is never accepted from a browser (the request has an Origin header): "
                         "call from a server, and put only the publishable form key (pk_...) in web pages")
UNAVAILABLE = "the service is temporarily unavailable; retry later"

THANK_YOU = {
    "en": {"title": "Thank you", "body": "Your message has been received. We will get back to you soon.",
           "back": "Back to the site"},
    "fr": {"title": "Merci", "body": "Votre message a bien été reçu. Nous revenons vers vous très vite.",
           "back": "Retour au site"},
}
