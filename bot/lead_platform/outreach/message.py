"""The message an outreach e-mail becomes: tracked HTML and plain text, footer, headers.

- Message-ID `<token@outreach domain>` and Reply-To `reply+token@outreach domain`: a
  reply or a bounce report names the e-mail it answers (tokens.py);
- the envelope sender (MAIL FROM, which the receiving server writes as Return-Path) is
  `bounce+token@bounce domain`: bounce reports go to it, so each names its e-mail by the
  address it is delivered to, even one that quotes neither Message-ID nor In-Reply-To;
- List-Unsubscribe with a mailto and the one-click URL, and List-Unsubscribe-Post
  (RFC 8058), which Gmail and Yahoo require of bulk senders;
- follow-ups are In-Reply-To / References of the e-mail before them (one thread);
- the footer names the client with its postal address and the unsubscribe link;
- the HTML part carries the open pixel, and its links go through the click redirect,
  each signed for this e-mail; the plain-text part keeps the links as written.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from urllib.parse import quote

from bot.core.settings import Settings
from bot.lead_platform.outreach import tokens
from bot.lead_platform.outreach.content_rules import links_in
from bot.lead_platform.outreach.messages import FOOTER


@dataclass(frozen=True)
class Outgoing:
    """Everything `send_email` needs for one outreach e-mail."""

    sender: str
    envelope_sender: str
    to: str
    subject: str
    text: str
    html: str
    reply_to: str
    message_id: str
    headers: dict[str, str]


def base_url(settings: Settings) -> str:
    return (settings.public_base_url or f"http://{settings.host}:{settings.port}").rstrip("/")


def tracking_urls(settings: Settings, email_id: uuid.UUID | str) -> dict[str, str]:
    """The pixel, unsubscribe and click-prefix URLs of an e-mail."""
    token = tokens.make_token(settings.secret_key.get_secret_value(), email_id)
    base = base_url(settings)
    return {"token": token, "pixel": f"{base}/t/o/{token}.gif", "unsubscribe": f"{base}/t/u/{token}",
            "click": f"{base}/t/c/{token}"}


def click_url(settings: Settings, email_id: uuid.UUID | str, url: str) -> str:
    secret = settings.secret_key.get_secret_value()
    signature = tokens.url_signature(secret, email_id, url)
    return f"{tracking_urls(settings, email_id)['click']}?u={quote(url, safe='')}&s={signature}"


def _linked(settings: Settings, email_id: uuid.UUID | str, paragraph: str, *, unsubscribe: str) -> str:
    """A paragraph as HTML: each link an anchor, through the click redirect unless it is the unsubscribe link."""
    out, position = [], 0
    for link in links_in(paragraph):
        start = paragraph.index(link, position)
        absolute = link if "://" in link else f"https://{link}"
        target = link if link == unsubscribe else click_url(settings, email_id, absolute)
        out += [html.escape(paragraph[position:start]),
                f'<a href="{html.escape(target, quote=True)}">{html.escape(link)}</a>']
        position = start + len(link)
    out.append(html.escape(paragraph[position:]))
    return "".join(out)


def _html(settings: Settings, email_id: uuid.UUID | str, text: str, *, pixel: str, unsubscribe: str) -> str:
    """Paragraphs of the plain text with their links, and the open pixel."""
    body = "\n".join("<p>" + _linked(settings, email_id, p, unsubscribe=unsubscribe).replace("\n", "<br>\n") + "</p>"
                     for p in re.split(r"\n{2,}", text.strip()))
    return (f'<!doctype html><html><body>\n{body}\n<img src="{html.escape(pixel, quote=True)}" width="1" '
            f'height="1" alt="">\n</body></html>')


def sender_of(settings: Settings, business: str) -> str:
    """The From header: the client's name on the service's sending address."""
    _name, address = parseaddr(settings.smtp_from)
    return formataddr((business, address or settings.smtp_from))


def build(settings: Settings, *, email_id: uuid.UUID | str, to: str, subject: str, body: str, language: str,
          business: str, postal_address: str, in_reply_to: str | None = None) -> Outgoing:
    """The message of one outreach e-mail (module docstring)."""
    urls = tracking_urls(settings, email_id)
    domain = settings.outreach_domain
    footer = FOOTER.get(language, FOOTER["en"]).format(business=business, address=postal_address,
                                                      unsubscribe=urls["unsubscribe"])
    text = f"{body.rstrip()}\n\n{footer}\n"
    reply_to = f"{tokens.REPLY_PREFIX}+{urls['token']}@{domain}"
    bounce_token = tokens.make_token(settings.secret_key.get_secret_value(), email_id, purpose=tokens.BOUNCE_PREFIX)
    envelope_sender = f"{tokens.BOUNCE_PREFIX}+{bounce_token}@{settings.bounce_domain or domain}"
    headers = {
        "List-Unsubscribe": f"<mailto:{reply_to}?subject=unsubscribe>, <{urls['unsubscribe']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
        headers["References"] = in_reply_to
    return Outgoing(sender=sender_of(settings, business), envelope_sender=envelope_sender,
                    to=to, subject=subject, text=text,
                    html=_html(settings, email_id, text, pixel=urls["pixel"], unsubscribe=urls["unsubscribe"]),
                    reply_to=reply_to, message_id=f"<{urls['token']}@{domain}>", headers=headers)
