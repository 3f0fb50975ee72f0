"""Outreach e-mail tracking: open pixel, click redirect, unsubscribe page and one-click unsubscribe.

Every URL names its e-mail by a signed token (bot/lead_platform/outreach/tokens.py); a
token that does not verify is a 404, whatever else the request says. A click goes only
to a URL signed together with that e-mail's id, so the redirect can never be pointed
elsewhere (no open redirect). The recipient's experience never depends on the database:
an image is served and a link followed even if the event could not be recorded.
Unsubscribing is RFC 8058 one-click: a POST to the link in `List-Unsubscribe`, with no
cookie and no CSRF token (the signed token is the authority), answered 200; the page a
person opens (GET) only shows the button, because mail scanners follow GET links.
"""

from __future__ import annotations

import html
import logging
import uuid
from urllib.parse import urlsplit

import psycopg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.core.settings import Settings
from bot.lead_platform.outreach.recipient_texts import UNSUBSCRIBE, language_of
from bot.lead_platform.outreach.tokens import read_token, url_signature_ok
from bot.lead_platform.outreach.user_agents import classify
from bot.lead_platform.store import tracking
from bot.web.deps import AsyncPoolDep, SettingsDep
from webhooks.tracking_batch import hit_recorder

log = logging.getLogger(__name__)
router = APIRouter(tags=["outreach"])

# The smallest transparent GIF (1x1, 43 bytes).
PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
         b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
# Every hit must reach us: no browser, proxy or mail client may answer from a cache.
NO_STORE = {"Cache-Control": "no-store, no-cache, must-revalidate, max-age=0, private",
            "Pragma": "no-cache", "Expires": "0"}
NOT_FOUND = "unknown or altered link"


def _email_id(settings: Settings, token: str) -> uuid.UUID:
    email_id = read_token(settings.secret_key.get_secret_value(), token)
    if email_id is None:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    return email_id


async def _record(request: Request, email_id: uuid.UUID, *, action: str, extra: dict[str, str]) -> None:
    """Record a hit; a database failure is logged, never shown to the recipient."""
    agent = classify(request.headers.get("user-agent"))
    # Any pixel load is the e-mail's first open (flagged when a machine made it); a click
    # proves an open that blocked images hid, unless a link scanner made it.
    hit = tracking.Hit(email_id=email_id, action=action, marks_open=action == "opened" or not agent.machine,
                       metadata={**extra, "ua": agent.kind, "machine": agent.machine})
    try:
        await hit_recorder(request).record(hit)
    except psycopg.Error as exc:
        log.warning("outreach %s of %s not recorded: %s", action, email_id, exc)


@router.get("/t/o/{token}.gif", include_in_schema=False)
async def open_pixel(token: str, request: Request, settings: SettingsDep) -> Response:
    """The 1x1 image: records 'opened' (the e-mail's first open once, an event per hit)."""
    email_id = _email_id(settings, token)
    await _record(request, email_id, action="opened", extra={})
    return Response(PIXEL, media_type="image/gif", headers=NO_STORE)


@router.get("/t/c/{token}", include_in_schema=False)
async def click(token: str, request: Request, settings: SettingsDep, u: str = "", s: str = "") -> Response:
    """Records 'clicked' and redirects to the URL, if this e-mail contained it (signed)."""
    email_id = _email_id(settings, token)
    if not url_signature_ok(settings.secret_key.get_secret_value(), email_id, u, s) or \
            urlsplit(u).scheme.lower() not in ("http", "https"):
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    await _record(request, email_id, action="clicked", extra={"url": u})
    return RedirectResponse(u, status_code=302, headers={**NO_STORE, "Referrer-Policy": "no-referrer"})


@router.get("/t/u/{token}", include_in_schema=False)
async def unsubscribe_page(token: str, request: Request, apool: AsyncPoolDep, settings: SettingsDep) -> HTMLResponse:
    """The page with one button, in the recipient's language; nothing is recorded on a GET."""
    email_id = _email_id(settings, token)
    async with apool.connection() as conn:
        recipient = await tracking.arecipient(conn, email_id)
    words = _words(recipient, request)
    business = html.escape(recipient.business_name if recipient else "")
    body = (f'<h1>{words["title"]}</h1><p>{words["question"].format(business=business)}</p>'
            f'<p>{words["explain"]}</p><form method="post" action="{html.escape(request.url.path)}">'
            '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
            f'<button type="submit">{words["button"]}</button></form>')
    return _page(words["title"], body, language=words["lang"])


@router.post("/t/u/{token}", include_in_schema=False)
async def unsubscribe(token: str, request: Request, apool: AsyncPoolDep, settings: SettingsDep) -> HTMLResponse:
    """One-click unsubscribe (RFC 8058) and the page's button: suppress the address, confirm."""
    email_id = _email_id(settings, token)
    agent = classify(request.headers.get("user-agent"))
    async with apool.connection() as conn:
        recipient = await tracking.aunsubscribe(conn, email_id, metadata={"via": "web", "ua": agent.kind,
                                                                        "machine": agent.machine})
    words = _words(recipient, request)
    business = html.escape(recipient.business_name if recipient else "")
    body = f'<h1>{words["done_title"]}</h1><p>{words["done"].format(business=business)}</p>'
    return _page(words["done_title"], body, language=words["lang"])


def _words(recipient: tracking.Recipient | None, request: Request) -> dict[str, str]:
    language = language_of(recipient.language if recipient else None, request.headers.get("accept-language"))
    return {**UNSUBSCRIBE[language], "lang": language}


def _page(title: str, body: str, *, language: str) -> HTMLResponse:
    page = (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="robots" content="noindex"><title>' + title + '</title></head>'
            '<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">'
            f'{body}</body></html>')
    return HTMLResponse(page, headers=NO_STORE)
