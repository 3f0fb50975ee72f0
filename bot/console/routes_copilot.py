"""The Growth Copilot for the agency, under /admin/copilot: the dashboard's chat over the agency's
own leads, prospects and campaigns (its internal client), plus the members and their
conversations (ids and first names only, every text through the privacy guard).

French like the console, English on request (`?lang=en`, kept for the session).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from bot.console import users
from bot.console.web import AdminDep, CsrfDep, redirect, render, session_of, web
from bot.core.db import service_transaction
from bot.lead_platform.copilot import chat
from bot.lead_platform.copilot.messages import text
from bot.lead_platform.copilot.workspace import Workspace
from bot.lead_platform.store.campaigns import ensure_internal_client
from bot.web.deps import PoolDep, ServicesDep

router = APIRouter()
BASE = "/admin/copilot"
LANGUAGE_KEY = "copilot_language"
# What the copilot does, as the console's own pages (shown when no LLM is configured).
LINKS = (("/admin/inbox", "link_inbox"), ("/admin/contacts", "link_contacts"), ("/admin/analytics", "link_analytics"),
         ("/admin/growth", "link_brain"), ("/admin/campaigns", "link_campaigns"), ("/admin/templates", "link_templates"))


def workspace(request: Request, admin: users.Admin, pool: PoolDep, services: ServicesDep) -> Workspace:
    """The agency's copilot (its internal client), bound to this admin's browser session."""
    session_id = web(request.app).sessions.current_id(request)
    if session_id is None:  # AdminDep has checked the session: only a race with a sign-out gets here
        raise HTTPException(status_code=303, headers={"Location": "/admin/login"})
    with pool.connection() as conn, service_transaction(conn):
        client = ensure_internal_client(conn)
    language = str(session_of(request).get(LANGUAGE_KEY) or "fr")
    return Workspace(services=services, client_id=client.client_id, session_id=session_id, actor=admin.email,
                     language=language, scope="agency", name=client.business_name)


@router.get("/copilot")
def copilot_page(request: Request, admin: AdminDep, pool: PoolDep, services: ServicesDep,
                 lang: Literal["fr", "en"] | None = None) -> Response:
    if lang is not None:
        session_of(request)[LANGUAGE_KEY] = lang
    ws = workspace(request, admin, pool, services)
    ct = text(ws.language)
    return render(request, "copilot.html", admin=admin, ct=ct, entries=chat.view(ws), base=BASE,
                  offline=services.chat_model is None, links=[(href, ct[key]) for href, key in LINKS])


@router.post("/copilot")
def copilot_ask(request: Request, admin: AdminDep, pool: PoolDep, services: ServicesDep, _: CsrfDep,
                message: Annotated[str, Form(max_length=chat.MAX_QUESTION)] = "") -> Response:
    if services.chat_model is not None and message.strip():
        chat.ask(workspace(request, admin, pool, services), message)
    return redirect(request, f"{BASE}#copilot-form")


@router.post("/copilot/actions/{action_id}/{decision}")
def copilot_decide(request: Request, action_id: uuid.UUID, decision: Literal["confirm", "cancel"],
                   admin: AdminDep, pool: PoolDep, services: ServicesDep, _: CsrfDep) -> Response:
    chat.decide(workspace(request, admin, pool, services), action_id, confirm=decision == "confirm")
    return redirect(request, f"{BASE}#copilot-form")
