"""Console web plumbing: its session cookie, the signed-in admin, CSRF, roles, rendering."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from agents.nlu.reader import CLARIFY_BELOW
from bot.console import users
from bot.console.messages import (
    CONTEXT_LABELS,
    HANDOFF_REASONS,
    INTENT_LABELS,
    SERIES_LABELS,
    STATUS_LABELS,
    T,
)
from bot.console.options import option_tags
from bot.lead_platform.copilot.chat import PAGES as COPILOT_PAGES
from bot.lead_platform.outreach.screens import PAGES as OUTREACH_PAGES
from bot.web.csrf import csrf_token, csrf_valid
from bot.web.flash import pop_flashes
from bot.web.sessions import Session, SessionManager
from bot.web.templating import make_templates
from bot.web.throttle import LoginThrottle

COOKIE = "mb_admin"
PREFIX = "/admin"
LOGIN_PATH = f"{PREFIX}/login"
PASSWORD_PATH = f"{PREFIX}/password"

templates = make_templates(Path(__file__).parent / "templates", OUTREACH_PAGES,  # campaigns' pages too
                           COPILOT_PAGES)
templates.env.globals.update(
    t=T, status_labels=STATUS_LABELS, series_labels=SERIES_LABELS, intent_labels=INTENT_LABELS,
    context_labels=CONTEXT_LABELS, handoff_reasons=HANDOFF_REASONS, clarify_below=CLARIFY_BELOW,
    option_tags=option_tags,
)


@dataclass
class AdminWeb:
    """Per-app web state of the console."""

    sessions: SessionManager
    throttle: LoginThrottle


def web(app: FastAPI) -> AdminWeb:
    existing = getattr(app.state, "admin_web", None)
    if existing is None:
        settings = app.state.settings
        existing = app.state.admin_web = AdminWeb(
            sessions=SessionManager(
                settings.secret_key.get_secret_value(),
                cookie_name=COOKIE,
                path=PREFIX,
                max_age=settings.session_max_age_seconds,
                idle=settings.session_idle_seconds,
                secure=settings.environment == "production",
            ),
            throttle=LoginThrottle(
                free_attempts=settings.login_free_attempts,
                account_free_attempts=settings.login_account_free_attempts,
                max_delay=settings.login_max_delay_seconds,
            ),
        )
    return existing


def session_of(request: Request) -> Session:
    return web(request.app).sessions.load(request)


def _go(location: str) -> HTTPException:
    return HTTPException(status_code=303, headers={"Location": location})


def current_admin(request: Request) -> users.Admin:
    """The admin of a live session, still active; otherwise a redirect to the login page.

    An admin whose password must change is sent to the password page first.
    """
    with request.app.state.services.pool.connection() as conn:
        live = web(request.app).sessions.live(conn, request)
        admin = users.get_admin(conn, live.admin_id) if live and live.admin_id is not None else None
    if admin is None or not admin.is_active:
        session_of(request).clear()
        raise _go(LOGIN_PATH)
    if admin.must_change_password and request.url.path not in (PASSWORD_PATH, f"{PREFIX}/logout"):
        raise _go(PASSWORD_PATH)
    return admin


def require_admin_role(admin: Annotated[users.Admin, Depends(current_admin)]) -> users.Admin:
    """Only the `admin` role may change configuration or manage accounts."""
    if admin.role != "admin":
        raise HTTPException(status_code=403, detail=T["forbidden"])
    return admin


def require_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Every POST form carries the session's token; otherwise 403."""
    if not csrf_valid(session_of(request), csrf_token):
        raise HTTPException(status_code=403, detail=T["bad_csrf"])


AdminDep = Annotated[users.Admin, Depends(current_admin)]
RoleAdminDep = Annotated[users.Admin, Depends(require_admin_role)]
CsrfDep = Annotated[None, Depends(require_csrf)]


def render(
    request: Request,
    name: str,
    *,
    admin: users.Admin | None = None,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """A page with the shared context (CSRF token, flashes, the admin), saving the session."""
    session = session_of(request)
    context.update(csrf=csrf_token(session), flashes=pop_flashes(session), admin=admin, lang="fr",
                   database_in_use=request.app.state.database.about())  # the failover banner
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    return web(request.app).sessions.commit(request, response)


def redirect(request: Request, url: str) -> Response:
    return web(request.app).sessions.commit(request, RedirectResponse(url, status_code=303))
