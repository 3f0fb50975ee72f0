"""The Growth Copilot's chat in the client dashboard, under /dashboard/copilot.

Plain forms (CSRF like every dashboard form): a message posts and the page comes back with
the answer; a change the copilot prepared is confirmed or cancelled with its own buttons,
only in the session that was shown it. Offline, the page says the copilot needs an LLM and
links to the forms that do the same things.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from bot.lead_platform.copilot import chat
from bot.lead_platform.copilot.messages import text
from bot.lead_platform.copilot.workspace import Workspace
from bot.lead_platform.dashboard.auth import CsrfDep, Viewer, ViewerDep, web
from bot.lead_platform.dashboard.routes import redirect, render, tenant
from bot.lead_platform.store import clients as clients_repo
from bot.web.deps import PoolDep, ServicesDep

router = APIRouter(prefix="/dashboard", include_in_schema=False)
BASE = "/dashboard/copilot"
# What the copilot does, as the dashboard's own pages (shown when no LLM is configured).
LINKS = (("/dashboard/leads", "link_leads"), ("/dashboard/activity", "link_activity"),
         ("/dashboard/brain", "link_brain"), ("/dashboard/campaigns", "link_campaigns"),
         ("/dashboard/templates", "link_templates"))


def workspace(request: Request, viewer: Viewer, pool: PoolDep, services: ServicesDep) -> Workspace:
    """The signed-in client's copilot, bound to this browser's session."""
    session_id = web(request.app).sessions.current_id(request)
    if session_id is None:  # ViewerDep has checked the session: only a race with a sign-out gets here
        raise HTTPException(status_code=303, headers={"Location": "/dashboard/login"})
    with tenant(pool, viewer) as conn:
        client = clients_repo.get_client(conn, viewer.client_id)
    return Workspace(services=services, client_id=viewer.client_id, session_id=session_id, actor=viewer.email,
                     language=viewer.language, scope="client", name=client.business_name if client else viewer.email)


@router.get("/copilot")
def copilot_page(request: Request, viewer: ViewerDep, pool: PoolDep, services: ServicesDep) -> Response:
    ct = text(viewer.language)
    entries = chat.view(workspace(request, viewer, pool, services))
    return render(request, "copilot.html", language=viewer.language, viewer=viewer, ct=ct, entries=entries,
                  offline=services.chat_model is None, links=[(href, ct[key]) for href, key in LINKS], base=BASE)


@router.post("/copilot")
def copilot_ask(request: Request, viewer: ViewerDep, pool: PoolDep, services: ServicesDep, _: CsrfDep,
                message: Annotated[str, Form(max_length=chat.MAX_QUESTION)] = "") -> Response:
    if services.chat_model is not None and message.strip():
        chat.ask(workspace(request, viewer, pool, services), message)
    return redirect(request, f"{BASE}#copilot-form")


@router.post("/copilot/actions/{action_id}/{decision}")
def copilot_decide(request: Request, action_id: uuid.UUID, decision: Literal["confirm", "cancel"],
                   viewer: ViewerDep, pool: PoolDep, services: ServicesDep, _: CsrfDep) -> Response:
    chat.decide(workspace(request, viewer, pool, services), action_id, confirm=decision == "confirm")
    return redirect(request, f"{BASE}#copilot-form")
