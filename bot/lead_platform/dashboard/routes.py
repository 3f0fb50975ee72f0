"""Dashboard pages under /dashboard. Every tenant query runs in the viewer's tenant transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.lead_platform.copilot.chat import PAGES as COPILOT_PAGES
from bot.lead_platform.dashboard.auth import LOGIN_PATH, CsrfDep, Viewer, ViewerDep, session_of, web
from bot.lead_platform.dashboard.messages import ACTIONS, SUGGESTED_TAGS, ui
from bot.lead_platform.enrichment.summaries import summary_for
from bot.lead_platform.enrichment.taxonomy import INTENTS, URGENCIES, intent_label, tone_label, urgency_label
from bot.lead_platform.outreach.screens import PAGES as OUTREACH_PAGES
from bot.lead_platform.store import accuracy
from bot.lead_platform.store import clients as clients_repo
from bot.lead_platform.store import leads as repo
from bot.lead_platform.store.intake import enqueue_reanalysis
from bot.store import sessions
from bot.web.csrf import csrf_token, rotate
from bot.web.deps import PoolDep, SettingsDep
from bot.web.flash import flash, pop_flashes
from bot.web.passwords import hash_password, needs_rehash, verify_password
from bot.web.templating import make_templates

router = APIRouter(prefix="/dashboard", include_in_schema=False)
templates = make_templates(Path(__file__).parent / "templates", OUTREACH_PAGES,  # campaigns' pages too
                           COPILOT_PAGES)
PAGE_SIZE = 50


@contextmanager
def tenant(pool: PoolDep, viewer: Viewer) -> Iterator[Conn]:
    with pool.connection() as conn, tenant_transaction(conn, viewer.client_id):
        yield conn


def render(request: Request, name: str, *, language: str, status_code: int = 200, **context: Any) -> Response:
    """A page with the shared context (texts, CSRF token, flashes), saving the session."""
    session = session_of(request)
    context.update(
        t=ui(language), lang=language, csrf=csrf_token(session), flashes=pop_flashes(session),
        action_names=ACTIONS.get(language, ACTIONS["en"]), intent_label=intent_label, tone_label=tone_label,
        urgency_label=urgency_label,
        signed_in=context.get("viewer") is not None,
    )
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    return web(request.app).sessions.commit(request, response)


def redirect(request: Request, url: str) -> Response:
    return web(request.app).sessions.commit(request, RedirectResponse(url, status_code=303))


# -- sign-in ---------------------------------------------------------------------------

@router.get("")
def home() -> RedirectResponse:
    return RedirectResponse("/dashboard/leads", status_code=303)


@router.get("/login")
def login_page(request: Request, lang: Literal["en", "fr"] = "en") -> Response:
    return render(request, "login.html", language=lang)


@router.post("/login")
def login(request: Request, pool: PoolDep, _: CsrfDep, email: Annotated[str, Form(max_length=255)] = "",
          password: Annotated[str, Form(max_length=1024)] = "", lang: Annotated[str, Form()] = "en") -> Response:
    """Check the password (argon2); repeated failures slow down their address, the account much later."""
    language = lang if lang in ("en", "fr") else "en"
    t = ui(language)
    ip = request.client.host if request.client else "?"
    throttle = web(request.app).throttle
    wait = throttle.wait_seconds(email, ip)
    if wait > 0:
        return render(request, "login.html", language=language, status_code=429, email=email,
                      error=t["throttled"].format(seconds=int(wait) + 1))
    with pool.connection() as conn, service_transaction(conn):
        record = clients_repo.login_record(conn, email) if email else None
    if not verify_password(record[1] if record else None, password) or record is None:
        throttle.failure(email, ip)
        return render(request, "login.html", language=language, status_code=401, email=email, error=t["bad_login"])
    throttle.success(email, ip)
    client_id, stored = record
    with pool.connection() as conn:
        with tenant_transaction(conn, client_id):
            client = clients_repo.get_client(conn, client_id)
            clients_repo.record_login(conn, client_id,
                                      new_hash=hash_password(password) if needs_rehash(stored or "") else None)
        session = web(request.app).sessions.sign_in(conn, request, client_id=client_id)
    session["email"] = client.email if client else email
    session["language"] = client.language if client else language
    rotate(session)
    return redirect(request, "/dashboard/leads")


@router.post("/logout")
def logout(request: Request, pool: PoolDep, _: CsrfDep) -> Response:
    """End this session on the server: a copy of the cookie signs nobody in any more."""
    with pool.connection() as conn:
        web(request.app).sessions.sign_out(conn, request)
    return redirect(request, LOGIN_PATH)


@router.post("/logout-everywhere")
def logout_everywhere(request: Request, viewer: ViewerDep, pool: PoolDep, _: CsrfDep) -> Response:
    """End every session of this client, on every device, this one included."""
    with pool.connection() as conn:
        sessions.revoke_account(conn, client_id=viewer.client_id)
        web(request.app).sessions.sign_out(conn, request)
    return redirect(request, LOGIN_PATH)


def _password_page(request: Request, viewer: Viewer, pool: PoolDep, *, status_code: int = 200,
                   error: str | None = None) -> Response:
    """The password form and the client's live sessions (this one marked)."""
    manager = web(request.app).sessions
    with pool.connection() as conn:
        live = sessions.list_live(conn, idle=manager.idle, client_id=viewer.client_id)
    return render(request, "password.html", language=viewer.language, viewer=viewer, status_code=status_code,
                  error=error, sessions=live, current_session=manager.current_id(request),
                  min_length=clients_repo.MIN_PASSWORD_LENGTH)


@router.get("/password")
def password_page(request: Request, viewer: ViewerDep, pool: PoolDep) -> Response:
    return _password_page(request, viewer, pool)


@router.post("/password")
def change_password(
    request: Request, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
    current: Annotated[str, Form(max_length=1024)] = "", new: Annotated[str, Form(max_length=1024)] = "",
    confirm: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """A new password ends every other session of the client (whoever knew the old one)."""
    t = ui(viewer.language)
    with tenant(pool, viewer) as conn:
        stored = clients_repo.stored_password(conn, viewer.client_id)
    if not verify_password(stored, current):
        error = t["bad_password"]
    elif len(new) < clients_repo.MIN_PASSWORD_LENGTH:
        error = t["password_too_short"].format(n=clients_repo.MIN_PASSWORD_LENGTH)
    elif new != confirm:
        error = t["password_mismatch"]
    else:
        with pool.connection() as conn, conn.transaction():
            sessions.revoke_account(conn, client_id=viewer.client_id, keep=web(request.app).sessions.current_id(request))
            with tenant_transaction(conn, viewer.client_id):
                clients_repo.set_password(conn, viewer.client_id, password_hash=hash_password(new))
        flash(viewer.session, t["password_changed"], "success")
        return redirect(request, "/dashboard/leads")
    return _password_page(request, viewer, pool, status_code=400, error=error)


# -- leads -----------------------------------------------------------------------------

@router.get("/leads")
def leads_page(
    request: Request, viewer: ViewerDep, pool: PoolDep,
    status: Literal["active", "archived", "deleted", "all"] = "active",
    intent: Annotated[str, Query(max_length=100)] = "", urgency: Annotated[str, Query(max_length=10)] = "",
    tag: Annotated[str, Query(max_length=50)] = "", language: Annotated[str, Query(max_length=2)] = "",
    q: Annotated[str, Query(max_length=200)] = "", page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    flt = repo.LeadFilter(status=status, intent=intent or None, urgency=urgency or None, tag=tag or None,
                          language=language or None, search=q or None, limit=PAGE_SIZE + 1,
                          offset=(page - 1) * PAGE_SIZE)
    with tenant(pool, viewer) as conn:
        rows = repo.list_leads(conn, flt)
        menus = repo.distinct_values(conn)
    return render(request, "leads.html", language=viewer.language, viewer=viewer, leads=rows[:PAGE_SIZE],
                  has_next=len(rows) > PAGE_SIZE, page=page, menus=menus, urgencies=URGENCIES,
                  filters={"status": status, "intent": intent, "urgency": urgency, "tag": tag,
                           "language": language, "q": q})


@router.get("/leads/{lead_id}")
def lead_page(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep) -> Response:
    with tenant(pool, viewer) as conn:
        lead = repo.get_lead(conn, lead_id)
        notes = repo.list_notes(conn, lead_id) if lead else []
        actions = repo.journal(conn, lead_id=lead_id) if lead else []
    if lead is None:
        return render(request, "not_found.html", language=viewer.language, viewer=viewer, status_code=404)
    with pool.connection() as conn, service_transaction(conn):  # translations are system data
        summary = summary_for(conn, lead=lead, language=viewer.language, client_id=viewer.client_id)
    return render(request, "lead.html", language=viewer.language, viewer=viewer, lead=lead, notes=notes,
                  actions=actions, suggested_tags=SUGGESTED_TAGS, summary=summary, intents=INTENTS,
                  urgencies=URGENCIES)


@router.get("/activity")
def activity_page(request: Request, viewer: ViewerDep, pool: PoolDep) -> Response:
    with tenant(pool, viewer) as conn:
        actions = repo.journal(conn, limit=200)
        weekly = accuracy.weekly(conn, today=dt.datetime.now(dt.UTC).date())
    return render(request, "activity.html", language=viewer.language, viewer=viewer, actions=actions,
                  accuracy=weekly)


@router.get("/keys")
def keys_page(request: Request, viewer: ViewerDep, pool: PoolDep, settings: SettingsDep) -> Response:
    """Which key is which: the form key and the secret key by their visible prefix, never whole."""
    with tenant(pool, viewer) as conn:
        client = clients_repo.get_client(conn, viewer.client_id)
    if client is None:
        raise HTTPException(status_code=404, detail="client not found")
    return render(request, "keys.html", language=viewer.language, viewer=viewer, client=client,
                  cache_seconds=round(settings.api_key_cache_seconds))


def _done(request: Request, viewer: Viewer, lead_id: uuid.UUID, result: object) -> Response:
    if not result:
        raise HTTPException(status_code=404, detail="lead not found")
    flash(viewer.session, ui(viewer.language)["done"], "success")
    return redirect(request, f"/dashboard/leads/{lead_id}")


@router.post("/leads/{lead_id}/tag")
def tag(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
        tag: Annotated[str, Form(max_length=50)] = "") -> Response:
    with tenant(pool, viewer) as conn:
        result = repo.tag_lead(conn, lead_id, tag=tag.strip() or None, performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/state")
def change_state(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
                 action: Annotated[Literal["archived", "deleted", "reactivated"], Form()]) -> Response:
    with tenant(pool, viewer) as conn:
        result = repo.set_state(conn, lead_id, action=action, performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/convert")
def convert(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep) -> Response:
    with tenant(pool, viewer) as conn:
        result = repo.mark_converted(conn, lead_id, performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/reanalyze")
def reanalyze(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep) -> Response:
    with tenant(pool, viewer) as conn:
        result = repo.record_reanalysis_request(conn, lead_id, performed_by=viewer.email)
    if result:
        with pool.connection() as conn:
            enqueue_reanalysis(conn, client_id=viewer.client_id, lead_id=lead_id)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/analysis")
def correct_analysis(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
                     intent: Annotated[str, Form(max_length=100)] = "",
                     urgency: Annotated[str, Form(max_length=10)] = "") -> Response:
    """The client's own intent and urgency: what the analysis learns from."""
    if intent and intent not in INTENTS:
        raise HTTPException(status_code=422, detail="intent: not one of the known intents")
    if urgency and urgency not in URGENCIES:
        raise HTTPException(status_code=422, detail="urgency: not one of Élevée, Moyenne, Faible")
    with tenant(pool, viewer) as conn:
        result = repo.correct_analysis(conn, lead_id, intent=intent or None, urgency=urgency or None,
                                       performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/revert")
def revert(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
           reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    if not reason.strip():
        flash(viewer.session, ui(viewer.language)["reason_required"], "error")
        return redirect(request, f"/dashboard/leads/{lead_id}")
    with tenant(pool, viewer) as conn:
        result = repo.revert_conversion(conn, lead_id, reason=reason.strip(), performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/notes")
def add_note(request: Request, lead_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
             note: Annotated[str, Form(max_length=10_000)] = "") -> Response:
    if not note.strip():
        flash(viewer.session, ui(viewer.language)["note_required"], "error")
        return redirect(request, f"/dashboard/leads/{lead_id}")
    with tenant(pool, viewer) as conn:
        result = repo.add_note(conn, lead_id, note=note.strip(), performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/notes/{note_id}/edit")
def edit_note(request: Request, lead_id: uuid.UUID, note_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep,
              _: CsrfDep, note: Annotated[str, Form(max_length=10_000)] = "") -> Response:
    if not note.strip():
        flash(viewer.session, ui(viewer.language)["note_required"], "error")
        return redirect(request, f"/dashboard/leads/{lead_id}")
    with tenant(pool, viewer) as conn:
        result = repo.edit_note(conn, lead_id, note_id, note=note.strip(), performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)


@router.post("/leads/{lead_id}/notes/{note_id}/delete")
def delete_note(request: Request, lead_id: uuid.UUID, note_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep,
                _: CsrfDep) -> Response:
    with tenant(pool, viewer) as conn:
        result = repo.delete_note(conn, lead_id, note_id, performed_by=viewer.email)
    return _done(request, viewer, lead_id, result)
