"""A small business's website on loopback, for site facts and contact-form tests.

A French bakery: a homepage (language, a mailto address, a chat widget's loader, a link
to the contact page), robots.txt (keeps crawlers out of /private/), a contact form
(name, e-mail, optional phone, message, required consent, a hidden honeypot) whose POST
sends an autoresponder e-mail over SMTP to the address given (as the site's mail plugin
would), a form that insists on a phone number, one behind a CAPTCHA, a page larger than
any limit, and a redirect. Everything it received is kept for the test to read.
"""

from __future__ import annotations

import smtplib
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOME = """<!doctype html>
<html lang="fr-FR"><head><meta charset="utf-8">
<title>Boulangerie Durand | Pains et gâteaux à Lyon</title>
<meta property="og:site_name" content="Boulangerie Durand">
<script src="https://embed.tawk.to/5f2a/default" async></script>
</head><body>
<h1>Boulangerie Durand</h1>
<p>Nous sommes ouverts du mardi au dimanche. Pour une commande, écrivez-nous à
<a href="mailto:bonjour@boulangerie-durand.fr?subject=Commande">bonjour@boulangerie-durand.fr</a>.</p>
<form role="search" action="/recherche"><input name="q"></form>
<a href="/contact">Contactez-nous</a> <a href="/private/admin">Admin</a>
</body></html>"""

CONTACT = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Contact</title>
<style>.hp { display: none; }</style></head><body>
<h1>Contact</h1>
<form method="post" action="/contact">
  <label for="nom">Votre nom</label> <input id="nom" name="nom" required>
  <label for="courriel">Votre e-mail</label> <input id="courriel" name="courriel" type="email" required>
  <label for="tel">Téléphone (facultatif)</label> <input id="tel" name="telephone" type="tel">
  <label for="msg">Votre message</label> <textarea id="msg" name="message" required></textarea>
  <input class="hp" name="url_site" tabindex="-1" autocomplete="off">
  <label><input type="checkbox" name="rgpd" required> J'accepte que mes données soient utilisées</label>
  <label><input type="checkbox" name="newsletter"> Je veux la newsletter</label>
  <button>Envoyer</button>
</form></body></html>"""

PHONE_CONTACT = """<!doctype html><html lang="fr"><body><form method="post" action="/contact">
  <input name="nom" placeholder="Nom" required> <input name="email" type="email" required>
  <input name="telephone" type="tel" placeholder="Téléphone" required>
  <textarea name="message" required></textarea> <button type="submit">Envoyer</button>
</form></body></html>"""

CAPTCHA_CONTACT = """<!doctype html><html lang="fr"><body><form method="post" action="/contact">
  <input name="email" type="email"> <textarea name="message"></textarea>
  <div class="g-recaptcha" data-sitekey="x"></div> <button type="submit">Envoyer</button>
</form></body></html>"""

THANKS = "<!doctype html><html lang='fr'><body><p>Merci ! Votre message a bien été envoyé.</p></body></html>"
ROBOTS = "User-agent: *\nDisallow: /private/\n"
AUTORESPONDER_SUBJECT = "Réponse automatique : nous avons bien reçu votre message"
AUTORESPONDER_BODY = ("Bonjour,\n\nNous avons bien reçu votre message et nous vous répondrons dans les plus brefs "
                      "délais.\n\nL'équipe de la Boulangerie Durand\n")


class _Handler(BaseHTTPRequestHandler):
    server: BusinessSite

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.server.visits.append(path)
        pages = {"/": HOME, "/contact": CONTACT, "/contact-phone": PHONE_CONTACT,
                 "/contact-captcha": CAPTCHA_CONTACT, "/private/admin": "<html><body>admin</body></html>"}
        if path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        elif path == "/old-home":
            self.send_response(301)
            self.send_header("Location", "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/big":
            self._send(200, "<html><body>" + "<p>du pain</p>" * 100_000 + "</body></html>", "text/html")
        elif path in pages:
            self._send(200, pages[path], "text/html; charset=utf-8")
        else:
            self._send(404, "<html><body>introuvable</body></html>", "text/html")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.server.submissions.append(form)
        address = form.get("courriel") or form.get("email")
        if address and self.server.smtp_port:
            self._autoresponder(address)
        self._send(200, THANKS, "text/html; charset=utf-8")

    def _autoresponder(self, address: str) -> None:
        message = EmailMessage()
        message["From"] = "Boulangerie Durand <no-reply@boulangerie-durand.fr>"
        message["To"] = address
        message["Subject"] = AUTORESPONDER_SUBJECT
        message["Auto-Submitted"] = "auto-replied"
        message.set_content(AUTORESPONDER_BODY)
        with smtplib.SMTP("127.0.0.1", self.server.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)

    def _send(self, status: int, text: str, content_type: str) -> None:
        raw = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class BusinessSite(ThreadingHTTPServer):
    """The site on a free loopback port; `smtp_port` is where its autoresponder sends."""

    daemon_threads = True

    def __init__(self, *, smtp_port: int | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.smtp_port = smtp_port
        self.visits: list[str] = []
        self.submissions: list[dict[str, str]] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> BusinessSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
