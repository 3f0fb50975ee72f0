"""Meta WhatsApp Cloud API webhook: the verification handshake, messages and statuses.

POST bodies are checked against `X-Hub-Signature-256` (HMAC-SHA256 of the raw bytes with
the app secret, compared in constant time) before they are parsed. Delivery is
at-least-once, so messages are stored once per wamid.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from bot.web.deps import AsyncPoolDep, SettingsDep
from webhooks.common import (
    HookBatcher,
    Inbound,
    apply_statuses,
    clean,
    identity,
    location,
    place_text,
    read_body,
    reject,
    store_inbound,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/webhooks/meta", tags=["webhooks"])

STATUSES = {"sent", "delivered", "read", "failed"}
MEDIA_TYPES = {"image", "audio", "video", "document", "sticker"}


@router.get("")
async def verify(request: Request, settings: SettingsDep) -> Response:
    """Echo hub.challenge when hub.verify_token matches the configured token."""
    params = request.query_params
    token = settings.meta_verify_token.get_secret_value() if settings.meta_verify_token else None
    given = params.get("hub.verify_token") or ""
    if params.get("hub.mode") != "subscribe" or not token or not hmac.compare_digest(
        given.encode(), token.encode()
    ):
        reject(403, "verification failed")
    return PlainTextResponse(params.get("hub.challenge") or "")


def _check_signature(body: bytes, header: str | None, secret: str) -> None:
    if not header or not header.startswith("sha256="):
        reject(403, "missing X-Hub-Signature-256")
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header[7:].strip().lower()):
        reject(403, "invalid X-Hub-Signature-256")


def _get(obj: Any, key: str, kind: type, where: str, *, required: bool = True) -> Any:
    if not isinstance(obj, dict):
        reject(400, f"{where} is not an object")
    value = obj.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, kind) or (kind is str and not value):
        reject(400, f"field {where}.{key} is missing or not a {kind.__name__}")
    return value


def parse_message(raw: Any, contacts: dict[str, dict[str, Any]], where: str) -> Inbound:
    """One `messages[]` entry as an inbound message (400 naming the field when wrong)."""
    wamid = _get(raw, "id", str, where)
    if len(wamid) > 128 or "\x00" in wamid:
        reject(400, f"field {where}.id is too long")
    sender = _get(raw, "from", str, where, required=False)
    user_id = _get(raw, "from_user_id", str, where, required=False)
    contact = contacts.get(sender or "") or contacts.get(user_id or "") or {}
    if user_id is None and isinstance(contact.get("user_id"), str):
        user_id = contact["user_id"]
    phone, user_id = identity(sender, user_id, where=f"field {where}.from")
    profile = contact.get("profile")
    name = profile.get("name") if isinstance(profile, dict) and isinstance(profile.get("name"), str) else None
    kind = _get(raw, "type", str, where)
    content: str = ""
    metadata: dict[str, Any] = {}
    media: list[dict[str, Any]] = []
    if kind == "text":
        content = _get(_get(raw, "text", dict, where), "body", str, f"{where}.text")
    elif kind == "interactive":
        interactive = _get(raw, "interactive", dict, where)
        reply = interactive.get("button_reply") or interactive.get("list_reply")
        ident = _get(reply, "id", str, f"{where}.interactive.button_reply")
        content = _get(reply, "title", str, f"{where}.interactive.button_reply")
        metadata = {"button_id": clean(ident, limit=200)}
    elif kind == "button":  # a quick reply on a template
        button = _get(raw, "button", dict, where)
        content = _get(button, "text", str, f"{where}.button")
        metadata = {"button_id": clean(button.get("payload") if isinstance(button.get("payload"), str)
                                       else content, limit=200)}
    elif kind in MEDIA_TYPES:
        item = _get(raw, kind, dict, where)
        media = [{"id": clean(str(item.get("id", "")), limit=200),
                  "content_type": clean(str(item.get("mime_type", "")), limit=100) or None}]
        content = item.get("caption") if isinstance(item.get("caption"), str) else ""
    elif kind == "location":
        loc = _get(raw, "location", dict, where)
        metadata = {"location": location(
            loc.get("latitude"), loc.get("longitude"), name=loc.get("name"), address=loc.get("address"),
            where=(f"{where}.location.latitude", f"{where}.location.longitude"))}
        content = place_text(metadata["location"])
    return Inbound(channel="meta", provider_message_id=wamid, content=clean(content), phone=phone,
                   user_id=user_id, name=name, message_type=kind[:40],
                   media=media, metadata=metadata)


def _status_error(raw: dict[str, Any]) -> str | None:
    errors = raw.get("errors")
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], dict):
        return None
    first = errors[0]
    return clean(f"Meta {first.get('code', 'error')}: {first.get('title') or first.get('message') or ''}",
                 limit=300)


@router.post("")
async def receive(request: Request, settings: SettingsDep, apool: AsyncPoolDep,
                  batcher: HookBatcher) -> Response:
    """Store each new message (queueing its turn) and apply each status; 200 at once."""
    if not settings.meta_app_secret:
        reject(403, "Meta webhooks are not configured (META_APP_SECRET)")
    body = await read_body(request)
    _check_signature(body, request.headers.get("x-hub-signature-256"),
                     settings.meta_app_secret.get_secret_value())
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        reject(400, "body is not valid JSON")
    messages, statuses = [], []
    entries = _get({"body": payload}, "body", dict, "request").get("entry") or []
    if not isinstance(entries, list):
        reject(400, "field entry is not a list")
    for e, entry in enumerate(entries):
        for c, change in enumerate(_get(entry, "changes", list, f"entry[{e}]")):
            where = f"entry[{e}].changes[{c}].value"
            value = _get(change, "value", dict, f"entry[{e}].changes[{c}]")
            contacts = {}
            for contact in value.get("contacts") or []:
                if isinstance(contact, dict):
                    for key in ("wa_id", "user_id"):
                        if isinstance(contact.get(key), str):
                            contacts[contact[key]] = contact
            raw_messages = value.get("messages") or []
            raw_statuses = value.get("statuses") or []
            if not isinstance(raw_messages, list) or not isinstance(raw_statuses, list):
                reject(400, f"field {where}.messages/statuses is not a list")
            messages += [parse_message(m, contacts, f"{where}.messages[{i}]")
                         for i, m in enumerate(raw_messages)
                         if not (isinstance(m, dict) and m.get("type") == "reaction")]
            for i, raw in enumerate(raw_statuses):
                ident = _get(raw, "id", str, f"{where}.statuses[{i}]")
                state = _get(raw, "status", str, f"{where}.statuses[{i}]")
                if state in STATUSES and len(ident) <= 128:
                    statuses.append((clean(ident), state, _status_error(raw)))
    await asyncio.gather(*(store_inbound(apool, settings, m, batcher=batcher) for m in messages))
    if statuses:
        await apply_statuses(apool, statuses)
    return PlainTextResponse("ok")
