"""The agency's own e-mail campaigns (its internal client: the platform's sales) under
/admin/campaigns, and their templates under /admin/templates.

The same pages as the client dashboard's (outreach/pages); every query runs in the
internal client's tenant transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from bot.console import users
from bot.console.web import AdminDep, CsrfDep, redirect, render, session_of
from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.lead_platform.outreach import campaign_jobs, campaigns, screens
from bot.lead_platform.outreach.campaigns import CampaignError
from bot.lead_platform.outreach.templates import TemplateError
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import outreach_emails
from bot.web.deps import PoolDep
from bot.web.flash import flash

router = APIRouter()
BASE = "/admin/campaigns"
TEMPLATES = "/admin/templates"
OT = screens.text("fr")
CampaignFormDep = Annotated[screens.CampaignForm, Form()]


@contextmanager
def internal(pool: PoolDep) -> Iterator[tuple[Conn, uuid.UUID]]:
    """The internal client's tenant transaction (the client is created on first use)."""
    with pool.connection() as conn:
        with service_transaction(conn):
            client_id = repo.ensure_internal_client(conn).client_id
        with tenant_transaction(conn, client_id):
            yield conn, client_id


def page(request: Request, admin: users.Admin, name: str, *, status_code: int = 200, **context: Any) -> Response:
    return render(request, name, admin=admin, status_code=status_code, ot=OT, ev=screens.EVENTS["fr"], base=BASE,
                  templates_base=TEMPLATES, smtp_ready=bool(request.app.state.settings.smtp_host), **context)


def _done(request: Request, url: str, message: str = OT["saved"],
          level: Literal["success", "error"] = "success") -> Response:
    flash(session_of(request), message, level)
    return redirect(request, url)


def _missing() -> HTTPException:
    return HTTPException(status_code=404, detail="campagne introuvable")


@router.get("/campaigns")
def campaigns_page(request: Request, admin: AdminDep, pool: PoolDep) -> Response:
    with internal(pool) as (conn, client_id):
        context = screens.overview(conn, client_id)
    return page(request, admin, "outreach_campaigns.html", **context)


@router.post("/campaigns/postal-address")
def save_postal_address(request: Request, admin: AdminDep, pool: PoolDep, _: CsrfDep,
                        postal_address: Annotated[str, Form(max_length=500)] = "") -> Response:
    with internal(pool) as (conn, client_id):
        repo.set_postal_address(conn, client_id, postal_address)
    return _done(request, BASE)


@router.get("/campaigns/new")
def new_campaign_page(request: Request, admin: AdminDep, pool: PoolDep) -> Response:
    with internal(pool) as (conn, _client_id):
        context = screens.form_context(conn, values={})
    return page(request, admin, "outreach_campaign_form.html", campaign=None, action=BASE, **context)


@router.post("/campaigns")
def create_campaign(request: Request, admin: AdminDep, pool: PoolDep, _: CsrfDep, form: CampaignFormDep) -> Response:
    raw = form.model_dump()
    try:
        with internal(pool) as (conn, client_id):
            made = campaigns.create(conn, client_id=client_id, raw=raw)
    except CampaignError as exc:
        with internal(pool) as (conn, _client_id):
            context = screens.form_context(conn, values=raw)
        return page(request, admin, "outreach_campaign_form.html", status_code=400, campaign=None, action=BASE,
                    error=str(exc), **context)
    return redirect(request, f"{BASE}/{made.id}")


@router.get("/campaigns/{campaign_id}")
def campaign_page(request: Request, campaign_id: uuid.UUID, admin: AdminDep, pool: PoolDep) -> Response:
    with internal(pool) as (conn, _client_id):
        context = screens.campaign_page(conn, campaign_id)
    if context is None:
        raise _missing()
    return page(request, admin, "outreach_campaign.html", **context)


@router.get("/campaigns/{campaign_id}/edit")
def edit_campaign_page(request: Request, campaign_id: uuid.UUID, admin: AdminDep, pool: PoolDep) -> Response:
    with internal(pool) as (conn, _client_id):
        campaign = repo.get_campaign(conn, campaign_id)
        context = screens.form_context(conn, values=screens.form_values(campaign)) if campaign else None
    if campaign is None or context is None:
        raise _missing()
    return page(request, admin, "outreach_campaign_form.html", campaign=campaign,
                action=f"{BASE}/{campaign_id}/edit", **context)


@router.post("/campaigns/{campaign_id}/edit")
def edit_campaign(request: Request, campaign_id: uuid.UUID, admin: AdminDep, pool: PoolDep, _: CsrfDep,
                  form: CampaignFormDep) -> Response:
    raw = form.model_dump()
    try:
        with internal(pool) as (conn, _client_id):
            if repo.get_campaign(conn, campaign_id) is None:
                raise _missing()
            campaigns.update(conn, campaign_id, raw=raw)
    except CampaignError as exc:
        with internal(pool) as (conn, _client_id):
            campaign = repo.get_campaign(conn, campaign_id)
            context = screens.form_context(conn, values=raw)
        return page(request, admin, "outreach_campaign_form.html", status_code=400, campaign=campaign,
                    action=f"{BASE}/{campaign_id}/edit", error=str(exc), **context)
    return redirect(request, f"{BASE}/{campaign_id}")


@router.post("/campaigns/{campaign_id}/status")
def change_status(request: Request, campaign_id: uuid.UUID, admin: AdminDep, pool: PoolDep, _: CsrfDep,
                  action: Annotated[Literal["active", "paused", "completed"], Form()]) -> Response:
    try:
        with internal(pool) as (conn, _client_id):
            if repo.get_campaign(conn, campaign_id) is None:
                raise _missing()
            if action == "active":
                campaigns.activate(conn, campaign_id)
            else:
                campaigns.change_status(conn, campaign_id, action)
    except CampaignError as exc:
        return _done(request, f"{BASE}/{campaign_id}", str(exc), "error")
    if action == "active":
        with pool.connection() as conn:
            campaign_jobs.kick(conn, campaign_id)
    return _done(request, f"{BASE}/{campaign_id}")


@router.post("/campaigns/{campaign_id}/approve-all")
def approve_all(request: Request, campaign_id: uuid.UUID, admin: AdminDep, pool: PoolDep, _: CsrfDep) -> Response:
    with internal(pool) as (conn, _client_id):
        campaign = repo.get_campaign(conn, campaign_id)
        if campaign is None:
            raise _missing()
        outreach_emails.approve_all(conn, campaign_id, by=admin.email)
    return _after_decision(request, pool, campaign)


@router.post("/campaigns/{campaign_id}/emails/{email_id}")
def decide(request: Request, campaign_id: uuid.UUID, email_id: uuid.UUID, admin: AdminDep, pool: PoolDep,
           _: CsrfDep, decision: Annotated[Literal["approve", "reject"], Form()]) -> Response:
    with internal(pool) as (conn, _client_id):
        campaign = repo.get_campaign(conn, campaign_id)
        email = outreach_emails.get_email(conn, email_id)
        if campaign is None or email is None or email["campaign_id"] != campaign_id:
            raise HTTPException(status_code=404, detail="brouillon introuvable")
        outreach_emails.decide(conn, email_id, approve=decision == "approve", by=admin.email)
    return _after_decision(request, pool, campaign)


def _after_decision(request: Request, pool: PoolDep, campaign: repo.Campaign) -> Response:
    """Approved e-mails are queued at once (not at the next minute's tick)."""
    if campaign.status == "active":
        with pool.connection() as conn:
            campaign_jobs.kick(conn, campaign.id)
    return _done(request, f"{BASE}/{campaign.id}#drafts")


@router.post("/campaigns/{campaign_id}/refresh")
def refresh(request: Request, campaign_id: uuid.UUID, admin: AdminDep, pool: PoolDep, _: CsrfDep) -> Response:
    with internal(pool) as (conn, _client_id):
        if repo.get_campaign(conn, campaign_id) is None:
            raise _missing()
    with pool.connection() as conn:
        campaign_jobs.refresh_metrics(conn, campaign_id)
    return _done(request, f"{BASE}/{campaign_id}")


@router.get("/templates")
def templates_page(request: Request, admin: AdminDep, pool: PoolDep,
                   template_id: Annotated[uuid.UUID | None, Query(alias="id")] = None) -> Response:
    with internal(pool) as (conn, _client_id):
        context = screens.template_context(conn, template_id=template_id, values={})
    return page(request, admin, "outreach_templates.html", **context)


@router.post("/templates")
def save_template(request: Request, admin: AdminDep, pool: PoolDep, _: CsrfDep,
                  form: Annotated[screens.TemplateForm, Form()]) -> Response:
    raw = form.model_dump()
    try:
        with internal(pool) as (conn, client_id):
            saved = campaigns.save_template(conn, client_id=client_id, raw=raw, template_id=raw["template_id"] or None)
    except TemplateError as exc:
        with internal(pool) as (conn, _client_id):
            context = screens.template_context(conn, template_id=None, values=raw)
        return page(request, admin, "outreach_templates.html", status_code=400, error=str(exc), **context)
    return _done(request, f"{TEMPLATES}?id={saved}")
