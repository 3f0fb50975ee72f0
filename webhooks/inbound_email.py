"""Mailgun inbound e-mail: a route's `forward()` posts every message sent to the outreach domain here.

Mailgun's parsed format (form fields `recipient`, `sender`, `from`, `subject`,
`body-plain`, `stripped-text`, `message-headers` as JSON, each MIME header such as
`Message-Id`, `In-Reply-To` and `References` as its own field, attachments as files) is
signed by `signature` = hex HMAC-SHA256(signing key, `timestamp` + `token`).

Order of checks: not configured (404) → size (413) → form (400) → signature fields
(400 naming the field) → signature (403) → age of the timestamp (403) → message fields
(400 naming the field) → stored with its one-time token (a token seen before is a
replay: 403) and its processing enqueued in the same transaction → 200. Nothing is
interpreted here: the `inbound_email` job matches and records (fast answer, nothing
lost: a 503 is retried by Mailgun, and its retries are accepted for 9 hours).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncGenerator
from typing import Any

import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser

from bot.lead_platform.outreach.inbound import REPORT_TYPES
from bot.lead_platform.store import inbound_emails
from bot.web.deps import AsyncPoolDep, SettingsDep
from webhooks.common import clean, is_number, read_body, reject, unavailable

router = APIRouter(prefix="/webhooks/mailgun", tags=["webhooks"])

PROVIDER = "mailgun"
# Mailgun accepts messages up to 25 MB; their attachments travel in the post.
MAX_BODY_BYTES = 32 * 1024 * 1024
MAX_TEXT_FIELD_BYTES = 4 * 1024 * 1024
# Mailgun retries a post that was not answered 200 for 8 hours (after 10 min, 15 min,
# 30 min, 1 h, 2 h, 4 h), resending the original signed timestamp: a retry after an
# outage must still pass. Older is stale; so is a timestamp from the future beyond clock
# skew. Within the window a token is accepted once (the stored tokens are unique).
MAX_AGE_SECONDS = 9 * 3600
MAX_SKEW_SECONDS = 300
MAX_TOKEN_LENGTH = 200
# Parts of a delivery report (inbound.REPORT_TYPES) are kept as text, up to this many bytes each.
MAX_REPORT_PART = 256 * 1024


@router.post("/inbound")
async def inbound(request: Request, apool: AsyncPoolDep, settings: SettingsDep) -> JSONResponse:
    """Verify, store and enqueue one inbound message."""
    key = settings.mailgun_signing_key.get_secret_value() if settings.mailgun_signing_key else ""
    if not key:
        reject(404, "inbound e-mail is not configured (MAILGUN_SIGNING_KEY)")
    form = await _form(request)
    _verify(form, key, now=time.time())
    message = await _message(form)
    try:
        async with apool.connection() as conn:
            stored = await inbound_emails.astore(conn, message)
    except psycopg.DataError:
        reject(400, "a field has a value that cannot be stored")
    except (psycopg.Error, PoolTimeout):
        unavailable()
    if stored is None:
        reject(403, "token already used: a replayed request")
    return JSONResponse({"status": "queued", "id": str(stored)})


async def _form(request: Request) -> FormData:
    body = await read_body(request, limit=MAX_BODY_BYTES)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()

    async def stream() -> AsyncGenerator[bytes, None]:
        yield body

    try:
        if kind == "multipart/form-data":
            return await MultiPartParser(request.headers, stream(), max_files=100, max_fields=1000,
                                         max_part_size=MAX_TEXT_FIELD_BYTES).parse()
        if kind == "application/x-www-form-urlencoded":
            return await FormParser(request.headers, stream()).parse()
    except (MultiPartException, UnicodeDecodeError, ValueError) as exc:
        reject(400, f"body is not valid form data: {exc}")
    reject(400, "Content-Type must be multipart/form-data or application/x-www-form-urlencoded")


def _text(form: FormData, name: str, *, required: bool = False) -> str | None:
    """A text field (400 naming it when required and missing, or when it is a file)."""
    values = form.getlist(name)
    if not values:
        if required:
            reject(400, f"field {name} is missing")
        return None
    if len(values) > 1 or not isinstance(values[0], str):
        reject(400, f"field {name} must be given once, as text")
    return str(values[0])


def _verify(form: FormData, key: str, *, now: float) -> None:
    timestamp = _text(form, "timestamp", required=True) or ""
    token = _text(form, "token", required=True) or ""
    signature = _text(form, "signature", required=True) or ""
    if not is_number(timestamp.strip()):
        reject(400, "field timestamp is not a number of seconds")
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        reject(400, "field token is empty, too long or not ASCII")
    expected = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature.strip().lower().encode("ascii", "replace").decode()):
        reject(403, "invalid signature")
    age = now - int(timestamp)
    if age > MAX_AGE_SECONDS or age < -MAX_SKEW_SECONDS:
        reject(403, "stale timestamp: outside Mailgun's retry window")


def _headers(form: FormData) -> list[list[str]]:
    raw = _text(form, "message-headers")
    if raw is None:
        return []
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    if not isinstance(parsed, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in parsed):
        reject(400, "field message-headers is not a JSON list of [name, value] pairs")
    return [[clean(name, limit=200), clean(value, limit=10_000)] for name, value in parsed]


def _header_field(form: FormData, headers: list[list[str]], name: str) -> str | None:
    """A MIME header: its own form field (any case), else from message-headers."""
    wanted = name.lower()
    for key in form:
        if key.lower() == wanted:
            return clean(_text(form, key), limit=10_000)
    return next((value for key, value in headers if key.lower() == wanted), None)


async def _message(form: FormData) -> dict[str, Any]:
    recipient = clean(_text(form, "recipient", required=True), limit=2000)
    if "@" not in recipient:
        reject(400, "field recipient is not an address")
    sender = _text(form, "sender", required=True)
    body = _text(form, "body-plain", required=True)
    headers = _headers(form)
    report, attachments = await _attachments(form)
    stripped = _text(form, "stripped-text")
    return {
        "provider": PROVIDER, "provider_token": _text(form, "token"), "recipient": recipient,
        "sender": clean(sender, limit=2000), "from_header": clean(_text(form, "from"), limit=2000) or None,
        "subject": clean(_text(form, "subject"), limit=2000) or None,
        "message_id": _header_field(form, headers, "Message-Id"),
        "in_reply_to": _header_field(form, headers, "In-Reply-To"),
        "references_ids": _header_field(form, headers, "References"),
        "body_plain": clean(body), "stripped_text": clean(stripped) if stripped is not None else None,
        "headers": headers, "report": report, "attachments": attachments,
    }


async def _attachments(form: FormData) -> tuple[str | None, list[dict[str, Any]]]:
    """The text of a delivery report's parts, and what every attachment was (its content is not kept)."""
    parts: list[str] = []
    seen: list[dict[str, Any]] = []
    for name, value in form.multi_items():
        if not isinstance(value, UploadFile):
            continue
        kind = (value.content_type or "").split(";")[0].strip().lower()
        seen.append({"field": clean(name, limit=100), "filename": clean(value.filename, limit=300),
                     "type": kind, "size": value.size})
        if kind in REPORT_TYPES:
            parts.append((await value.read(MAX_REPORT_PART)).decode("utf-8", "replace"))
    return (clean("\n".join(parts)) if parts else None), seen
