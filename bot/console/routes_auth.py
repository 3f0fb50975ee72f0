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
    """Check the password (argon2); repeated failures wait longer per account and address."""
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
                free_attempts=settings.login_free_attempts,
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
    session = session_of(request)
    session.clear()
    session["admin_id"] = outcome.admin_id
    rotate(session)
    return redirect(request, "/admin/inbox")


@router.post("/logout")
def logout(request: Request, _: CsrfDep) -> Response:
    session_of(request).clear()
    return redirect(request, LOGIN_PATH)


@router.get("/password")
def password_page(request: Request, admin: AdminDep) -> Response:
    return render(request, "password.html", admin=admin)


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
                    users.set_password(conn, admin.id, password=new)
                except ValueError:
                    error = T["must_change"]
    if error:
        return render(request, "password.html", admin=admin, status_code=400, error=error)
    flash(session_of(request), T["password_changed"], "success")
    return redirect(request, "/admin/inbox")
