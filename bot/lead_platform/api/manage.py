"""The lead management API under /api/leads, authenticated by the client's secret key.

Only the secret key, only from a server (no Origin header), within its own rate budget;
every query runs in the key's tenant transaction: another client's lead is a 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field, field_validator

from bot.core.connections import Conn
from bot.core.db import tenant_transaction
from bot.lead_platform.api import messages as text
from bot.lead_platform.api.gate import RateLimited, gate, management_refusal
from bot.lead_platform.api.input import InputError
from bot.lead_platform.api.metrics import note_client
from bot.lead_platform.enrichment.taxonomy import INTENTS, URGENCIES
from bot.lead_platform.store import leads as repo
from bot.lead_platform.store.clients import Client
from bot.lead_platform.store.intake import enqueue_reanalysis
from bot.web.deps import AsyncPoolDep, PoolDep


class KeyCheckedRoute(APIRoute):
    """A route whose key refusals answer in the lead API's error shape, {"error", "detail"}."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except InputError as exc:
                headers = exc.headers if isinstance(exc, RateLimited) else None
                return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

        return route


router = APIRouter(prefix="/api/leads", tags=["leads"], route_class=KeyCheckedRoute)


async def api_client(request: Request, apool: AsyncPoolDep) -> Client:
    """The client of a secret key sent by a server: 401 for a bad key (one answer for all), 403, 429."""
    lead_gate = gate(request.app)
    owner = await lead_gate.key_owner(apool, request.headers.get("x-api-key"))
    if owner is None:
        raise InputError(401, "unauthorized", text.UNAUTHORIZED)
    note_client(request.state, owner.client.client_id)
    refusal = management_refusal(owner, request.headers.get("origin"))
    if refusal is not None:
        raise refusal
    lead_gate.check_manage_budget(owner.client)
    return owner.client


ClientDep = Annotated[Client, Depends(api_client)]


@contextmanager
def tenant(pool: PoolDep, client: Client) -> Iterator[Conn]:
    with pool.connection() as conn, tenant_transaction(conn, client.client_id):
        yield conn


def _found(row: Any) -> Any:
    if not row:
        raise HTTPException(status_code=404, detail="lead not found")
    return row


class TagIn(BaseModel):
    tag: str | None = Field(None, max_length=50)
    performed_by: str = Field("api", min_length=1, max_length=255)


class ActorIn(BaseModel):
    performed_by: str = Field("api", min_length=1, max_length=255)


class RevertIn(ActorIn):
    reason: str = Field(min_length=1, max_length=2000)


class NoteIn(ActorIn):
    note: str = Field(min_length=1, max_length=10000)


class AnalysisIn(ActorIn):
    """The client's own reading of a lead: what its analysis learns from."""

    intent: str | None = Field(None, max_length=100)
    urgency: str | None = Field(None, max_length=10)

    @field_validator("intent")
    @classmethod
    def known_intent(cls, value: str | None) -> str | None:
        if value is not None and value not in INTENTS:
            raise ValueError(f"must be one of: {', '.join(INTENTS)}")
        return value

    @field_validator("urgency")
    @classmethod
    def known_urgency(cls, value: str | None) -> str | None:
        if value is not None and value not in URGENCIES:
            raise ValueError(f"must be one of: {', '.join(URGENCIES)}")
        return value


@router.get("")
def list_leads(
    client: ClientDep, pool: PoolDep,
    status: Literal["active", "archived", "deleted", "all"] = "active",
    intent: str | None = None, urgency: str | None = None, tag: str | None = None,
    language: str | None = None, q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Leads of this client, filtered, newest first."""
    flt = repo.LeadFilter(status=status, intent=intent, urgency=urgency, tag=tag, language=language,
                          search=q, limit=limit, offset=offset)
    with tenant(pool, client) as conn:
        return {"leads": repo.list_leads(conn, flt)}


@router.get("/actions")
def activity(client: ClientDep, pool: PoolDep, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """The activity journal across all leads."""
    with tenant(pool, client) as conn:
        return {"actions": repo.journal(conn, limit=limit)}


@router.get("/{lead_id}")
def get_lead(lead_id: uuid.UUID, client: ClientDep, pool: PoolDep) -> dict[str, Any]:
    """One lead with its notes and journal."""
    with tenant(pool, client) as conn:
        lead = _found(repo.get_lead(conn, lead_id))
        return {"lead": lead, "notes": repo.list_notes(conn, lead_id), "actions": repo.journal(conn, lead_id=lead_id)}


@router.patch("/{lead_id}")
def correct_analysis(lead_id: uuid.UUID, body: AnalysisIn, client: ClientDep, pool: PoolDep) -> dict[str, Any]:
    """Set the lead's intent and/or urgency (the analysis is scored against them)."""
    with tenant(pool, client) as conn:
        return {"lead": _found(repo.correct_analysis(conn, lead_id, intent=body.intent, urgency=body.urgency,
                                                     performed_by=body.performed_by))}


@router.post("/{lead_id}/tag")
def tag(lead_id: uuid.UUID, body: TagIn, client: ClientDep, pool: PoolDep) -> dict[str, Any]:
    with tenant(pool, client) as conn:
        return {"lead": _found(repo.tag_lead(conn, lead_id, tag=body.tag or None, performed_by=body.performed_by))}


def _state_route(action: Literal["archived", "deleted", "reactivated"], path: str) -> None:
    def change(lead_id: uuid.UUID, client: ClientDep, pool: PoolDep, body: ActorIn | None = None) -> dict[str, Any]:
        actor = body.performed_by if body else "api"
        with tenant(pool, client) as conn:
            return {"lead": _found(repo.set_state(conn, lead_id, action=action, performed_by=actor))}

    change.__doc__ = f"Mark the lead {action}."
    router.add_api_route(f"/{{lead_id}}/{path}", change, methods=["POST"], name=f"lead_{path}")


_state_route("archived", "archive")
_state_route("deleted", "delete")
_state_route("reactivated", "reactivate")


@router.post("/{lead_id}/convert")
def convert(lead_id: uuid.UUID, client: ClientDep, pool: PoolDep, body: ActorIn | None = None) -> dict[str, Any]:
    with tenant(pool, client) as conn:
        return {"lead": _found(repo.mark_converted(conn, lead_id, performed_by=body.performed_by if body else "api"))}


@router.post("/{lead_id}/revert")
def revert(lead_id: uuid.UUID, body: RevertIn, client: ClientDep, pool: PoolDep) -> dict[str, Any]:
    with tenant(pool, client) as conn:
        return {"lead": _found(repo.revert_conversion(conn, lead_id, reason=body.reason,
                                                      performed_by=body.performed_by))}


@router.post("/{lead_id}/reanalyze", status_code=202)
def reanalyze(lead_id: uuid.UUID, client: ClientDep, pool: PoolDep, body: ActorIn | None = None) -> dict[str, Any]:
    """Queue a new analysis; the histories grow when it runs."""
    with tenant(pool, client) as conn:
        _found(repo.record_reanalysis_request(conn, lead_id, performed_by=body.performed_by if body else "api"))
    with pool.connection() as conn:
        enqueue_reanalysis(conn, client_id=client.client_id, lead_id=lead_id)
    return {"status": "queued", "lead_id": str(lead_id)}


@router.post("/{lead_id}/notes", status_code=201)
def add_note(lead_id: uuid.UUID, body: NoteIn, client: ClientDep, pool: PoolDep) -> dict[str, Any]:
    with tenant(pool, client) as conn:
        return {"note": _found(repo.add_note(conn, lead_id, note=body.note, performed_by=body.performed_by))}


@router.patch("/{lead_id}/notes/{note_id}")
def edit_note(lead_id: uuid.UUID, note_id: uuid.UUID, body: NoteIn, client: ClientDep,
              pool: PoolDep) -> dict[str, Any]:
    with tenant(pool, client) as conn:
        return {"note": _found(repo.edit_note(conn, lead_id, note_id, note=body.note,
                                              performed_by=body.performed_by))}


@router.delete("/{lead_id}/notes/{note_id}", status_code=204)
def delete_note(lead_id: uuid.UUID, note_id: uuid.UUID, client: ClientDep, pool: PoolDep,
                performed_by: Annotated[str, Query(min_length=1, max_length=255)] = "api") -> None:
    with tenant(pool, client) as conn:
        if not repo.delete_note(conn, lead_id, note_id, performed_by=performed_by):
            raise HTTPException(status_code=404, detail="note not found")
