"""GET /healthz: database reachability and schema version."""

from __future__ import annotations

import psycopg
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.web.deps import AsyncPoolDep

router = APIRouter()


@router.get("/healthz")
async def healthz(apool: AsyncPoolDep) -> JSONResponse:
    """200 with the schema version when the database answers, 503 otherwise."""
    try:
        async with apool.connection(timeout=5) as conn:
            cur = await conn.execute("SELECT max(version) AS version FROM schema_migrations")
            row = await cur.fetchone()
    except (psycopg.Error, TimeoutError) as exc:
        return JSONResponse(
            {"status": "error", "database": "unreachable", "detail": type(exc).__name__},
            status_code=503,
        )
    return JSONResponse(
        {"status": "ok", "database": "ok", "schema_version": row["version"] if row else None}
    )
