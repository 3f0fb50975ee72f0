"""The WhatsApp simulator: chat as a member on the local channel and watch the bot answer.

A message posted here takes the path of a real inbound message (bot.chat.LocalChat.post:
the lead upserted, the inbound row stored, a `bot_turn` queued); the worker answers and
the page polls the thread.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from bot.channels.local import LocalChat
from bot.console.web import AdminDep, CsrfDep, render
from bot.store import conversations as repo
from bot.web.deps import ServicesDep
from bot.web.text_guard import member_words

router = APIRouter()
DEFAULT_PHONE = "+237690000000"
PHONE = re.compile(r"^\+\d{6,15}$")


def _phone(value: str) -> str:
    value = value.strip().replace(" ", "")
    if not PHONE.match(value):
        raise HTTPException(status_code=400, detail="numéro au format +E164 attendu")
    return value


@router.get("/simulator")
def simulator_page(
    request: Request, admin: AdminDep, phone: Annotated[str, Query(max_length=20)] = DEFAULT_PHONE
) -> Response:
    return render(request, "simulator.html", admin=admin, phone=phone)


@router.post("/simulator/send")
@member_words("text", "name")  # as on WhatsApp: a NUL is stripped where stored, never refused
def simulator_send(
    request: Request,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    phone: Annotated[str, Form(max_length=20)] = DEFAULT_PHONE,
    name: Annotated[str, Form(max_length=100)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
) -> JSONResponse:
    if not text.strip():
        raise HTTPException(status_code=400, detail="message vide")
    phone = _phone(phone)
    with services.pool.connection() as conn:
        existing = repo.find_lead(conn, phone=phone)
    if existing is not None and existing.channel != "local":
        # Posting would move a real member to the local channel and cut them off WhatsApp.
        raise HTTPException(
            status_code=409, detail=f"ce numéro est un vrai membre (canal {existing.channel})"
        )
    # post() never uses the chat's worker: the process's own worker answers.
    chat = LocalChat(services, None, phone=phone, name=name.strip() or None)
    chat.post(text.strip())
    return JSONResponse({"lead_id": chat.lead_id})


def _bubble(message: repo.Message) -> dict[str, Any]:
    metadata = message.metadata or {}
    return {
        "id": message.id,
        "direction": message.direction,
        "sender": message.sender_type,
        "text": message.content or "",
        "media": [str(m) for m in message.media or []],
        "buttons": [
            b.get("title", "") for b in metadata.get("buttons") or [] if isinstance(b, dict)
        ],
        "status": message.delivery_status,
        "at": message.created_at.strftime("%H:%M"),
    }


@router.get("/simulator/messages")
def simulator_messages(
    admin: AdminDep,
    services: ServicesDep,
    phone: Annotated[str, Query(max_length=20)] = DEFAULT_PHONE,
    after: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """The member's thread after message id `after` (what their phone would show)."""
    with services.pool.connection() as conn:
        lead = repo.find_lead(conn, phone=_phone(phone))
        if lead is None or lead.channel != "local":
            return JSONResponse(
                {"lead_id": lead.id if lead else None, "messages": [], "local": lead is None}
            )
        messages = [m for m in repo.thread(conn, lead.id, limit=300) if m.id > after]
    return JSONResponse(
        {"lead_id": lead.id, "local": True, "messages": [_bubble(m) for m in messages]}
    )
