"""The prompts in the console (admin role): every prompt with its figures, a prompt's versions,
an edit as a new version, activation, A/B tests (start, live figures, stop) and evolution.

An edit or an activation is read at once by this process and within 30 s by the others
(bot/core/prompts.py). A variant from the LLM is asked through the queue (it may take
seconds); the admin's own variant is tested at once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from bot.console.messages import T
from bot.console.prompt_messages import LABELS, P
from bot.console.web import CsrfDep, RoleAdminDep, redirect, render, session_of
from bot.core.db import service_transaction
from bot.core.services import Services
from bot.prompts import abtests, evolution, registry
from bot.prompts import jobs as prompt_jobs
from bot.prompts.registry import MAX_TEXT, PromptError
from bot.prompts.stats import two_proportion_z_test
from bot.web.deps import ServicesDep
from bot.web.flash import flash

router = APIRouter()


@router.get("/prompts")
def prompts_page(request: Request, admin: RoleAdminDep, services: ServicesDep) -> Response:
    with services.pool.connection() as conn, service_transaction(conn):
        versions = registry.active_versions(conn)
        tests = abtests.list_tests(conn, limit=20)
    running = {t.prompt_name: t for t in tests if t.status == "running"}
    return render(request, "prompts.html", admin=admin, p=P, labels=LABELS, versions=versions, tests=tests,
                  running=running)


def _page(request: Request, admin: Any, services: Services, name: str, *, errors: Sequence[str] = (),
          form: dict[str, str] | None = None, status_code: int = 200) -> Response:
    """A prompt's page: its active version, history, tests, evolutions (404 for an unknown name)."""
    with services.pool.connection() as conn, service_transaction(conn):
        versions = registry.history(conn, name)
        if not versions:
            raise HTTPException(status_code=404, detail=T["not_found"])
        tests = abtests.list_tests(conn, name=name, limit=20)
        running = next((t for t in tests if t.status == "running"), None)
        arms = abtests.arm_figures(conn, running.id) if running else None
        evolved = evolution.evolutions(conn, name)
        asked = prompt_jobs.last_evolution_request(conn, name)
    active = next((v for v in versions if v.is_active), versions[0])
    live = None
    if arms and arms["control"].calls and arms["treatment"].calls:
        live = two_proportion_z_test(control_successes=arms["control"].successes, control_n=arms["control"].calls,
                                     treatment_successes=arms["treatment"].successes,
                                     treatment_n=arms["treatment"].calls)
    values = {"text": active.text, "parameters": json.dumps(active.parameters), "note": "", "manual": "",
              **(form or {})}
    return render(request, "prompt.html", admin=admin, p=P, labels=LABELS, prompt_name=name, versions=versions,
                  active=active, tests=tests, running=running, arms=arms, live=live, evolutions=evolved, asked=asked,
                  errors=list(errors), form=values, llm=services.chat_model is not None, max_text=MAX_TEXT,
                  status_code=status_code)


def _refused(request: Request, admin: Any, services: Services, name: str, exc: PromptError,
             form: dict[str, str] | None = None) -> Response:
    """A refused change: the page again, 400, saying which field and why (404 for an unknown prompt)."""
    if exc.field == "name" and exc.message.startswith("no prompt"):
        raise HTTPException(status_code=404, detail=T["not_found"])
    return _page(request, admin, services, name, errors=[f"{exc.field} : {exc.message}"], form=form,
                 status_code=400)


@router.get("/prompts/{prompt_name}")
def prompt_page(request: Request, prompt_name: str, admin: RoleAdminDep, services: ServicesDep) -> Response:
    return _page(request, admin, services, prompt_name)


@router.post("/prompts/{prompt_name}/versions")
def save_version(
    request: Request,
    prompt_name: str,
    admin: RoleAdminDep,
    services: ServicesDep,
    _: CsrfDep,
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
    parameters: Annotated[str, Form(max_length=2000)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    activate: Annotated[bool, Form()] = False,
) -> Response:
    """An edit: a new version (active at once when asked), the previous ones kept."""
    try:
        with services.pool.connection() as conn, service_transaction(conn):
            version = registry.add_version(conn, name=prompt_name, text=text, parameters=parameters, note=note,
                                           by=admin.email, activate=activate)
    except PromptError as exc:
        return _refused(request, admin, services, prompt_name, exc,
                        form={"text": text, "parameters": parameters, "note": note})
    services.prompts.invalidate()
    flash(session_of(request), P["saved"].format(version=version.version), "success")
    return redirect(request, f"/admin/prompts/{prompt_name}")


@router.post("/prompts/{prompt_name}/versions/{version}/activate")
def activate(request: Request, prompt_name: str, version: int, admin: RoleAdminDep, services: ServicesDep,
             _: CsrfDep) -> Response:
    try:
        with services.pool.connection() as conn, service_transaction(conn):
            if not registry.history(conn, prompt_name):
                raise HTTPException(status_code=404, detail=T["not_found"])
            registry.activate_version(conn, name=prompt_name, version=version)
    except PromptError as exc:
        return _refused(request, admin, services, prompt_name, exc)
    services.prompts.invalidate()
    flash(session_of(request), P["activated"].format(version=version), "success")
    return redirect(request, f"/admin/prompts/{prompt_name}")


@router.post("/prompts/{prompt_name}/tests")
def start_test(
    request: Request,
    prompt_name: str,
    admin: RoleAdminDep,
    services: ServicesDep,
    _: CsrfDep,
    version: Annotated[int, Form()],
    treatment_percentage: Annotated[float, Form()] = 50.0,
    min_sample_size: Annotated[int, Form()] = abtests.DEFAULT_MIN_SAMPLE,
    significance_level: Annotated[float, Form()] = abtests.DEFAULT_SIGNIFICANCE,
    max_duration_days: Annotated[int, Form()] = abtests.DEFAULT_MAX_DAYS,
) -> Response:
    """Test a version against the active one."""
    try:
        with services.pool.connection() as conn, service_transaction(conn):
            test = abtests.start_test(conn, name=prompt_name, version=version, by=admin.email,
                                      treatment_percentage=treatment_percentage, min_sample_size=min_sample_size,
                                      significance_level=significance_level, max_duration_days=max_duration_days)
    except PromptError as exc:
        return _refused(request, admin, services, prompt_name, exc)
    services.prompts.invalidate()
    flash(session_of(request), P["test_started"].format(treatment=test.treatment_version,
                                                        control=test.control_version), "success")
    return redirect(request, f"/admin/prompts/{prompt_name}")


@router.post("/prompt-tests/{test_id}/stop")
def stop_test(request: Request, test_id: uuid.UUID, admin: RoleAdminDep, services: ServicesDep,
              _: CsrfDep) -> Response:
    with services.pool.connection() as conn, service_transaction(conn):
        test = abtests.get_test(conn, test_id)
        if test is None:
            raise HTTPException(status_code=404, detail=T["not_found"])
        try:
            abtests.stop_test(conn, test_id, by=admin.email)
        except PromptError as exc:
            flash(session_of(request), f"{P['invalid']} {exc.message}", "error")
            return redirect(request, f"/admin/prompts/{test.prompt_name}")
    services.prompts.invalidate()
    flash(session_of(request), P["test_stopped"], "success")
    return redirect(request, f"/admin/prompts/{test.prompt_name}")


@router.post("/prompts/{prompt_name}/evolve")
def evolve(
    request: Request,
    prompt_name: str,
    admin: RoleAdminDep,
    services: ServicesDep,
    _: CsrfDep,
    mode: Annotated[Literal["llm", "manual"], Form()] = "manual",
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
) -> Response:
    """A child variant put to an A/B test: the LLM's (through the queue) or the admin's own."""
    if mode == "llm":
        with services.pool.connection() as conn, service_transaction(conn):
            if not registry.history(conn, prompt_name):
                raise HTTPException(status_code=404, detail=T["not_found"])
            if services.chat_model is None:
                refused = PromptError("mode", P["no_llm"])
            elif registry.running_test_id(conn, prompt_name) is not None:
                refused = PromptError("mode", "an A/B test is already running on this prompt: let it end or stop it")
            else:
                prompt_jobs.request_evolution(conn, name=prompt_name, by=admin.email)
                flash(session_of(request), P["evolution_requested"], "success")
                return redirect(request, f"/admin/prompts/{prompt_name}")
        return _refused(request, admin, services, prompt_name, refused)
    try:
        evolved = evolution.evolve(services, name=prompt_name, by=admin.email, manual_text=text)
    except PromptError as exc:
        return _refused(request, admin, services, prompt_name, exc, form={"manual": text})
    flash(session_of(request), P["evolved"].format(version=evolved.child.version, parent=evolved.parent.version),
          "success")
    return redirect(request, f"/admin/prompts/{prompt_name}")
