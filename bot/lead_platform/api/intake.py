"""POST /api/lead: business web forms post leads here (JSON or form, API key, CORS).

Order of checks: body size (413) -> parse (400/415/422) -> key (401) -> key kind and
origin (403: a secret key from a browser, a form key from a site not listed) -> rate
(429) -> fields (422) -> store lead + "created" action + integration log + jobs in one
transaction -> 201. Enrichment and email run from the queue.
"""

from __future__ import annotations

import html
import ipaddress
import logging
from typing import Any

import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from psycopg_pool import PoolTimeout

from bot.lead_platform.api import messages as text
from bot.lead_platform.api.gate import gate, lead_post_refusal
from bot.lead_platform.api.input import (
    InputError,
    media_type,
    parse_body,
    read_body,
    redact,
    validate_lead,
)
from bot.lead_platform.api.metrics import note_client
from bot.lead_platform.store.apikeys import visible_prefix
from bot.lead_platform.store.clients import Client, normalise_origin
from bot.lead_platform.store.intake import RequestMeta, log_request, store_lead
from bot.web.deps import AsyncPoolDep, SettingsDep

log = logging.getLogger(__name__)
router = APIRouter()

CORS_METHODS = "POST, OPTIONS"


CORS_HEADERS = "Content-Type, X-API-Key"


def _meta(request: Request, key: str | None) -> RequestMeta:
    host = request.client.host if request.client else None
    try:
        ip = str(ipaddress.ip_address(host)) if host else None
    except ValueError:
        ip = None  # e.g. a test client's "testclient"
    agent = request.headers.get("user-agent")
    agent = agent.encode("utf-8", "replace").decode()[:500].replace("\x00", "") if agent else None
    return RequestMeta(key_prefix=visible_prefix(key) if key and key.isprintable() else None, ip=ip,
                       user_agent=agent)


def _cors(response: Response, origin: str | None, allowed: bool) -> Response:
    if origin and allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Vary"] = "Origin"
    return response


def _error(exc: InputError, *, origin: str | None, allowed: bool, headers: dict[str, str] | None = None) -> Response:
    return _cors(JSONResponse(exc.body(), status_code=exc.status, headers=headers), origin, allowed)


@router.options("/api/lead", include_in_schema=False)
async def preflight(request: Request, apool: AsyncPoolDep) -> Response:
    """CORS preflight: allowed when some client lists the origin (a preflight carries no key)."""
    origin = request.headers.get("origin")
    try:
        known = bool(origin) and await gate(request.app).known_origin(apool, origin or "")
    except (psycopg.Error, PoolTimeout, OSError):
        return JSONResponse({"error": "unavailable", "detail": text.UNAVAILABLE}, status_code=503)
    if not known:
        return JSONResponse({"error": "origin_refused", "detail": text.ORIGIN_REFUSED}, status_code=403,
                            headers={"Vary": "Origin"})
    return Response(status_code=204, headers={
        "Access-Control-Allow-Origin": origin or "", "Access-Control-Allow-Methods": CORS_METHODS,
        "Access-Control-Allow-Headers": CORS_HEADERS, "Access-Control-Max-Age": "600", "Vary": "Origin",
    })


@router.post("/api/lead", status_code=201)
async def post_lead(request: Request, apool: AsyncPoolDep, settings: SettingsDep) -> Response:
    """Accept one lead; 201 with its id at once."""
    origin = request.headers.get("origin")
    key = request.headers.get("x-api-key")
    try:
        return await _accept(request, apool, settings.lead_max_body_bytes, origin, key)
    except InputError as exc:
        return _error(exc, origin=origin, allowed=False)
    except (psycopg.Error, PoolTimeout, OSError) as exc:
        log.warning("lead API: database unavailable: %s", exc)
        return _unavailable()
    except Exception:  # a bug must not become a 500 page for a form; it is logged in full
        log.exception("lead API: unexpected error")
        return _unavailable()


def _unavailable() -> Response:
    return JSONResponse({"error": "unavailable", "detail": text.UNAVAILABLE}, status_code=503,
                        headers={"Retry-After": "5"})


async def _accept(request: Request, apool: AsyncPoolDep, limit: int, origin: str | None,
                  key: str | None) -> Response:
    lead_gate = gate(request.app)
    body = await read_body(request, limit=limit)
    raw = await parse_body(body, request.headers)
    if not key and isinstance(raw.get("api_key"), str):
        key = raw["api_key"]
    meta = _meta(request, key)
    owner = await lead_gate.key_owner(apool, key)
    if owner is None:
        async with apool.connection() as conn:
            await log_request(conn, client_id=None, meta=meta, status=401, request_body=None,
                              response_body={"error": "unauthorized"})
        known = bool(origin) and await lead_gate.known_origin(apool, origin or "")
        return _error(InputError(401, "unauthorized", text.UNAUTHORIZED), origin=origin, allowed=known)
    client = owner.client
    note_client(request.state, client.client_id)
    allowed = _origin_allowed(client, origin)
    refusal = lead_post_refusal(owner, origin)
    if refusal is not None:
        # A client's own page may read why its secret key was refused; a foreign site learns nothing.
        return _error(refusal, origin=origin, allowed=allowed)
    wait = lead_gate.retry_after(client)
    if wait:
        return _error(InputError(429, "rate_limited", text.RATE_LIMITED), origin=origin, allowed=allowed,
                      headers={"Retry-After": str(wait)})
    logged = redact(raw)
    try:
        lead = validate_lead(raw, referer=request.headers.get("referer"))
    except InputError as exc:
        async with apool.connection() as conn:
            await log_request(conn, client_id=client.client_id, meta=meta, status=422,
                              request_body=logged, response_body=exc.body())
        return _error(exc, origin=origin, allowed=allowed)
    async with apool.connection() as conn:
        lead_id = await store_lead(conn, client=client, lead=lead, meta=meta, logged_body=logged)
    return _cors(_created(request, raw, client, lead, str(lead_id)), origin, allowed)


def _origin_allowed(client: Client, origin: str | None) -> bool:
    return bool(origin) and normalise_origin(origin or "") in client.allowed_origins


def _created(request: Request, raw: dict[str, Any], client: Client, lead: dict[str, Any], lead_id: str) -> Response:
    """JSON for scripts; for a plain HTML form, a redirect (to an allowed site) or a thank-you page."""
    is_form = media_type(request.headers.get("content-type")) != "application/json"
    wants_html = "text/html" in request.headers.get("accept", "")
    if not (is_form and wants_html):
        return JSONResponse({"status": "created", "lead_id": lead_id}, status_code=201)
    redirect = raw.get("redirect")
    if isinstance(redirect, str) and _redirect_allowed(client, redirect):
        return RedirectResponse(redirect, status_code=303)
    words = text.THANK_YOU.get(lead.get("language") or client.language, text.THANK_YOU["en"])
    back = request.headers.get("referer") or ""
    link = f'<p><a href="{html.escape(back)}">{words["back"]}</a></p>' if back.startswith("http") else ""
    page = (f'<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{words["title"]}</title></head>'
            f'<body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">'
            f'<h1>{words["title"]}</h1><p>{words["body"]}</p>{link}</body></html>')
    return HTMLResponse(page, status_code=201)


def _redirect_allowed(client: Client, url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and f"{parts.scheme}://{parts.netloc}".lower() in client.allowed_origins
