"""The client's e-mail campaigns, templates and prospects under /dashboard: the shared campaign
screens (outreach/screen_routes.py) for the signed-in client, in the client's language."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.core.connections import Conn
from bot.lead_platform.dashboard.auth import Viewer, current_viewer, require_csrf, session_of
from bot.lead_platform.dashboard.routes import redirect, render
from bot.lead_platform.outreach.screen_routes import Area, Notice, campaign_router
from bot.web.flash import flash


def _client(_conn: Conn, viewer: Viewer) -> uuid.UUID:
    return viewer.client_id


def _language(viewer: Viewer) -> str:
    return viewer.language


def _render(request: Request, viewer: Viewer, name: str, *, status_code: int = 200, **context: Any) -> Response:
    return render(request, name, language=viewer.language, viewer=viewer, status_code=status_code, **context)


def _flash(request: Request, message: str, level: Notice) -> None:
    flash(session_of(request), message, level)


PREFIX = "/dashboard"
router = APIRouter(prefix=PREFIX, include_in_schema=False)
router.include_router(campaign_router(Area(prefix=PREFIX, user=current_viewer, csrf=require_csrf,
                                           client_of=_client, language_of=_language, render=_render,
                                           flash=_flash, redirect=redirect)))
