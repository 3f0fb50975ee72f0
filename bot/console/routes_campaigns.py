"""The agency's own e-mail campaigns (its internal client: the platform's sales), their
templates and prospects under /admin: the shared campaign screens (outreach/screen_routes.py),
in French like the rest of the console."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from bot.console import users
from bot.console.web import PREFIX, current_admin, redirect, render, require_csrf, session_of
from bot.core.connections import Conn
from bot.core.db import service_transaction
from bot.lead_platform.outreach.screen_routes import Area, Notice, campaign_router
from bot.lead_platform.store.campaigns import ensure_internal_client
from bot.web.flash import flash


def _internal_client(conn: Conn, _admin: users.Admin) -> uuid.UUID:
    """The internal client (created on first use)."""
    with service_transaction(conn):
        return ensure_internal_client(conn).client_id


def _french(_admin: users.Admin) -> str:
    return "fr"


def _render(request: Request, admin: users.Admin, name: str, *, status_code: int = 200,
            **context: Any) -> Response:
    return render(request, name, admin=admin, status_code=status_code, **context)


def _flash(request: Request, message: str, level: Notice) -> None:
    flash(session_of(request), message, level)


# Mounted under the console's /admin with its other pages (bot/console/routes.py).
router = campaign_router(Area(prefix=PREFIX, user=current_admin, csrf=require_csrf, client_of=_internal_client,
                              language_of=_french, render=_render, flash=_flash, redirect=redirect))
