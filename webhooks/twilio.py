"""Twilio WhatsApp webhooks: inbound messages and delivery status callbacks.

Both are signed: `X-Twilio-Signature` is checked with the SDK's RequestValidator
against PUBLIC_BASE_URL + path (+ query), the URL Twilio was given, not the one this
process sees behind a proxy or TLS terminator. The inbound handler stores and queues;
it answers an empty TwiML document at once and never runs the conversation.
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import Any

import psycopg
from fastapi import APIRouter, Request, Response
from psycopg_pool import PoolTimeout
from twilio.request_validator import RequestValidator, get_signature_algorithm

from bot.channels.render import choices_from_metadata
from bot.core.connections import AsyncPool
from bot.core.settings import Settings
from bot.store import inbound as hot_path
from bot.web.deps import AsyncPoolDep, SettingsDep
from webhooks.common import (
    HookBatcher,
    Inbound,
    apply_statuses,
    clean,
    identity,
    is_number,
    location,
    parse_form,
    place_text,
    read_body,
    reject,
    store_inbound,
    unavailable,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/webhooks/twilio", tags=["webhooks"])

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
SID = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")  # matched whole (fullmatch)
MAX_MEDIA = 10
STATUSES = {"accepted", "scheduled", "queued", "sending", "sent", "delivered", "read",
            "failed", "undelivered", "canceled"}


def _validator(settings: Settings) -> RequestValidator:
    if not (settings.twilio_auth_token and settings.public_base_url):
        reject(403, "Twilio webhooks are not configured (TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL)")
    return RequestValidator(settings.twilio_auth_token.get_secret_value())


async def signed_form(request: Request, settings: Settings) -> dict[str, str]:
    """The form of a request Twilio really signed (403 otherwise, 400/413 when malformed)."""
    validator = _validator(settings)
    body = await read_body(request)
    form = parse_form(body, request.headers.get("content-type"))
    signature = request.headers.get("x-twilio-signature")
    if not signature:
        reject(403, "missing X-Twilio-Signature")
    url = settings.public_base_url.rstrip("/") + request.url.path  # type: ignore[union-attr]
    if request.url.query:
        url += "?" + request.url.query
    algorithm = get_signature_algorithm(request.headers.get("x-twilio-webhooks-signature-settings"))
    # The exact URL first (one HMAC); validate() then tries the with/without-port variants.
    exact = hmac.compare_digest(validator.compute_signature(url, form, algorithm).encode(),
                                signature.encode()) if algorithm in ("HMAC_SHA1", "HMAC_SHA256") else False
    if not exact and not validator.validate(url, form, signature, algorithm):
        reject(403, "invalid X-Twilio-Signature")
    return form


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        reject(400, f"field {name!r} is missing")
    return value


def _media(form: dict[str, str]) -> list[dict[str, Any]]:
    raw = form.get("NumMedia", "0").strip() or "0"
    if not is_number(raw) or int(raw) > MAX_MEDIA:
        reject(400, f"field 'NumMedia' must be a number from 0 to {MAX_MEDIA}")
    media = []
    for n in range(int(raw)):
        url = form.get(f"MediaUrl{n}", "").strip()
        if not url.startswith(("https://", "http://")) or "\x00" in url:
            reject(400, f"field 'MediaUrl{n}' is missing or not a URL")
        media.append({"url": url, "content_type": clean(form.get(f"MediaContentType{n}"), limit=100) or None})
    return media


def parse_inbound(form: dict[str, str]) -> Inbound:
    """The inbound message of a Twilio form (400 naming the field when one is wrong)."""
    sid = _required(form, "MessageSid")
    if not SID.fullmatch(sid):
        reject(400, "field 'MessageSid' is not a Twilio message SID")
    sender = _required(form, "From").removeprefix("whatsapp:")
    wa_id = form.get("WaId", "").strip()
    if sender.startswith("+"):
        phone, user_id = identity(sender, None, where="field 'From'")
    else:  # a business-scoped user id; WaId still carries the phone while Meta shares it
        phone, user_id = identity(wa_id if is_number(wa_id) else None, sender, where="field 'From'")
    media = _media(form)
    content = clean(form.get("Body"))
    metadata: dict[str, Any] = {}
    button_id, button_text = form.get("ButtonPayload"), form.get("ButtonText")
    if button_id or button_text:
        metadata["button_id"] = clean(button_id or button_text, limit=200)
        content = clean(button_text) or content
    message_type = "button" if metadata else ("media" if media and not content else "text")
    if form.get("Latitude", "").strip() or form.get("Longitude", "").strip():
        metadata["location"] = place = location(
            form.get("Latitude", "").strip(), form.get("Longitude", "").strip(), name=form.get("Label"),
            address=form.get("Address"), where=("'Latitude'", "'Longitude'"))
        content = content or place_text(place)
        message_type = "location"
    return Inbound(channel="twilio", provider_message_id=sid, content=content, phone=phone,
                   user_id=user_id, name=clean(form.get("ProfileName"), limit=100) or None,
                   message_type=message_type, media=media, metadata=metadata)


@router.post("/whatsapp")
async def inbound(request: Request, settings: SettingsDep, apool: AsyncPoolDep,
                  batcher: HookBatcher) -> Response:
    """Store the message and queue the member's turn; empty TwiML at once."""
    form = await signed_form(request, settings)
    message = parse_inbound(form)
    if not message.metadata and is_number(message.content.strip()) and len(message.content.strip()) <= 2:
        await resolve_numbered_choice(apool, message)
    await store_inbound(apool, settings, message, batcher=batcher)
    return Response(EMPTY_TWIML, media_type="text/xml")


async def resolve_numbered_choice(apool: AsyncPool, message: Inbound) -> None:
    """A digit answering our numbered list (Twilio's text fallback) becomes that choice.

    Same shape as a tapped button: the choice's title as content, its id in metadata.
    """
    try:
        async with apool.connection() as conn:
            metadata = await hot_path.alast_outbound_metadata(
                conn, phone=message.phone, channel_user_id=message.user_id)
    except (psycopg.OperationalError, PoolTimeout):
        unavailable()
    choices = choices_from_metadata(metadata) if isinstance(metadata, dict) else None
    number = int(message.content.strip())
    if choices is None or not 1 <= number <= len(choices.options):
        return
    choice = choices.options[number - 1]
    message.metadata = {"button_id": choice.id, "typed": message.content.strip()}
    message.content = choice.title
    message.message_type = "button"


@router.post("/status")
async def status(request: Request, settings: SettingsDep, apool: AsyncPoolDep) -> Response:
    """Delivery progress of a message we sent (out-of-order callbacks never move it back)."""
    form = await signed_form(request, settings)
    sid = _required(form, "MessageSid")
    state = _required(form, "MessageStatus").lower()
    if state not in STATUSES:
        reject(400, f"field 'MessageStatus' is not a known status: {state[:30]!r}")
    if not SID.fullmatch(sid):
        reject(400, "field 'MessageSid' is not a Twilio message SID")
    error = None
    code = clean(form.get("ErrorCode"), limit=20).strip()
    if state in {"failed", "undelivered"} or code:
        detail = clean(form.get("ErrorMessage"), limit=200)
        error = f"Twilio {code or 'error'}" + (f": {detail}" if detail else "")
    await apply_statuses(apool, [(sid, state, error)])
    return Response(EMPTY_TWIML, media_type="text/xml")
