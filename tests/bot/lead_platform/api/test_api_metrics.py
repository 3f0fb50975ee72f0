"""`api_response` metrics of the lead API: every request timed off the request path, written in
batches, the last batch when the app stops; kept while the database is away."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import psycopg
from fastapi.testclient import TestClient
from psycopg_pool import AsyncConnectionPool

from bot.app import create_app
from bot.core.db import open_async_pool
from bot.core.settings import Settings
from bot.lead_platform.api.metrics import ApiMetrics
from tests.bot.lead_platform.leadkit import Tenant, post_lead


def test_each_request_is_a_row_written_when_the_app_stops(lead_settings: Settings, db_url: str, alpha: Tenant,
                                                          conn: psycopg.Connection) -> None:
    with TestClient(create_app(lead_settings, database_url=db_url)) as api:
        assert post_lead(api, alpha).status_code == 201
        assert post_lead(api, Tenant(alpha.client_id, "pk_wrong", alpha.email)).status_code == 401
        assert api.get("/api/leads", headers=alpha.secret_headers).status_code == 200
        assert api.get(f"/api/leads/{uuid.uuid4()}", headers=alpha.secret_headers).status_code == 404
        assert api.get("/dashboard/login").status_code == 200  # not the lead API: not timed
    rows = conn.execute(
        """SELECT metadata->>'endpoint' AS endpoint, metadata->>'method' AS method, (metadata->>'status')::int AS status,
                  client_id, metric_name, metric_unit, response_time_ms, metric_value, success_rate::float8 AS ok,
                  error_count, source_component
           FROM performance_metrics WHERE event_type = 'api_response' ORDER BY recorded_at""").fetchall()
    assert [(r["endpoint"], r["method"], r["status"], r["client_id"], r["ok"]) for r in rows] == [
        ("/api/lead", "POST", 201, alpha.client_id, 1.0),
        ("/api/lead", "POST", 401, None, 0.0),  # the key was unknown: no client
        ("/api/leads", "GET", 200, alpha.client_id, 1.0),
        ("/api/leads/{lead_id}", "GET", 404, alpha.client_id, 0.0),  # the route's template, not the id
    ]
    assert all((r["metric_name"], r["metric_unit"], r["source_component"], r["error_count"]) ==
               ("response_time", "ms", "lead_api", 0) for r in rows)
    assert all(r["response_time_ms"] >= 0 and r["metric_value"] == r["response_time_ms"] for r in rows)


def test_with_the_database_away_the_rows_wait_and_the_oldest_go_beyond_the_limit(
        db_url: str, conn: psycopg.Connection) -> None:
    metrics = ApiMetrics(max_pending=3, chunk=2)
    for n in range(4):
        metrics.add({"ms": n, "status": 200, "at": datetime.now(UTC), "endpoint": "/api/leads", "method": "GET",
                     "client_id": None})

    async def flush_twice() -> tuple[int, int, int]:
        away = AsyncConnectionPool("host=127.0.0.1 port=1 dbname=none connect_timeout=1", min_size=1,
                                   timeout=0.3, open=False)
        await away.open(wait=False)
        try:
            lost = await metrics.flush(away)
        finally:
            await away.close(timeout=0.1)
        kept = metrics.pending()
        back = await open_async_pool(db_url, max_size=2)
        try:
            return lost, kept, await metrics.flush(back)
        finally:
            await back.close()

    assert asyncio.run(flush_twice()) == (0, 3, 3)
    written = conn.execute("SELECT response_time_ms FROM performance_metrics WHERE event_type = 'api_response' "
                           "ORDER BY response_time_ms").fetchall()
    assert [r["response_time_ms"] for r in written] == [1, 2, 3]  # the oldest was dropped; two statements
