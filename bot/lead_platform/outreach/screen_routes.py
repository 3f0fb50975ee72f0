"""The campaign screens' routes, written once for both web areas: the client dashboard
(`/dashboard/...`: the signed-in client's campaigns) and the agency's console (`/admin/...`:
its internal client's, the platform's own sales).

An `Area` says what differs: who is signed in, which client that is, how a page is framed
and how a notice is flashed. Everything else is here: the routes, what each page shows
(screens.py), what a form may change, and the tenant every query runs as (the viewer's
client, under Row Level Security: another client's campaign or draft is a 404). Bad input
is a 400 that names the field; every POST carries the session's CSRF token (the area's
check). Under the area's prefix:

  GET  /campaigns                               the list, the postal address of the footers
  GET  /campaigns/new, POST /campaigns          create (a draft)
  GET  /campaigns/{id}                          funnel, daily figures, drafts, recipients' timeline
  GET|POST /campaigns/{id}/edit                 its settings, while draft or paused
  POST /campaigns/{id}/status                   start or resume, pause, complete
  POST /campaigns/{id}/approve-all, /campaigns/{id}/emails/{email}   approve all, or one (or reject it)
  GET|POST /campaigns/{id}/emails/{email}/edit  a draft's subject and text, checked again
  POST /campaigns/{id}/refresh, /campaigns/postal-address
  GET|POST /templates                           e-mail templates
  GET  /prospects                               prospects with their scores and form tests
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations, which name
# the area's own dependencies, as the objects `campaign_router` builds them from.

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import Response

from bot.core.connections import Conn, Pool
from bot.core.db import tenant_transaction
from bot.lead_platform.outreach import campaign_jobs, campaigns, draft_edits, screen_texts, screens
from bot.lead_platform.outreach.campaigns import CampaignError
from bot.lead_platform.outreach.templates import TemplateError
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import outreach_emails

Notice = Literal["success", "error"]


class SignedIn(Protocol):
    """Whoever an area signs in: a client's user or an agency admin."""

    @property
    def email(self) -> str: ...


@dataclass(frozen=True)
class Area:
    """What one web area gives the campaign screens."""

    prefix: str  # where the area mounts the router: "/dashboard", "/admin" (its pages' links start so)
    user: Callable[..., SignedIn]  # dependency: the signed-in user, or a redirect to sign in
    csrf: Callable[..., None]  # dependency: 403 unless the form carries the session's token
    client_of: Callable[[Conn, Any], uuid.UUID]  # whose campaigns the user runs
    language_of: Callable[[Any], str]
    render: Callable[..., Response]  # (request, user, template, *, status_code, **context)
    flash: Callable[[Request, str, Notice], None]
    redirect: Callable[[Request, str], Response]


def _pool(request: Request) -> Pool:
    pool: Pool = request.app.state.pool
    return pool


def campaign_router(area: Area) -> APIRouter:
    """The campaign screens' routes, for the area to mount under `area.prefix`."""
    router = APIRouter(include_in_schema=False)
    base, templates_base = f"{area.prefix}/campaigns", f"{area.prefix}/templates"
    UserDep = Annotated[Any, Depends(area.user)]
    CsrfDep = Annotated[None, Depends(area.csrf)]
    CampaignFormDep = Annotated[screens.CampaignForm, Form()]

    def texts(user: Any) -> dict[str, str]:
        return screen_texts.text(area.language_of(user))

    def page(request: Request, user: Any, name: str, *, status_code: int = 200, **context: Any) -> Response:
        language = area.language_of(user)
        return area.render(request, user, name, status_code=status_code, ot=screen_texts.text(language),
                           ev=screen_texts.events(language), ft=screen_texts.form_tests(language), base=base,
                           templates_base=templates_base, prospects_base=f"{area.prefix}/prospects",
                           smtp_ready=bool(request.app.state.settings.smtp_host), **context)

    def done(request: Request, url: str, message: str, level: Notice = "success") -> Response:
        area.flash(request, message, level)
        return area.redirect(request, url)

    def client_id_of(request: Request, user: Any) -> uuid.UUID:
        with _pool(request).connection() as conn:
            return area.client_of(conn, user)

    @contextmanager
    def tenant(request: Request, user: Any) -> Iterator[tuple[Conn, uuid.UUID]]:
        """The viewer's client's tenant transaction."""
        with _pool(request).connection() as conn:
            client_id = area.client_of(conn, user)
            with tenant_transaction(conn, client_id):
                yield conn, client_id

    def missing(user: Any, key: str = "not_found") -> HTTPException:
        return HTTPException(status_code=404, detail=texts(user)[key])

    def form_page(request: Request, user: Any, *, campaign: repo.Campaign | None, values: dict[str, Any],
                  status_code: int = 200, error: str | None = None) -> Response:
        with tenant(request, user) as (conn, _client_id):
            context = screens.form_context(conn, values=values)
        action = f"{base}/{campaign.id}/edit" if campaign else base
        return page(request, user, "outreach_campaign_form.html", status_code=status_code, campaign=campaign,
                    action=action, error=error, **context)

    def kick(request: Request, campaign: repo.Campaign) -> None:
        """Approved e-mails are queued at once (not at the next minute's tick)."""
        if campaign.status == "active":
            with _pool(request).connection() as conn:
                campaign_jobs.kick(conn, campaign.id)

    @router.get("/campaigns")
    def campaigns_page(request: Request, user: UserDep) -> Response:
        with tenant(request, user) as (conn, client_id):
            context = screens.overview(conn, client_id)
        return page(request, user, "outreach_campaigns.html", **context)

    @router.post("/campaigns/postal-address")
    def save_postal_address(request: Request, user: UserDep, _: CsrfDep,
                            postal_address: Annotated[str, Form(max_length=500)] = "") -> Response:
        with tenant(request, user) as (conn, client_id):
            repo.set_postal_address(conn, client_id, postal_address)
        return done(request, base, texts(user)["saved"])

    @router.get("/campaigns/new")
    def new_campaign_page(request: Request, user: UserDep) -> Response:
        return form_page(request, user, campaign=None, values={})

    @router.post("/campaigns")
    def create_campaign(request: Request, user: UserDep, _: CsrfDep, form: CampaignFormDep) -> Response:
        raw = form.model_dump()
        try:
            with tenant(request, user) as (conn, client_id):
                made = campaigns.create(conn, client_id=client_id, raw=raw)
        except CampaignError as exc:
            return form_page(request, user, campaign=None, values=raw, status_code=400, error=str(exc))
        return area.redirect(request, f"{base}/{made.id}")

    @router.get("/campaigns/{campaign_id}")
    def campaign_page(request: Request, campaign_id: uuid.UUID, user: UserDep) -> Response:
        with tenant(request, user) as (conn, _client_id):
            context = screens.campaign_page(conn, campaign_id)
        if context is None:
            raise missing(user)
        return page(request, user, "outreach_campaign.html", **context)

    @router.get("/campaigns/{campaign_id}/edit")
    def edit_campaign_page(request: Request, campaign_id: uuid.UUID, user: UserDep) -> Response:
        with tenant(request, user) as (conn, _client_id):
            campaign = repo.get_campaign(conn, campaign_id)
        if campaign is None:
            raise missing(user)
        return form_page(request, user, campaign=campaign, values=screens.form_values(campaign))

    @router.post("/campaigns/{campaign_id}/edit")
    def edit_campaign(request: Request, campaign_id: uuid.UUID, user: UserDep, _: CsrfDep,
                      form: CampaignFormDep) -> Response:
        raw = form.model_dump()
        campaign = None
        try:
            with tenant(request, user) as (conn, _client_id):
                campaign = repo.get_campaign(conn, campaign_id)
                if campaign is None:
                    raise missing(user)
                campaigns.update(conn, campaign_id, raw=raw)
        except CampaignError as exc:
            return form_page(request, user, campaign=campaign, values=raw, status_code=400, error=str(exc))
        return done(request, f"{base}/{campaign_id}", texts(user)["saved"])

    @router.post("/campaigns/{campaign_id}/status")
    def change_status(request: Request, campaign_id: uuid.UUID, user: UserDep, _: CsrfDep,
                      action: Annotated[Literal["active", "paused", "completed"], Form()]) -> Response:
        try:
            with tenant(request, user) as (conn, _client_id):
                if repo.get_campaign(conn, campaign_id) is None:
                    raise missing(user)
                changed = (campaigns.activate(conn, campaign_id) if action == "active"
                           else campaigns.change_status(conn, campaign_id, action))
        except CampaignError as exc:
            return done(request, f"{base}/{campaign_id}", str(exc), "error")
        kick(request, changed)
        return done(request, f"{base}/{campaign_id}", texts(user)["saved"])

    @router.post("/campaigns/{campaign_id}/approve-all")
    def approve_all(request: Request, campaign_id: uuid.UUID, user: UserDep, _: CsrfDep) -> Response:
        with tenant(request, user) as (conn, _client_id):
            campaign = repo.get_campaign(conn, campaign_id)
            if campaign is None:
                raise missing(user)
            approved = outreach_emails.approve_all(conn, campaign_id, by=user.email)
        kick(request, campaign)
        return done(request, f"{base}/{campaign_id}#drafts", texts(user)["approved_n"].format(n=approved))

    @router.post("/campaigns/{campaign_id}/emails/{email_id}")
    def decide(request: Request, campaign_id: uuid.UUID, email_id: uuid.UUID, user: UserDep, _: CsrfDep,
               decision: Annotated[Literal["approve", "reject"], Form()]) -> Response:
        with tenant(request, user) as (conn, _client_id):
            campaign = repo.get_campaign(conn, campaign_id)
            email = outreach_emails.get_email(conn, email_id)
            if campaign is None or email is None or email["campaign_id"] != campaign_id:
                raise missing(user, "draft_not_found")
            outreach_emails.decide(conn, email_id, approve=decision == "approve", by=user.email)
        kick(request, campaign)
        return done(request, f"{base}/{campaign_id}#drafts", texts(user)["saved"])

    @router.get("/campaigns/{campaign_id}/emails/{email_id}/edit")
    def draft_page(request: Request, campaign_id: uuid.UUID, email_id: uuid.UUID, user: UserDep) -> Response:
        with tenant(request, user) as (conn, _client_id):
            context = screens.draft_context(conn, campaign_id, email_id)
        if context is None:
            raise missing(user, "draft_not_found")
        return page(request, user, "outreach_draft_form.html", **context)

    @router.post("/campaigns/{campaign_id}/emails/{email_id}/edit")
    def edit_draft(request: Request, campaign_id: uuid.UUID, email_id: uuid.UUID, user: UserDep, _: CsrfDep,
                   form: Annotated[screens.DraftForm, Form()]) -> Response:
        findings: tuple[str, ...] = ()
        try:
            verdict = draft_edits.edit(_pool(request), client_id=client_id_of(request, user),
                                       campaign_id=campaign_id, email_id=email_id, subject=form.subject,
                                       body=form.body, by=user.email)
        except draft_edits.DraftError as exc:
            findings = (str(exc),)
        else:
            if verdict is None:
                raise missing(user, "draft_not_found")
            if verdict.ok:
                return done(request, f"{base}/{campaign_id}#draft-{email_id}", texts(user)["check_passed"])
            findings = verdict.reasons
        with tenant(request, user) as (conn, _client_id):
            context = screens.draft_context(conn, campaign_id, email_id)
        if context is None:
            raise missing(user, "draft_not_found")
        return page(request, user, "outreach_draft_form.html", status_code=400,
                    **{**context, "values": form.model_dump(), "findings": findings})

    @router.post("/campaigns/{campaign_id}/refresh")
    def refresh(request: Request, campaign_id: uuid.UUID, user: UserDep, _: CsrfDep) -> Response:
        with tenant(request, user) as (conn, _client_id):
            if repo.get_campaign(conn, campaign_id) is None:
                raise missing(user)
        with _pool(request).connection() as conn:
            campaign_jobs.refresh_metrics(conn, campaign_id)
        return done(request, f"{base}/{campaign_id}", texts(user)["saved"])

    @router.get("/templates")
    def templates_page(request: Request, user: UserDep,
                       template_id: Annotated[uuid.UUID | None, Query(alias="id")] = None) -> Response:
        with tenant(request, user) as (conn, _client_id):
            context = screens.template_context(conn, template_id=template_id, values={})
        return page(request, user, "outreach_templates.html", **context)

    @router.post("/templates")
    def save_template(request: Request, user: UserDep, _: CsrfDep,
                      form: Annotated[screens.TemplateForm, Form()]) -> Response:
        raw = form.model_dump()
        try:
            with tenant(request, user) as (conn, client_id):
                saved = campaigns.save_template(conn, client_id=client_id, raw=raw,
                                                template_id=raw["template_id"] or None)
        except TemplateError as exc:
            with tenant(request, user) as (conn, _client_id):
                context = screens.template_context(conn, template_id=None, values=raw)
            return page(request, user, "outreach_templates.html", status_code=400, error=str(exc), **context)
        return done(request, f"{templates_base}?id={saved}", texts(user)["saved"])

    @router.get("/prospects")
    def prospects_page(request: Request, user: UserDep,
                       page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1) -> Response:
        with tenant(request, user) as (conn, _client_id):
            context = screens.prospects_page(conn, page=page_number)
        return page(request, user, "outreach_prospects.html", **context)

    return router
