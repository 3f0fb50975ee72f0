"""GET /healthz: database reachability, which database is in use (primary or failover), schema version
and the embedded server's supervisor."""

from __future__ import annotations

import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.web.deps import AsyncPoolDep

router = APIRouter()

# A load balancer's probe gives up after a few seconds: answer well before, database or not.
CONNECTION_WAIT_SECONDS = 1.0


@router.get("/healthz")
async def healthz(request: Request, apool: AsyncPoolDep) -> JSONResponse:
    """200 with the schema version when the database answers, 503 otherwise; both say which database."""
    state = request.app.state
    supervisor = getattr(state, "supervisor", None)
    in_use = state.database.about()  # role (embedded, primary, failover) and host, never a password
    about: dict[str, object] = {
        "server": in_use["host"],
        "database_in_use": in_use,
        "supervisor": supervisor.state() if supervisor is not None else None,
    }
    if supervisor is not None and not supervisor.up:  # known to be down: no need to wait
        return JSONResponse({"status": "error", "database": "restarting", **about}, status_code=503)
    try:
        async with apool.connection(timeout=CONNECTION_WAIT_SECONDS) as conn:
            cur = await conn.execute("SELECT max(version) AS version FROM schema_migrations")
            row = await cur.fetchone()
    except (psycopg.Error, TimeoutError) as exc:
        return JSONResponse(
            {"status": "error", "database": "unreachable", "detail": type(exc).__name__, **about},
            status_code=503,
        )
    return JSONResponse(
        {"status": "ok", "database": "ok", "schema_version": row["version"] if row else None, **about}
    )
