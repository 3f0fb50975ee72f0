"""The profile catalogue and the knowledge base: lists, edits, status, CSV import, try a question."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response

from agents.faq import ranked
from agents.nlu.model import ModelFiles, UnderstandingModel
from bot.console import catalogue, forms
from bot.console.messages import T
from bot.console.web import (
    AdminDep,
    CsrfDep,
    redirect,
    render,
    session_of,
)
from bot.core.services import Services
from bot.web.deps import ServicesDep
from bot.web.flash import flash
from knowledge.embeddings import OfflineEmbeddings
from knowledge.faq import DEFAULT_MIN_SCORE, upsert_knowledge
from knowledge.importers import import_profiles_csv
from knowledge.profile_store import upsert_profile

router = APIRouter()
MAX_UPLOAD = 5 * 1024 * 1024
# The bot's understanding model, for "try a question": the one the runners trained, from this
# machine's model files or the database (trained here only when neither has it), by models folder.
_models: dict[Path, UnderstandingModel] = {}


def _understanding(services: Services) -> UnderstandingModel:
    folder = services.settings.models_dir
    model = _models.get(folder)
    if model is None:
        model = _models.setdefault(folder, UnderstandingModel(OfflineEmbeddings(), files=ModelFiles(folder)))
    return model


@router.get("/profiles")
def profiles_page(
    request: Request,
    admin: AdminDep,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=100)] = "",
    gender: Literal["", "male", "female"] = "",
    status: Literal["", "active", "inactive", "married"] = "",
    city: Annotated[str, Query(max_length=100)] = "",
    age_min: Annotated[int | None, Query(ge=18, le=120)] = None,
    age_max: Annotated[int | None, Query(ge=18, le=120)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    flt = catalogue.ProfileFilter(
        search=q or None,
        gender=gender or None,
        status=status or None,
        city=city or None,
        age_min=age_min,
        age_max=age_max,
        page=page,
    )
    with services.pool.connection() as conn:
        rows, total = catalogue.list_profiles(conn, flt)
        index = catalogue.profile_index_status(conn, model=services.embedder.model_name)
        cities = catalogue.cities(conn)
    return render(
        request,
        "profiles.html",
        admin=admin,
        rows=rows,
        total=total,
        flt=flt,
        index=index,
        cities=cities,
        model=services.embedder.model_name,
        page_size=catalogue.PAGE_SIZE,
    )


@router.get("/profiles/new")
def new_profile(request: Request, admin: AdminDep) -> Response:
    return render(request, "profile_form.html", admin=admin, profile=None, values={})


@router.get("/profiles/{profile_id}")
def edit_profile(
    request: Request, profile_id: int, admin: AdminDep, services: ServicesDep
) -> Response:
    with services.pool.connection() as conn:
        profile = catalogue.get_profile(conn, profile_id)
    if profile is None:
        raise HTTPException(status_code=404, detail=T["not_found"])
    return render(
        request, "profile_form.html", admin=admin, profile=profile, values=profile.__dict__
    )


@router.post("/profiles/save")
async def save_profile(
    request: Request, admin: AdminDep, services: ServicesDep, _: CsrfDep
) -> Response:
    """Create or edit (by code), then index the profile with this process's embedder."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    row, errors = forms.profile_row(form)
    if errors:
        return render(
            request,
            "profile_form.html",
            admin=admin,
            profile=None,
            values=form,
            errors=errors,
            status_code=400,
        )
    with services.pool.connection() as conn, conn.transaction():
        upsert_profile(conn, row)
        catalogue.reindex_profiles(conn, services.embedder)
    flash(session_of(request), T["saved"], "success")
    return redirect(request, f"/admin/profiles?q={row['code']}")


@router.post("/profiles/{profile_id}/status")
def profile_status(
    request: Request,
    profile_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    status: Annotated[Literal["active", "inactive", "married"], Form()],
) -> Response:
    with services.pool.connection() as conn:
        if not catalogue.set_profile_status(conn, profile_id, status=status):
            raise HTTPException(status_code=404, detail=T["not_found"])
    flash(session_of(request), T["saved"], "success")
    return redirect(request, _back_to_list(request))


def _back_to_list(request: Request) -> str:
    """The catalogue page the button was on (its filters kept), never another site."""
    referer = urlsplit(request.headers.get("referer") or "")
    if referer.netloc == request.url.netloc and referer.path == "/admin/profiles":
        return f"/admin/profiles?{referer.query}" if referer.query else "/admin/profiles"
    return "/admin/profiles"


@router.post("/profiles/reindex")
def reindex(request: Request, admin: AdminDep, services: ServicesDep, _: CsrfDep) -> Response:
    with services.pool.connection() as conn:
        count = catalogue.reindex_profiles(conn, services.embedder)
        count += catalogue.reindex_knowledge(conn, services.embedder)
    flash(session_of(request), f"{T['reindex']} : {count}", "success")
    return redirect(request, "/admin/profiles")


@router.post("/profiles/import")
async def import_csv(
    request: Request,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    """All or nothing: a file with one bad row imports nothing and the report lists every error."""
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(status_code=413, detail="5 MB max")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        path.write_bytes(data)
        with services.pool.connection() as conn:
            try:
                report = import_profiles_csv(conn, path, services.embedder)
            except UnicodeDecodeError:
                report = None
    if report is None or not report.ok:
        errors = [str(e) for e in report.errors] if report else ["le fichier n'est pas en UTF-8"]
        return render(
            request,
            "import_report.html",
            admin=admin,
            errors=errors,
            filename=file.filename,
            truncated=bool(report and report.truncated),
            status_code=400,
        )
    flash(session_of(request), T["import_done"].format(**report.__dict__), "success")
    return redirect(request, "/admin/profiles")


# -- knowledge base -----------------------------------------------------------------------


@router.get("/knowledge")
def knowledge_page(
    request: Request,
    admin: AdminDep,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=200)] = "",
    language: Literal["", "fr", "en"] = "",
    question: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    with services.pool.connection() as conn:
        rows = catalogue.list_knowledge(conn, search=q or None, language=language or None)
        index = catalogue.kb_index_status(conn, model=services.embedder.model_name)
        hits = []
        if question.strip():
            # Scored exactly as the FAQ agent scores it, the topic model included.
            hits = ranked(conn, _understanding(services).reader(conn), text=question.strip(), lang=language or "fr",
                          vector=services.embedder.embed_query(question.strip()))
    return render(
        request,
        "knowledge.html",
        admin=admin,
        rows=rows,
        index=index,
        q=q,
        language=language,
        question=question,
        hits=hits,
        threshold=DEFAULT_MIN_SCORE,
        model=services.embedder.model_name,
    )


@router.get("/knowledge/new")
def new_entry(request: Request, admin: AdminDep) -> Response:
    return render(
        request, "knowledge_form.html", admin=admin, entry=None, values={"is_active": True}
    )


@router.get("/knowledge/{entry_id}")
def edit_entry(request: Request, entry_id: int, admin: AdminDep, services: ServicesDep) -> Response:
    with services.pool.connection() as conn:
        entry = catalogue.get_knowledge(conn, entry_id)
    if entry is None:
        raise HTTPException(status_code=404, detail=T["not_found"])
    values = {**entry, "keywords": ", ".join(entry.get("keywords") or [])}
    return render(request, "knowledge_form.html", admin=admin, entry=entry, values=values)


@router.post("/knowledge/save")
async def save_entry(
    request: Request, admin: AdminDep, services: ServicesDep, _: CsrfDep
) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    row, errors = forms.knowledge_row(form)
    entry_id = form.get("id", "")
    if errors:
        return render(
            request,
            "knowledge_form.html",
            admin=admin,
            entry=None,
            values=form,
            errors=errors,
            status_code=400,
        )
    if entry_id.isdigit():
        row["id"] = int(entry_id)
    with services.pool.connection() as conn, conn.transaction():
        upsert_knowledge(conn, row)
        catalogue.reindex_knowledge(conn, services.embedder)
    flash(session_of(request), T["saved"], "success")
    return redirect(request, "/admin/knowledge")


@router.post("/knowledge/{entry_id}/active")
def entry_active(
    request: Request,
    entry_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    active: Annotated[bool, Form()],
) -> Response:
    with services.pool.connection() as conn:
        if not catalogue.set_knowledge_active(conn, entry_id, active=active):
            raise HTTPException(status_code=404, detail=T["not_found"])
    flash(session_of(request), T["saved"], "success")
    return redirect(request, "/admin/knowledge")
