"""Submitting a contact form once, in a real browser (Playwright driving Debian's Chromium).

The page is opened as a visitor would, the contact form found (the one with a message box,
never a login or search form; in the page or an embedded frame), its visible fields filled
from the enquiry by what their name, label or placeholder say, required consent boxes
ticked, and the form sent with its own button. Nothing is invented: a form that insists on
something the enquiry does not have (a phone number, a file, an unknown required field) or
that a CAPTCHA protects is not sent, and the reason says so. Hidden fields (honeypots) are
left alone. Only public addresses are requested (as for the site facts), and images, fonts
and media are not loaded.
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bot.lead_platform.prospects.fetching import USER_AGENT, is_public

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Locator, Page, Request, Response, Route

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]
SKIPPED_RESOURCES = {"image", "media", "font"}
PAGE_TIMEOUT_MS = 20_000
SEND_WAIT_SECONDS = 10.0  # how long the sending request may take to answer
FIELD_ATTR = "data-matchbot-field"

# Marks every field of the chosen form and describes it (runs in the page).
DESCRIBE_FIELDS = """(form, attr) => Array.from(form.elements).map((el, i) => {
  el.setAttribute(attr, String(i));
  const style = window.getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const label = (el.labels && el.labels.length ? el.labels[0].innerText : '') || el.getAttribute('aria-label') || '';
  return {index: i, tag: el.tagName.toLowerCase(), type: (el.getAttribute('type') || el.type || '').toLowerCase(),
          name: el.name || '', id: el.id || '', label: label, placeholder: el.getAttribute('placeholder') || '',
          autocomplete: el.getAttribute('autocomplete') || '', required: !!el.required,
          visible: style.display !== 'none' && style.visibility !== 'hidden' && rect.width > 0 && rect.height > 0,
          options: el.tagName === 'SELECT' ? Array.from(el.options).map(o => o.value).filter(v => v) : []};
})"""
# Index of the likeliest contact form of a document, or -1.
FIND_FORM = """() => {
  let best = -1, bestScore = 0;
  Array.from(document.forms).forEach((f, i) => {
    const els = Array.from(f.elements);
    if (els.some(e => e.type === 'password') || f.getAttribute('role') === 'search') return;
    const areas = els.filter(e => e.tagName === 'TEXTAREA').length;
    const mails = els.filter(e => e.type === 'email' || /mail/i.test(e.name || '')).length;
    const texts = els.filter(e => ['text', 'tel', 'url'].includes(e.type)).length;
    const score = areas * 3 + mails * 2 + texts;
    if ((areas > 0 || (mails > 0 && texts >= 2)) && score > bestScore) { best = i; bestScore = score; }
  });
  return best;
}"""
CAPTCHA = re.compile(r"recaptcha|hcaptcha|challenges\.cloudflare\.com|turnstile|captcha", re.IGNORECASE)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"e-?mail|courriel|mail")),
    ("phone", re.compile(r"phone|t[ée]l[ée]?phone|\btel\b|mobile|portable|gsm")),
    ("website", re.compile(r"website|site web|\bsite\b|\burl\b")),
    ("subject", re.compile(r"subject|objet|sujet|topic")),
    ("message", re.compile(r"message|comment|demande|question|enquiry|inquiry|details|précisions|body")),
    ("company", re.compile(r"company|soci[ée]t[ée]|entreprise|organi[sz]ation|business|raison sociale|structure")),
    ("first_name", re.compile(r"first|pr[ée]nom|given|fname")),
    ("last_name", re.compile(r"last|surname|family|lname|nom de famille")),
    ("name", re.compile(r"name|\bnom\b|your-name")),
]


class BrowserUnavailable(Exception):
    """Chromium could not be started: nothing about the prospect's form."""


@dataclass(frozen=True)
class Enquiry:
    """What the form is filled with."""

    first_name: str
    last_name: str
    company: str
    email: str
    subject: str
    message: str


@dataclass
class Submission:
    """The outcome: sent (with when) or not (with why), and what was done."""

    sent: bool
    reason: str | None = None
    submitted_at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)


def field_kind(description: dict[str, Any]) -> str | None:
    """What a form field asks for, from its type, name, id, label, placeholder and autocomplete."""
    kind = description["type"]
    if description["tag"] == "textarea":
        return "message"
    if kind in ("email", "tel", "url"):
        return {"email": "email", "tel": "phone", "url": "website"}[kind]
    text = " ".join(str(description[k]) for k in ("name", "id", "label", "placeholder", "autocomplete")).lower()
    return next((name for name, pattern in _PATTERNS if pattern.search(text)), None)


def plan_fields(fields: list[dict[str, Any]], enquiry: Enquiry) -> tuple[list[tuple[int, str, str]], str | None]:
    """(index, action, value) for each field to touch, or the reason the form cannot be filled."""
    values = {"email": enquiry.email, "subject": enquiry.subject, "message": enquiry.message,
              "company": enquiry.company, "first_name": enquiry.first_name, "last_name": enquiry.last_name,
              "name": f"{enquiry.first_name} {enquiry.last_name}"}
    plan: list[tuple[int, str, str]] = []
    radios: set[str] = set()
    for f in fields:
        label = f["label"].strip() or f["placeholder"] or f["name"] or f["id"] or f"field {f['index'] + 1}"
        if f["tag"] in ("button", "fieldset", "object", "output") or f["type"] in (
                "hidden", "submit", "button", "image", "reset") or not f["visible"]:
            continue
        if f["type"] == "checkbox":
            if f["required"]:
                plan.append((f["index"], "check", ""))
            continue
        if f["type"] == "radio":
            if f["required"] and f["name"] not in radios:
                radios.add(f["name"])
                plan.append((f["index"], "check", ""))
            continue
        if f["tag"] == "select":
            if f["required"]:
                if not f["options"]:
                    return plan, f"the required choice {label!r} has no option"
                plan.append((f["index"], "select", f["options"][0]))
            continue
        if f["type"] == "file":
            if f["required"]:
                return plan, f"the form requires a file ({label!r})"
            continue
        kind = field_kind(f)
        if kind in values:
            plan.append((f["index"], "fill", values[kind]))
        elif f["required"]:
            what = {"phone": "a phone number", "website": "a website"}.get(kind or "", "an answer the test has not")
            return plan, f"the form requires {what} ({label!r})"
    filled = {action_value for _, action, action_value in plan if action == "fill"}
    if enquiry.email not in filled:
        return plan, "the form has no e-mail field, so no answer could reach the test"
    if enquiry.message not in filled:
        return plan, "the form has no field for a message"
    return plan, None


class _Guard:
    """Aborts requests to non-public addresses (unless allowed) and to images, fonts and media."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private
        self.verdicts: dict[str, bool] = {}
        self.refused: list[str] = []

    def allows(self, host: str) -> bool:
        if self.allow_private:
            return True
        if host not in self.verdicts:
            try:
                addresses = {info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)}
            except OSError:
                addresses = set()
            self.verdicts[host] = bool(addresses) and all(is_public(str(a)) for a in addresses)
        return self.verdicts[host]

    def __call__(self, route: Route) -> None:
        request = route.request
        host = urlsplit(request.url).hostname or ""
        if request.resource_type in SKIPPED_RESOURCES:
            route.abort()
        elif not self.allows(host):
            self.refused.append(host)
            route.abort("addressunreachable")
        else:
            route.continue_()


def _find_form(page: Page) -> tuple[Frame, Locator] | None:
    for frame in [page.main_frame, *page.main_frame.child_frames]:
        try:
            index = frame.evaluate(FIND_FORM)
        except Exception:  # noqa: BLE001 -- a frame that went away or refuses scripts: try the next
            continue
        if isinstance(index, int) and index >= 0:
            return frame, frame.locator("form").nth(index)
    return None


def submit(*, url: str, enquiry: Enquiry, chromium_path: str, allow_private: bool) -> Submission:
    """Open `url`, fill its contact form with the enquiry and send it, once."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    guard = _Guard(allow_private=allow_private)
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=BROWSER_ARGS)
        except PlaywrightError as exc:
            raise BrowserUnavailable(f"Chromium at {chromium_path} did not start: {exc.message[:200]}") from None
        try:
            context = browser.new_context(user_agent=USER_AGENT, locale="fr-FR")
            context.route("**/*", guard)
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            return _fill_and_send(page, url=url, enquiry=enquiry, guard=guard)
        except PlaywrightError as exc:
            return Submission(False, f"the page could not be used: {exc.message.splitlines()[0][:300]}",
                              details={"refused_hosts": guard.refused})
        finally:
            browser.close()


def _fill_and_send(page: Page, *, url: str, enquiry: Enquiry, guard: _Guard) -> Submission:
    response = page.goto(url, wait_until="domcontentloaded")
    if response is None or response.status >= 400:
        status = response.status if response else "no answer"
        return Submission(False, f"the contact page answered HTTP {status}")
    found = _find_form(page)
    if found is None:
        return Submission(False, "no contact form on the page")
    frame, form = found
    if CAPTCHA.search(form.inner_html()) or any(CAPTCHA.search(f.url) for f in page.frames if f is not frame):
        return Submission(False, "the form is protected by a CAPTCHA")
    fields: list[dict[str, Any]] = form.evaluate(DESCRIBE_FIELDS, FIELD_ATTR)
    plan, problem = plan_fields(fields, enquiry)
    details: dict[str, Any] = {"fields": [fields[i]["name"] or fields[i]["id"] for i, _, _ in plan]}
    if problem:
        return Submission(False, problem, details=details)
    for index, action, value in plan:
        element = form.locator(f"[{FIELD_ATTR}='{index}']")
        if action == "fill":
            element.fill(value)
        elif action == "check":
            element.check()
        else:
            element.select_option(value)

    sent: list[Response] = []
    method = (form.get_attribute("method") or "get").lower()

    def record(response: Response) -> None:
        request: Request = response.request
        if request.method == "POST" or (method == "get" and request.is_navigation_request()):
            sent.append(response)

    page.on("response", record)
    submitted_at = datetime.now(UTC)
    button = form.locator("button[type=submit], input[type=submit], button:not([type]), input[type=image]")
    if button.count():
        button.first.click()
    else:
        form.evaluate("(f) => f.requestSubmit()")
    deadline = time.monotonic() + SEND_WAIT_SECONDS
    while not sent and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    if not sent:
        invalid = form.evaluate(
            "(f) => { const bad = Array.from(f.elements).find(e => e.willValidate && !e.checkValidity());"
            " return bad ? (bad.name || bad.id) + ': ' + bad.validationMessage : null; }")
        return Submission(False, f"the form refused what was entered ({invalid})" if invalid
                          else "sending the form sent nothing", details=details)
    status = sent[-1].status
    details.update({"status": status, "sent_to": sent[-1].url, "method": sent[-1].request.method})
    if status >= 400:
        return Submission(False, f"the site refused the form: HTTP {status}", details=details)
    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
        details["confirmation"] = page.locator("body").inner_text(timeout=2_000)[:300]
    except Exception:  # noqa: BLE001 -- the confirmation text is a nicety; the form was sent
        pass
    return Submission(True, submitted_at=submitted_at, details=details)
