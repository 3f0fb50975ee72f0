"""The client's e-mail campaigns under /dashboard/campaigns and its templates under /dashboard/templates.

Pages are the shared ones of outreach/pages (the console shows the same for the agency's
internal client); every query runs in the viewer's tenant transaction.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from bot.lead_platform.dashboard.auth import CsrfDep, Viewer, ViewerDep
from bot.lead_platform.dashboard.routes import redirect, render, tenant
from bot.lead_platform.outreach import campaign_jobs, campaigns, screens
from bot.lead_platform.outreach.campaigns import CampaignError
from bot.lead_platform.outreach.templates import TemplateError
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import outreach_emails
from bot.web.deps import PoolDep
from bot.web.flash import flash

router = APIRouter(prefix="/dashboard", include_in_schema=False)
BASE = "/dashboard/campaigns"
TEMPLATES = "/dashboard/templates"
CampaignFormDep = Annotated[screens.CampaignForm, Form()]


def page(request: Request, viewer: Viewer, name: str, *, status_code: int = 200, **context: Any) -> Response:
    """A campaign page with the outreach texts in the viewer's language."""
    return render(request, name, language=viewer.language, viewer=viewer, status_code=status_code,
                  ot=screens.text(viewer.language), ev=screens.EVENTS.get(viewer.language, screens.EVENTS["en"]),
                  base=BASE, templates_base=TEMPLATES, smtp_ready=bool(request.app.state.settings.smtp_host),
                  **context)


def _missing() -> HTTPException:
    return HTTPException(status_code=404, detail="campaign not found")


@router.get("/campaigns")
def campaigns_page(request: Request, viewer: ViewerDep, pool: PoolDep) -> Response:
    with tenant(pool, viewer) as conn:
        context = screens.overview(conn, viewer.client_id)
    return page(request, viewer, "outreach_campaigns.html", **context)


@router.post("/campaigns/postal-address")
def save_postal_address(request: Request, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
                        postal_address: Annotated[str, Form(max_length=500)] = "") -> Response:
    with tenant(pool, viewer) as conn:
        repo.set_postal_address(conn, viewer.client_id, postal_address)
    flash(viewer.session, screens.text(viewer.language)["saved"], "success")
    return redirect(request, BASE)


@router.get("/campaigns/new")
def new_campaign_page(request: Request, viewer: ViewerDep, pool: PoolDep) -> Response:
    with tenant(pool, viewer) as conn:
        context = screens.form_context(conn, values={})
    return page(request, viewer, "outreach_campaign_form.html", campaign=None, action=BASE, **context)


@router.post("/campaigns")
def create_campaign(request: Request, viewer: ViewerDep, pool: PoolDep, _: CsrfDep, form: CampaignFormDep) -> Response:
    raw = form.model_dump()
    try:
        with tenant(pool, viewer) as conn:
            made = campaigns.create(conn, client_id=viewer.client_id, raw=raw)
    except CampaignError as exc:
        with tenant(pool, viewer) as conn:
            context = screens.form_context(conn, values=raw)
        return page(request, viewer, "outreach_campaign_form.html", status_code=400, campaign=None, action=BASE,
                    error=str(exc), **context)
    return redirect(request, f"{BASE}/{made.id}")


@router.get("/campaigns/{campaign_id}")
def campaign_page(request: Request, campaign_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep) -> Response:
    with tenant(pool, viewer) as conn:
        context = screens.campaign_page(conn, campaign_id)
    if context is None:
        raise _missing()
    return page(request, viewer, "outreach_campaign.html", **context)


@router.get("/campaigns/{campaign_id}/edit")
def edit_campaign_page(request: Request, campaign_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep) -> Response:
    with tenant(pool, viewer) as conn:
        campaign = repo.get_campaign(conn, campaign_id)
        context = screens.form_context(conn, values=screens.form_values(campaign)) if campaign else None
    if campaign is None or context is None:
        raise _missing()
    return page(request, viewer, "outreach_campaign_form.html", campaign=campaign, action=f"{BASE}/{campaign_id}/edit",
                **context)


@router.post("/campaigns/{campaign_id}/edit")
def edit_campaign(request: Request, campaign_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
                  form: CampaignFormDep) -> Response:
    raw = form.model_dump()
    try:
        with tenant(pool, viewer) as conn:
            if repo.get_campaign(conn, campaign_id) is None:
                raise _missing()
            campaigns.update(conn, campaign_id, raw=raw)
    except CampaignError as exc:
        with tenant(pool, viewer) as conn:
            campaign = repo.get_campaign(conn, campaign_id)
            context = screens.form_context(conn, values=raw)
        return page(request, viewer, "outreach_campaign_form.html", status_code=400, campaign=campaign,
                    action=f"{BASE}/{campaign_id}/edit", error=str(exc), **context)
    return redirect(request, f"{BASE}/{campaign_id}")


@router.post("/campaigns/{campaign_id}/status")
def change_status(request: Request, campaign_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
                  action: Annotated[Literal["active", "paused", "completed"], Form()]) -> Response:
    try:
        with tenant(pool, viewer) as conn:
            if repo.get_campaign(conn, campaign_id) is None:
                raise _missing()
            if action == "active":
                campaigns.activate(conn, campaign_id)
            else:
                campaigns.change_status(conn, campaign_id, action)
    except CampaignError as exc:
        flash(viewer.session, str(exc), "error")
        return redirect(request, f"{BASE}/{campaign_id}")
    if action == "active":
        with pool.connection() as conn:
            campaign_jobs.kick(conn, campaign_id)
    flash(viewer.session, screens.text(viewer.language)["saved"], "success")
    return redirect(request, f"{BASE}/{campaign_id}")


@router.post("/campaigns/{campaign_id}/approve-all")
def approve_all(request: Request, campaign_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep) -> Response:
    with tenant(pool, viewer) as conn:
        campaign = repo.get_campaign(conn, campaign_id)
        if campaign is None:
            raise _missing()
        outreach_emails.approve_all(conn, campaign_id, by=viewer.email)
    return _after_decision(request, viewer, pool, campaign)


@router.post("/campaigns/{campaign_id}/emails/{email_id}")
def decide(request: Request, campaign_id: uuid.UUID, email_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep,
           _: CsrfDep, decision: Annotated[Literal["approve", "reject"], Form()]) -> Response:
    with tenant(pool, viewer) as conn:
        campaign = repo.get_campaign(conn, campaign_id)
        email = outreach_emails.get_email(conn, email_id)
        if campaign is None or email is None or email["campaign_id"] != campaign_id:
            raise HTTPException(status_code=404, detail="draft not found")
        outreach_emails.decide(conn, email_id, approve=decision == "approve", by=viewer.email)
    return _after_decision(request, viewer, pool, campaign)


def _after_decision(request: Request, viewer: Viewer, pool: PoolDep, campaign: repo.Campaign) -> Response:
    """Approved e-mails are queued at once (not at the next minute's tick)."""
    if campaign.status == "active":
        with pool.connection() as conn:
            campaign_jobs.kick(conn, campaign.id)
    flash(viewer.session, screens.text(viewer.language)["saved"], "success")
    return redirect(request, f"{BASE}/{campaign.id}#drafts")


@router.post("/campaigns/{campaign_id}/refresh")
def refresh(request: Request, campaign_id: uuid.UUID, viewer: ViewerDep, pool: PoolDep, _: CsrfDep) -> Response:
    with tenant(pool, viewer) as conn:
        if repo.get_campaign(conn, campaign_id) is None:
            raise _missing()
    with pool.connection() as conn:
        campaign_jobs.refresh_metrics(conn, campaign_id)
    flash(viewer.session, screens.text(viewer.language)["saved"], "success")
    return redirect(request, f"{BASE}/{campaign_id}")


# -- templates ---------------------------------------------------------------------------

@router.get("/templates")
def templates_page(request: Request, viewer: ViewerDep, pool: PoolDep,
                   template_id: Annotated[uuid.UUID | None, Query(alias="id")] = None) -> Response:
    with tenant(pool, viewer) as conn:
        context = screens.template_context(conn, template_id=template_id, values={})
    return page(request, viewer, "outreach_templates.html", **context)


@router.post("/templates")
def save_template(request: Request, viewer: ViewerDep, pool: PoolDep, _: CsrfDep,
                  form: Annotated[screens.TemplateForm, Form()]) -> Response:
    raw = form.model_dump()
    try:
        with tenant(pool, viewer) as conn:
            saved = campaigns.save_template(conn, client_id=viewer.client_id, raw=raw,
                                            template_id=raw["template_id"] or None)
    except TemplateError as exc:
        with tenant(pool, viewer) as conn:
            context = screens.template_context(conn, template_id=None, values=raw)
        return page(request, viewer, "outreach_templates.html", status_code=400, error=str(exc), **context)
    flash(viewer.session, screens.text(viewer.language)["saved"], "success")
    return redirect(request, f"{TEMPLATES}?id={saved}")
