"""Site facts: what a prospect's public homepage says about how it takes enquiries.

Its language, a public contact e-mail, the contact form (on the homepage, or on the one
contact page it links to), whether a chat widget is installed (and which), and a better
business name than the domain when one was guessed. Read with the standard library's HTML
parser, without running the page's scripts: a widget is recognised by its loader's
address or snippet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from bot.lead_platform.prospects.fetching import Disallowed, Refused, SiteClient

# Loader addresses and snippets of the common chat widgets, by the name stored.
CHAT_WIDGETS: dict[str, tuple[str, ...]] = {
    "intercom": ("widget.intercom.io", "js.intercomcdn.com", "intercomsettings"),
    "crisp": ("client.crisp.chat", "$crisp"),
    "tawk.to": ("embed.tawk.to",),
    "drift": ("js.driftt.com", "drift.load("),
    "zendesk": ("static.zdassets.com", "zopim"),
    "livechat": ("cdn.livechatinc.com",),
    "hubspot": ("js.usemessages.com", "js.hs-scripts.com"),
    "tidio": ("code.tidio.co",),
    "freshchat": ("wchat.freshchat.com", "fcwidget"),
    "olark": ("static.olark.com",),
    "messenger": ("xfbml.customerchat",),
    "whatsapp": ("wa.me/", "api.whatsapp.com/send"),
}
_CONTACT_LINK = re.compile(r"contact|nous[-_ ]joindre|joindre|ecrivez|écrivez|devis|quote|get[-_ ]in[-_ ]touch",
                           re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
_NOT_EMAIL_TLDS = ("png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css")
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+")
_FRENCH = {"le", "la", "les", "des", "et", "est", "nous", "vous", "pour", "avec", "une", "du", "sur", "au",
           "votre", "notre", "dans", "qui", "pas", "plus"}
_ENGLISH = {"the", "and", "is", "we", "you", "for", "with", "our", "your", "to", "of", "in", "on", "are",
            "that", "this", "us", "from"}
MAX_TEXT = 20_000  # characters of visible text kept for the language guess and e-mails


@dataclass
class FormInfo:
    textareas: int = 0
    emails: int = 0
    text_fields: int = 0
    passwords: int = 0
    search: bool = False

    @property
    def is_contact_form(self) -> bool:
        """A message box, or an e-mail field among others; never a login or search form."""
        if self.passwords or self.search:
            return False
        return self.textareas > 0 or (self.emails > 0 and self.text_fields >= 2)


@dataclass
class PageReading:
    """What one HTML page contains that matters here."""

    lang: str | None = None
    title: str = ""
    site_name: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    mailtos: list[str] = field(default_factory=list)
    forms: list[FormInfo] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # script/iframe src, inline script text
    text: list[str] = field(default_factory=list)

    @property
    def has_contact_form(self) -> bool:
        return any(form.is_contact_form for form in self.forms)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageReading()
        self._form: FormInfo | None = None
        self._link: list[str] | None = None
        self._in: list[str] = []
        self._size = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        page = self.page
        if tag == "html" and a.get("lang"):
            page.lang = a["lang"]
        elif tag == "meta" and a.get("property") == "og:site_name" and a.get("content"):
            page.site_name = a["content"].strip()
        elif tag == "a" and "href" in a:
            href = a["href"].strip()
            if href.lower().startswith("mailto:"):
                page.mailtos.append(unquote(href[7:].split("?")[0]).strip())
            self._link = [href]
            page.sources.append(href)
        elif tag in ("script", "iframe") and a.get("src"):
            page.sources.append(a["src"])
        elif tag == "form":
            self._form = FormInfo(search=a.get("role") == "search" or "search" in a.get("action", "").lower())
            page.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea"):
            kind = a.get("type", "text").lower() if tag == "input" else "textarea"
            if kind == "textarea":
                self._form.textareas += 1
            elif kind == "email" or "mail" in a.get("name", "").lower():
                self._form.emails += 1
            elif kind == "password":
                self._form.passwords += 1
            elif kind == "search" or a.get("name") in ("q", "s", "search"):
                self._form.search = True
            elif kind in ("text", "tel", "url"):
                self._form.text_fields += 1
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "a" and self._link is not None:
            self.page.links.append((self._link[0], " ".join(self._link[1:]).strip()))
            self._link = None
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        current = self._in[-1] if self._in else ""
        if current == "script":
            self.page.sources.append(data[:2000])
        elif current == "title":
            self.page.title += data
        elif current != "style" and data.strip() and self._size < MAX_TEXT:
            self.page.text.append(data.strip())
            self._size += len(data)
            if self._link is not None:
                self._link.append(data.strip())


def read_page(html: str) -> PageReading:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


def chat_widget(page: PageReading) -> str | None:
    """Which chat widget the page loads, if any."""
    haystack = "\n".join(page.sources).lower()
    return next((name for name, marks in CHAT_WIDGETS.items() if any(m in haystack for m in marks)), None)


def language(page: PageReading) -> str | None:
    """The declared language (`<html lang>`), else French or English by their commonest words."""
    if page.lang:
        return page.lang.split("-")[0].split("_")[0].strip().lower()[:10] or None
    words = _WORD.findall(" ".join(page.text).lower())
    french, english = sum(w in _FRENCH for w in words), sum(w in _ENGLISH for w in words)
    if max(french, english) < 5:
        return None
    return "fr" if french > english else "en"


def contact_email(page: PageReading, website: str) -> str | None:
    """A mailto address, else one written in the text; the site's own domain first."""
    found = [m for m in page.mailtos if _EMAIL.fullmatch(m)]
    found += _EMAIL.findall(" ".join(page.text))
    found = [e.lower() for e in found if e.rsplit(".", 1)[-1].lower() not in _NOT_EMAIL_TLDS]
    domain = (urlsplit(website).hostname or "").removeprefix("www.")
    own = [e for e in found if e.endswith(("@" + domain, "." + domain))]
    return next(iter(own or found), None)


def contact_links(page: PageReading, base_url: str) -> list[str]:
    """Links to a contact page on the same site, most likely first."""
    host = (urlsplit(base_url).hostname or "").removeprefix("www.")
    found: list[str] = []
    for href, text in page.links:
        if not (_CONTACT_LINK.search(href) or _CONTACT_LINK.search(text)) or href.startswith(("mailto:", "tel:")):
            continue
        url = urljoin(base_url, href).split("#")[0]
        if (urlsplit(url).hostname or "").removeprefix("www.") == host and url not in found:
            found.append(url)
    return found


def business_name(page: PageReading) -> str | None:
    """og:site_name, else the title's first part ("Durand | Boulangerie à Lyon" → Durand)."""
    name = page.site_name or re.split(r"\s+[|–—·:-]\s+", page.title.strip())[0].strip()
    return name[:255] or None


@dataclass(frozen=True)
class SiteFacts:
    """The outcome of reading a prospect's site (facts only when status is ok)."""

    status: str  # ok, disallowed, refused, unreachable
    error: str | None = None
    language: str | None = None
    contact_email: str | None = None
    form_url: str | None = None
    chat_widget: str | None = None
    business_name: str | None = None

    @property
    def has_chat_widget(self) -> bool | None:
        return None if self.status != "ok" else self.chat_widget is not None


def read_site(website: str, *, client: SiteClient) -> SiteFacts:
    """Read the homepage (and, when the form is not there, the contact page it links to)."""
    try:
        home = client.get(website)
        if home.status >= 400:
            return SiteFacts("unreachable", error=f"the homepage answered HTTP {home.status}")
        if "html" not in home.content_type.lower():
            return SiteFacts("unreachable", error=f"the homepage is not HTML ({home.content_type or 'no type'})")
        page = read_page(home.text)
        form_url = home.url if page.has_contact_form else None
        widget, email = chat_widget(page), contact_email(page, website)
        for link in contact_links(page, home.url)[:2] if form_url is None else []:
            try:
                sub = client.get(link)
            except Disallowed:
                continue
            if sub.status >= 400 or "html" not in sub.content_type.lower():
                continue
            contact = read_page(sub.text)
            widget, email = widget or chat_widget(contact), email or contact_email(contact, website)
            if contact.has_contact_form:
                form_url = sub.url
                break
    except Disallowed as exc:
        return SiteFacts("disallowed", error=str(exc))
    except Refused as exc:
        return SiteFacts("refused", error=str(exc))
    except httpx.HTTPError as exc:
        return SiteFacts("unreachable", error=f"{type(exc).__name__}: {exc}"[:500])
    return SiteFacts("ok", language=language(page), contact_email=email, form_url=form_url,
                     chat_widget=widget, business_name=business_name(page))
