"""What both WhatsApp webhooks share: body limits, errors, and storing one inbound message.

Errors reach the caller as `{"detail": ...}` with a 4xx status (FastAPI's HTTPException);
a database outage is a 503 (providers retry), never a 500 or a traceback.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, NoReturn
from urllib.parse import parse_qsl

import psycopg
from fastapi import Depends, HTTPException, Request
from psycopg_pool import PoolTimeout

from bot.core import queue
from bot.core.connections import AsyncPool
from bot.core.metrics import DELIVERY_STATUSES, provider_error_code
from bot.core.settings import Settings
from bot.core.text import storable
from bot.store import conversations as repo
from bot.store import inbound
from bot.web.unavailable import RETRY_AFTER_SECONDS
from webhooks.batching import InboundBatcher

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_FIELDS = 200
PHONE = re.compile(r"\+?[1-9][0-9]{5,14}")  # matched whole (fullmatch), ASCII digits only
USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}", re.ASCII)


async def _batcher(request: Request) -> InboundBatcher:
    state = request.app.state
    if getattr(state, "inbound_batcher", None) is None:
        state.inbound_batcher = InboundBatcher(state.apool, turn_delay=state.settings.burst_window_seconds)
    return state.inbound_batcher


HookBatcher = Annotated[InboundBatcher, Depends(_batcher)]


def is_number(text: str) -> bool:
    """ASCII digits only (str.isdigit() also accepts '²', which int() refuses)."""
    return text.isascii() and text.isdigit()


def reject(status: int, detail: str) -> NoReturn:
    """Stop the request with a status and a one-line reason."""
    raise HTTPException(status_code=status, detail=detail)


def unavailable() -> NoReturn:
    """The database is away or stalled: 503 with Retry-After (the provider retries)."""
    raise HTTPException(status_code=503, detail="database unavailable, retry later",
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


async def read_body(request: Request, *, limit: int = MAX_BODY_BYTES) -> bytes:
    """The raw body, refused with 413 past `limit` (declared length and bytes actually read)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not is_number(declared.strip()):
            reject(400, "Content-Length is not a number")
        if int(declared) > limit:
            reject(413, f"body larger than {limit // 1024} KiB")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            reject(413, f"body larger than {limit // 1024} KiB")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_form(body: bytes, content_type: str | None) -> dict[str, str]:
    """An application/x-www-form-urlencoded body as a dict (400 when it is not one)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        reject(400, "Content-Type must be application/x-www-form-urlencoded")
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                          errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        reject(400, "body is not valid UTF-8 form data")
    form: dict[str, str] = {}
    for key, value in pairs:
        if key in form:
            reject(400, f"field {key!r} appears more than once")
        form[key] = value
    return form


def clean(text: str | None, *, limit: int | None = None) -> str:
    """Text PostgreSQL can store (no NUL, no lone surrogate), optionally cut to `limit` characters."""
    value = storable(text or "")
    return value[:limit] if limit else value


def _coordinate(value: object, *, bound: float, where: str) -> float:
    """One latitude or longitude as a finite number within ±bound (400 naming the field)."""
    try:
        number = float(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not -bound <= number <= bound:  # also refuses NaN and infinities
        reject(400, f"field {where} is not a coordinate between -{bound:g} and {bound:g}")
    return number


def location(latitude: object, longitude: object, *, name: object, address: object,
             where: tuple[str, str]) -> dict[str, Any]:
    """A shared location as stored in the message metadata (what the console maps)."""
    place: dict[str, Any] = {
        "latitude": _coordinate(latitude, bound=90, where=where[0]),
        "longitude": _coordinate(longitude, bound=180, where=where[1]),
    }
    for key, value in (("name", name), ("address", address)):
        text = clean(value, limit=300).strip() if isinstance(value, str) else ""
        if text:
            place[key] = text
    return place


def place_text(place: dict[str, Any]) -> str:
    """The words of a shared location (its name and address), what the bot reads of it."""
    return ", ".join(str(place[key]) for key in ("name", "address") if place.get(key))


@dataclass
class Inbound:
    """One member message, whatever the provider."""

    channel: str
    provider_message_id: str
    content: str
    phone: str | None = None
    user_id: str | None = None
    name: str | None = None
    message_type: str = "text"
    media: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def identity(raw_phone: str | None, raw_user_id: str | None, *, where: str) -> tuple[str | None, str | None]:
    """("+E164" phone or None, provider user id or None); 400 when there is neither."""
    phone = None
    candidate = (raw_phone or "").strip()
    if candidate and PHONE.fullmatch(candidate):
        phone = candidate if candidate.startswith("+") else f"+{candidate}"
    user_id = (raw_user_id or "").strip() or None
    if user_id is None and candidate and not phone and USER_ID.fullmatch(candidate):
        user_id = candidate  # a business-scoped user id where a phone used to be
    if user_id is not None and not USER_ID.fullmatch(user_id):
        reject(400, f"{where}: not a phone number or a user id")
    if phone is None and user_id is None:
        reject(400, f"{where}: missing or not a phone number / user id")
    return phone, user_id


async def store_inbound(apool: AsyncPool, settings: Settings, message: Inbound,
                       *, batcher: InboundBatcher | None = None) -> bool:
    """Lead, message and turn in one statement; False when the message was stored before.

    Members known by phone alone go through the process's batcher when there is one.
    """
    if batcher is not None and message.phone and not message.user_id:
        row = {"phone": message.phone, "channel": message.channel,
               "name": clean(message.name, limit=100) or None, "content": clean(message.content),
               "message_type": message.message_type, "provider_message_id": message.provider_message_id,
               "media": message.media, "metadata": message.metadata}
        return await batcher.submit(row, one_by_one=lambda: store_inbound(apool, settings, message))
    # With both a phone and a user id, link the id to the phone's lead unless another
    # lead already holds it (then the phone alone identifies the member).
    user_ids = [message.user_id, None] if message.phone and message.user_id else [
        None if message.phone else message.user_id]
    try:
        async with apool.connection() as conn:
            for n, user_id in enumerate(user_ids):
                try:
                    _, stored = await inbound.aingest_inbound(
                        conn, channel=message.channel, provider_message_id=message.provider_message_id,
                        content=clean(message.content), phone=message.phone, channel_user_id=user_id,
                        name=clean(message.name, limit=100) or None, message_type=message.message_type,
                        media=message.media, metadata=message.metadata,
                        turn_delay=settings.burst_window_seconds,
                    )
                    return stored is not None
                except psycopg.errors.UniqueViolation:
                    if n == len(user_ids) - 1:
                        raise
    except psycopg.DataError as exc:  # a value the columns cannot hold (validation missed it)
        log.warning("inbound %s refused: %s", message.provider_message_id, exc)
        reject(400, "a field has a value that cannot be stored")
    except (psycopg.Error, PoolTimeout) as exc:  # the provider retries a 503: nothing is lost
        log.warning("inbound %s not stored: %s", message.provider_message_id, exc)
        unavailable()
    return False


async def apply_statuses(apool: AsyncPool, updates: list[tuple[str, str, str | None]]) -> None:
    """Delivery statuses (provider id, status, error), each only ever moving forward.

    A callback can beat the sender to recording the provider id; such a status is
    retried shortly by the queue (`apply_delivery_status`) rather than lost.
    """
    try:
        async with apool.connection() as conn:
            for provider_id, status, error in updates:
                changed = await repo.aadvance_delivery_status(
                    conn, provider_message_id=provider_id, status=status, error=error)
                if not changed and not await inbound.aprovider_message_known(conn, provider_id):
                    await queue.aenqueue(conn, "apply_delivery_status", {
                        "provider_message_id": provider_id, "status": status, "error": error,
                    }, delay=2.0, max_attempts=3)
    except (psycopg.Error, PoolTimeout) as exc:
        log.warning("delivery statuses not applied: %s", exc)
        unavailable()
    for _, status, error in updates:  # counted once stored (a 503 is redelivered)
        DELIVERY_STATUSES.labels(status, provider_error_code(error)).inc()
