"""GET /metrics: this process's figures in the Prometheus text format, for the operator only.

With MATCHBOT_METRICS_TOKEN set, the scraper sends `Authorization: Bearer <token>`
(compared in constant time; anything else is a 401). Without it, only a client on this
machine is answered, and not through a local reverse proxy (a forwarding header gives
it away): every other caller gets the 404 of a route that does not exist.
"""

from __future__ import annotations

import hmac

import psycopg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4

from bot.core.connections import Row
from bot.core.metrics import Snapshot, aread_queue, database_labels, exposition
from bot.core.settings import Settings
from bot.web.deps import AsyncPoolDep, ServicesDep, SettingsDep

router = APIRouter()

LOOPBACK = {"127.0.0.1", "::1"}
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def check_access(request: Request, settings: Settings) -> None:
    """Return when the caller may read the metrics; raise the 401 or 404 otherwise."""
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else ""
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise HTTPException(401, "a valid bearer token is required",
                                headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return
    host = request.client.host if request.client else ""
    if host not in LOOPBACK or any(name in request.headers for name in FORWARDING_HEADERS):
        raise HTTPException(404, "Not Found")


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, settings: SettingsDep, services: ServicesDep,
                  apool: AsyncPoolDep) -> Response:
    """Counters of this process, plus the queue, the pools and the database read now."""
    check_access(request, settings)
    rows: list[Row] | None
    try:
        async with apool.connection() as conn:
            rows = await aread_queue(conn)
    except psycopg.Error:  # pool timeouts and deadlines included: reported as matchbot_database_up 0
        rows = None
    pools = [request.app.state.worker_pool, services.pool, apool]  # workers' pool, then the web's two
    snapshot = Snapshot(rows, pools, database_labels(settings, request.app.state.database.url))  # after a failover too
    return Response(exposition(snapshot), media_type=CONTENT_TYPE_PLAIN_0_0_4)  # as prometheus-client serves it
