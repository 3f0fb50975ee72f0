"""Contact requests and payments: approve, reject, mark paid, share the contact, history."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from bot.console import actions
from bot.console.messages import T
from bot.console.web import AdminDep, CsrfDep, redirect, render, session_of
from bot.store import contacts
from bot.store import conversations as repo
from bot.web.deps import ServicesDep
from bot.web.flash import flash

router = APIRouter()
RequestStatus = Literal["", "pending", "approved", "rejected", "paid", "shared", "cancelled"]


@router.get("/contacts")
def contacts_page(
    request: Request, admin: AdminDep, services: ServicesDep, status: RequestStatus = ""
) -> Response:
    with services.pool.connection() as conn:
        rows = contacts.list_requests(conn, status=status or None)
    return render(request, "contacts.html", admin=admin, rows=rows, status=status)


@router.get("/contacts/{request_id}")
def request_page(
    request: Request, request_id: int, admin: AdminDep, services: ServicesDep
) -> Response:
    with services.pool.connection() as conn:
        row = contacts.get_request_row(conn, request_id)
        history = contacts.request_history(conn, request_id) if row else []
    if row is None:
        raise HTTPException(status_code=404, detail=T["not_found"])
    return render(request, "contact_request.html", admin=admin, r=row, history=history)


def _back(request: Request, request_id: int, ok: bool) -> Response:
    flash(
        session_of(request), T["done"] if ok else T["not_allowed_now"], "success" if ok else "error"
    )
    return redirect(request, f"/admin/contacts/{request_id}")


@router.post("/contacts/{request_id}/approve")
def approve(
    request: Request,
    request_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    with services.pool.connection() as conn, conn.transaction():
        ok = contacts.approve_request(
            conn, request_id, admin_id=admin.id, note=note.strip() or None
        )
    return _back(request, request_id, ok)


@router.post("/contacts/{request_id}/reject")
def reject(
    request: Request,
    request_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    with services.pool.connection() as conn, conn.transaction():
        ok = contacts.reject_request(conn, request_id, admin_id=admin.id, note=note.strip() or None)
    return _back(request, request_id, ok)


@router.post("/contacts/{request_id}/paid")
def paid(
    request: Request,
    request_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    method: Annotated[str, Form(max_length=40)] = "",
    reference: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    with services.pool.connection() as conn, conn.transaction():
        ok = contacts.mark_paid(
            conn,
            request_id,
            admin_id=admin.id,
            payment_method=method.strip() or None,
            reference=reference.strip() or None,
        )
    return _back(request, request_id, ok)


@router.post("/contacts/{request_id}/share")
def share(
    request: Request,
    request_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    details: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The admin's explicit act: the contact details they typed go to the member, and it is logged."""
    if not details.strip():
        flash(session_of(request), T["empty_reply"], "error")
        return redirect(request, f"/admin/contacts/{request_id}")
    with services.pool.connection() as conn, conn.transaction():
        row = contacts.get_request_row(conn, request_id)
        if row is None:
            raise HTTPException(status_code=404, detail=T["not_found"])
        ok = contacts.mark_shared(conn, request_id, admin_id=admin.id)
        lead = repo.get_lead(conn, row.lead_id)
        if ok and lead is not None:
            actions.send_admin_message(
                conn,
                services,
                lead=lead,
                admin_id=admin.id,
                text=details.strip(),
                profile_code=row.profile_code,
            )
    return _back(request, request_id, ok)
