"""Sign-in, sign-out, password change, and the console's static files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, Response

from bot.console import users
from bot.console.messages import T
from bot.console.web import (
    LOGIN_PATH,
    AdminDep,
    CsrfDep,
    redirect,
    render,
    session_of,
    web,
)
from bot.store import sessions
from bot.web.csrf import rotate
from bot.web.deps import ServicesDep
from bot.web.flash import flash

router = APIRouter()
STATIC_DIR = Path(__file__).parent / "static"
_STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


@router.get("/static/{name}")
def static_file(name: str) -> FileResponse:
    """The console's own CSS/JS (flat folder, whitelisted suffixes, no login needed)."""
    path = STATIC_DIR / name
    if "/" in name or path.suffix not in _STATIC_TYPES or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(
        path,
        media_type=_STATIC_TYPES[path.suffix],
        headers={"Cache-Control": "public, max-age=600"},
    )


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login")
def login(
    request: Request,
    services: ServicesDep,
    _: CsrfDep,
    email: Annotated[str, Form(max_length=255)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Check the password (argon2); repeated failures wait longer, per address first (see
    bot.web.throttle), per account only much later (also in the database, across processes)."""
    ip = request.client.host if request.client else "?"
    throttle = web(request.app).throttle
    settings = services.settings
    wait = throttle.wait_seconds(email, ip)
    if wait <= 0:
        with services.pool.connection() as conn:
            outcome = users.check_login(
                conn,
                email=email,
                password=password,
                free_attempts=settings.login_account_free_attempts,
                max_delay=settings.login_max_delay_seconds,
            )
        wait = outcome.locked_seconds
    else:
        outcome = users.LoginOutcome()
    if wait > 0:
        return render(
            request,
            "login.html",
            status_code=429,
            email=email,
            error=T["throttled"].format(seconds=int(wait) + 1),
        )
    if outcome.admin_id is None:
        throttle.failure(email, ip)
        return render(request, "login.html", status_code=401, email=email, error=T["bad_login"])
    throttle.success(email, ip)
    with services.pool.connection() as conn:
        session = web(request.app).sessions.sign_in(conn, request, admin_id=outcome.admin_id)
    rotate(session)
    return redirect(request, "/admin/inbox")


@router.post("/logout")
def logout(request: Request, services: ServicesDep, _: CsrfDep) -> Response:
    """End this session on the server: a copy of the cookie signs nobody in any more."""
    with services.pool.connection() as conn:
        web(request.app).sessions.sign_out(conn, request)
    return redirect(request, LOGIN_PATH)


@router.post("/logout-everywhere")
def logout_everywhere(request: Request, admin: AdminDep, services: ServicesDep, _: CsrfDep) -> Response:
    """End every session of this account, on every device, this one included."""
    with services.pool.connection() as conn:
        sessions.revoke_account(conn, admin_id=admin.id)
        web(request.app).sessions.sign_out(conn, request)
    return redirect(request, LOGIN_PATH)


def _password_page(request: Request, admin: users.Admin, services: ServicesDep, *,
                   status_code: int = 200, error: str | None = None) -> Response:
    """The password form and the account's live sessions (this one marked)."""
    manager = web(request.app).sessions
    with services.pool.connection() as conn:
        live = sessions.list_live(conn, idle=manager.idle, admin_id=admin.id)
    return render(request, "password.html", admin=admin, status_code=status_code, error=error,
                  sessions=live, current_session=manager.current_id(request))


@router.get("/password")
def password_page(request: Request, admin: AdminDep, services: ServicesDep) -> Response:
    return _password_page(request, admin, services)


@router.post("/password")
def change_password(
    request: Request,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    current: Annotated[str, Form(max_length=1024)] = "",
    new: Annotated[str, Form(max_length=1024)] = "",
    confirm: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    error = None
    if new != confirm:
        error = T["password_mismatch"]
    else:
        with services.pool.connection() as conn:
            ok = users.check_login(conn, email=admin.email, password=current).admin_id == admin.id
            if not ok:
                error = T["bad_login"]
            else:
                try:
                    users.set_password(conn, admin.id, password=new,
                                       keep_session=web(request.app).sessions.current_id(request))
                except ValueError:
                    error = T["must_change"]
    if error:
        return _password_page(request, admin, services, status_code=400, error=error)
    flash(session_of(request), T["password_changed"], "success")
    return redirect(request, "/admin/inbox")
