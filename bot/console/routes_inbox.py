"""The inbox and a conversation: thread, takeover, release, reply, shortlist and profile sends."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from bot.channels.media import MediaUnavailable, fetch_media
from bot.console import actions, repository
from bot.console.messages import T
from bot.console.web import AdminDep, CsrfDep, redirect, render, session_of
from bot.core.connections import Conn
from bot.store import contacts, inbound, understanding
from bot.store import conversations as repo
from bot.store.configuration import get_configuration
from bot.web.deps import ServicesDep
from bot.web.flash import flash
from knowledge.profiles import get_profile_by_code

log = logging.getLogger(__name__)
router = APIRouter()
Status = Literal["", "bot", "waiting", "admin", "opted_out"]


@router.get("/inbox")
def inbox_page(
    request: Request,
    admin: AdminDep,
    services: ServicesDep,
    status: Status = "",
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    with services.pool.connection() as conn:
        rows = repository.inbox(conn, status=status or None, search=q or None)
        counts = repository.inbox_counts(conn)
    return render(request, "inbox.html", admin=admin, rows=rows, counts=counts, status=status, q=q)


@router.get("/inbox/rows")
def inbox_rows(
    request: Request,
    admin: AdminDep,
    services: ServicesDep,
    status: Status = "",
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The inbox table body alone, polled by the page every few seconds."""
    with services.pool.connection() as conn:
        rows = repository.inbox(conn, status=status or None, search=q or None)
    return render(request, "_inbox_rows.html", admin=admin, rows=rows)


@router.get("/inbox/counts")
def inbox_counts(admin: AdminDep, services: ServicesDep) -> JSONResponse:
    """Conversations per status and unread messages (the page's tabs and title poll it)."""
    with services.pool.connection() as conn:
        return JSONResponse(repository.inbox_counts(conn))


def _lead(conn: Conn, lead_id: int) -> repo.Lead:
    lead = repo.get_lead(conn, lead_id)
    if lead is None:
        raise HTTPException(status_code=404, detail=T["not_found"])
    return lead


def _thread_context(conn: Conn, lead_id: int) -> dict[str, Any]:
    return {
        "messages": repo.thread(conn, lead_id, limit=300),
        "errors": repository.delivery_errors(conn, lead_id),
        "senders": repository.senders(conn),
        "meanings": understanding.meanings_of_lead(conn, lead_id),
    }


@router.get("/conversations/{lead_id}")
def conversation_page(
    request: Request, lead_id: int, admin: AdminDep, services: ServicesDep
) -> Response:
    with services.pool.connection() as conn:
        lead = _lead(conn, lead_id)
        repository.mark_read(conn, lead_id)
        view = repository.conversation_view(conn, lead_id) or {
            "status": "bot",
            "window_open": False,
        }
        context = _thread_context(conn, lead_id)
        templates = get_configuration(conn, "whatsapp_templates", {}) or {}
        page = dict(
            lead=lead,
            view=view,
            shown=repository.shown_profiles(conn, lead_id),
            requests=contacts.list_requests(conn, lead_id=lead_id),
            alerts=repository.lead_alerts(conn, lead_id),
            shortlist=actions.shortlist(conn, services, lead=lead),
            has_template=isinstance(templates, dict) and "admin" in templates,
            review_since=understanding.pending_review_since(conn, lead_id),
            **context,
        )
    return render(request, "conversation.html", admin=admin, **page)


@router.get("/conversations/{lead_id}/thread")
def thread_fragment(
    request: Request, lead_id: int, admin: AdminDep, services: ServicesDep
) -> Response:
    """The thread alone (polled while the page is open); opening it marks messages read."""
    with services.pool.connection() as conn:
        _lead(conn, lead_id)
        repository.mark_read(conn, lead_id)
        context = _thread_context(conn, lead_id)
    return render(request, "_thread.html", admin=admin, **context)


# Types a browser may show in the console's own origin; anything else (HTML, SVG, PDF...)
# is a download, so that a member's file never runs as a console page.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "audio/ogg", "audio/mpeg",
                          "audio/aac", "audio/amr", "audio/mp4", "video/mp4", "video/3gpp"})


@router.get("/conversations/{lead_id}/media/{message_id}/{index}")
def member_media(
    lead_id: int, message_id: int, index: Annotated[int, Path(ge=0, le=99)], admin: AdminDep, services: ServicesDep
) -> Response:
    """A photo or file the member sent, fetched from the provider with the server's credentials
    (the page only ever links here: never to the provider, never with its credentials)."""
    with services.pool.connection() as conn:
        stored = inbound.member_media(conn, lead_id=lead_id, message_id=message_id, index=index)
    if stored is None:
        raise HTTPException(status_code=404, detail=T["not_found"])
    try:
        media = fetch_media(services.settings, stored)
    except MediaUnavailable as exc:
        log.warning("media of message %s not served: %s", message_id, exc)
        raise HTTPException(status_code=exc.status, detail=T["media_unavailable"]) from None
    disposition = "inline" if media.content_type in INLINE_TYPES else "attachment"
    return Response(media.content, media_type=media.content_type, headers={
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox", "Cache-Control": "private, max-age=3600",
    })


@router.post("/conversations/{lead_id}/take-over")
def take_over(
    request: Request, lead_id: int, admin: AdminDep, services: ServicesDep, _: CsrfDep
) -> Response:
    with services.pool.connection() as conn, conn.transaction():
        _lead(conn, lead_id)
        repository.take_over(conn, lead_id, admin_id=admin.id)
    flash(session_of(request), T["taken_over"], "success")
    return redirect(request, f"/admin/conversations/{lead_id}")


@router.post("/conversations/{lead_id}/release")
def release(
    request: Request, lead_id: int, admin: AdminDep, services: ServicesDep, _: CsrfDep
) -> Response:
    with services.pool.connection() as conn, conn.transaction():
        _lead(conn, lead_id)
        repository.release(conn, lead_id, admin_id=admin.id)
    flash(session_of(request), T["released"], "success")
    return redirect(request, f"/admin/conversations/{lead_id}")


@router.post("/conversations/{lead_id}/reply")
def reply(
    request: Request,
    lead_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    if not text.strip():
        flash(session_of(request), T["empty_reply"], "error")
        return redirect(request, f"/admin/conversations/{lead_id}")
    with services.pool.connection() as conn:
        lead = _lead(conn, lead_id)
        actions.send_admin_message(conn, services, lead=lead, admin_id=admin.id, text=text.strip())
    flash(session_of(request), T["reply_sent"], "success")
    return redirect(request, f"/admin/conversations/{lead_id}")


@router.post("/conversations/{lead_id}/send-profile")
def send_profile(
    request: Request,
    lead_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    code: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    with services.pool.connection() as conn:
        lead = _lead(conn, lead_id)
        profile = get_profile_by_code(conn, code)
        if profile is None or profile.status != "active":
            raise HTTPException(status_code=404, detail=T["not_found"])
        actions.send_profile(conn, services, lead=lead, profile=profile, admin_id=admin.id)
    flash(session_of(request), T["profile_sent"], "success")
    return redirect(request, f"/admin/conversations/{lead_id}")
