"""Dashboard sign-in: session cookie, CSRF check, login throttle, the signed-in client."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Form, HTTPException, Request

from bot.web.csrf import csrf_valid
from bot.web.deps import PoolDep
from bot.web.sessions import Session, SessionManager
from bot.web.throttle import LoginThrottle

COOKIE = "mb_dashboard"
LOGIN_PATH = "/dashboard/login"


@dataclass
class DashboardWeb:
    """Per-app web state of the dashboard."""

    sessions: SessionManager
    throttle: LoginThrottle


def web(app: FastAPI) -> DashboardWeb:
    existing = getattr(app.state, "dashboard_web", None)
    if existing is None:
        settings = app.state.settings
        existing = app.state.dashboard_web = DashboardWeb(
            sessions=SessionManager(settings.secret_key.get_secret_value(), cookie_name=COOKIE,
                                    path="/dashboard", max_age=settings.session_max_age_seconds,
                                    idle=settings.session_idle_seconds,
                                    secure=settings.environment == "production"),
            throttle=LoginThrottle(free_attempts=settings.login_free_attempts,
                                   account_free_attempts=settings.login_account_free_attempts,
                                   max_delay=settings.login_max_delay_seconds),
        )
    return existing


def session_of(request: Request) -> Session:
    return web(request.app).sessions.load(request)


@dataclass(frozen=True)
class Viewer:
    """The signed-in client user."""

    client_id: uuid.UUID
    email: str
    language: str
    session: Session


def current_viewer(request: Request, pool: PoolDep) -> Viewer:
    """The client of a live session, or a redirect to the sign-in page."""
    with pool.connection() as conn:
        live = web(request.app).sessions.live(conn, request)
    session = session_of(request)
    if live is None or live.client_id is None:
        raise HTTPException(status_code=303, headers={"Location": LOGIN_PATH})
    return Viewer(client_id=live.client_id, email=str(session.get("email", "")),
                  language=str(session.get("language", "en")), session=session)


def require_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Every POST form carries the session's token; otherwise 403."""
    if not csrf_valid(session_of(request), csrf_token):
        raise HTTPException(status_code=403, detail="CSRF token missing or invalid")


ViewerDep = Annotated[Viewer, Depends(current_viewer)]
CsrfDep = Annotated[None, Depends(require_csrf)]
