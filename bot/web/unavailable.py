"""One answer for a database that is stalled or away: 503 with Retry-After, never a 500 or a hang.

Webhook providers and web forms retry a 503; the deadlines that turn a frozen database
into these errors within 2 s are in bot/core/deadlines.py.
"""

from __future__ import annotations

import logging

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """The route met a stalled, overloaded or lost database: ask the client to retry."""
    log.warning("%s %s: database unavailable (%s: %s)", request.method, request.url.path,
                type(exc).__name__, str(exc).strip().splitlines()[0] if str(exc).strip() else "")
    return JSONResponse({"detail": "database unavailable, retry later"}, status_code=503,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def install_database_unavailable_handler(app: FastAPI) -> None:
    """Register the handler: pool timeouts, deadlines, cancelled statements, lost connections.

    All of these are `psycopg.OperationalError`s (PoolTimeout, DatabaseStalled,
    QueryCanceled and LockNotAvailable included); a data error stays a bug.
    """
    app.add_exception_handler(psycopg.OperationalError, database_unavailable)
