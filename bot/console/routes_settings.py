"""Analytics, configuration and the way back to the primary database (admin role), console accounts (admin role)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from agents.code_limit import CODES_PER_DAY
from bot.channels.alerts import alert_admins
from bot.console import analytics, forms, repository, users
from bot.console.messages import CONFIG_LABELS, WEEKDAYS, T
from bot.console.web import (
    AdminDep,
    CsrfDep,
    RoleAdminDep,
    redirect,
    render,
    session_of,
)
from bot.core.failover import SwitchRefused, use_primary
from bot.lead_platform.store import accuracy
from bot.web.deps import ServicesDep
from bot.web.flash import flash

router = APIRouter()
DAYS = 30
# The bot's readings of members, then the form leads' analyses of every client.
ACCURACY = ("understanding", "intent", "urgency")


@router.get("/analytics")
def analytics_page(request: Request, admin: AdminDep, services: ServicesDep) -> Response:
    with services.pool.connection() as conn:
        rows = analytics.read_days(conn, days=DAYS)
        performance = analytics.agent_performance(conn)
        predictions = accuracy.weekly(conn, today=dt.datetime.now(dt.UTC).date(), dimensions=ACCURACY)
    charts = {
        "messages_per_day": analytics.line_chart(
            rows, ("messages_in", "messages_out", "admin_messages")
        ),
        "leads_per_day": analytics.line_chart(rows, ("new_leads", "qualified_leads")),
        "handoffs_contacts": analytics.line_chart(
            rows, ("handoffs", "contact_requests", "payments")
        ),
    }
    return render(
        request, "analytics.html", admin=admin, charts=charts, rows=rows, performance=performance,
        accuracy=predictions,
    )


@router.post("/analytics/refresh")
def refresh(request: Request, admin: AdminDep, services: ServicesDep, _: CsrfDep) -> Response:
    today = dt.datetime.now(dt.UTC).date()
    with services.pool.connection() as conn:
        analytics.fill_analytics(conn, start=today - dt.timedelta(days=DAYS - 1), end=today)
    flash(session_of(request), T["done"], "success")
    return redirect(request, "/admin/analytics")


@router.get("/config")
def config_page(request: Request, admin: RoleAdminDep, services: ServicesDep) -> Response:
    with services.pool.connection() as conn:
        config = repository.configuration(conn)
    return render(
        request,
        "config.html",
        admin=admin,
        config=config,
        labels=CONFIG_LABELS,
        weekdays=WEEKDAYS,
        codes_per_day=CODES_PER_DAY,
        templates_json=json.dumps(
            config.get("whatsapp_templates") or {}, indent=2, ensure_ascii=False
        ),
    )


@router.post("/config")
async def save_config(
    request: Request, admin: RoleAdminDep, services: ServicesDep, _: CsrfDep
) -> Response:
    raw = await request.form()
    form = {k: str(v) for k, v in raw.items()}
    values, errors = forms.config_values(form, adviser_days=[str(d) for d in raw.getlist("adviser_day")])
    if errors:
        with services.pool.connection() as conn:
            config = repository.configuration(conn)
        return render(
            request,
            "config.html",
            admin=admin,
            config=config,
            labels=CONFIG_LABELS,
            weekdays=WEEKDAYS,
            codes_per_day=CODES_PER_DAY,
            errors=errors,
            templates_json=form.get("whatsapp_templates", ""),
            status_code=400,
        )
    with services.pool.connection() as conn, conn.transaction():
        repository.set_configuration(conn, values, admin_id=admin.id)
    flash(session_of(request), T["config_saved"], "success")
    return redirect(request, "/admin/config")


@router.post("/database/use-primary")
def use_primary_database(request: Request, admin: RoleAdminDep, _: CsrfDep) -> Response:
    """Bring every process back to the primary after a failover (it must answer and be migrated)."""
    database = request.app.state.database
    try:
        back = use_primary(database.settings, decided_by=f"{admin.email} (console)", migrate=False,
                           alert=alert_admins)
    except SwitchRefused as exc:
        flash(session_of(request), T["db_not_switched"].format(reason=exc), "error")
    else:
        database.follow(back.decision)  # this process at once; the others at their next probe
        flash(session_of(request), T["db_switched_back"].format(waiting=back.jobs_on_primary), "success")
    return redirect(request, "/admin/config")


@router.get("/users")
def users_page(request: Request, admin: RoleAdminDep, services: ServicesDep) -> Response:
    with services.pool.connection() as conn:
        accounts = users.list_admins(conn)
    return render(request, "users.html", admin=admin, accounts=accounts)


@router.post("/users")
def create_user(
    request: Request,
    admin: RoleAdminDep,
    services: ServicesDep,
    _: CsrfDep,
    email: Annotated[str, Form(max_length=255)] = "",
    full_name: Annotated[str, Form(max_length=100)] = "",
    role: Annotated[Literal["admin", "agent"], Form()] = "agent",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """A new account that must change the password the admin gave it at first login."""
    try:
        with services.pool.connection() as conn:
            users.create_admin(
                conn,
                email=email,
                password=password,
                role=role,
                full_name=full_name or None,
                must_change_password=True,
            )
    except ValueError as exc:
        flash(session_of(request), str(exc), "error")
    else:
        flash(session_of(request), T["account_created"], "success")
    return redirect(request, "/admin/users")


@router.post("/users/{account_id}/active")
def account_active(
    request: Request,
    account_id: int,
    admin: RoleAdminDep,
    services: ServicesDep,
    _: CsrfDep,
    active: Annotated[bool, Form()],
) -> Response:
    if account_id != admin.id:  # an admin cannot lock themselves out
        with services.pool.connection() as conn:
            users.set_active(conn, account_id, active=active)
    return redirect(request, "/admin/users")
