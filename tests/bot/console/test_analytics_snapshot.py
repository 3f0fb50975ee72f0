"""The analytics page's agent table is the agent_performance view as of the last refresh."""

from __future__ import annotations

import datetime as dt

import psycopg
from fastapi.testclient import TestClient

from bot.console.analytics import agent_performance, fill_analytics
from tests.bot.console.conftest import Account, csrf_of, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()


def test_agent_figures_appear_once_the_analytics_are_refreshed(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    conn.execute(
        """INSERT INTO agent_logs (agent_name, duration_ms, success)
           VALUES ('snapshot_probe', 10, TRUE), ('snapshot_probe', 30, FALSE)"""
    )
    assert "snapshot_probe" not in [r["agent_name"] for r in agent_performance(conn)]
    assert sign_in(client, admin_account) == 303
    page = client.get("/admin/analytics").text
    assert "snapshot_probe" not in page
    client.post("/admin/analytics/refresh", data={"csrf_token": csrf_of(page)})
    assert "snapshot_probe" in client.get("/admin/analytics").text
    probe = {r["agent_name"]: r for r in agent_performance(conn)}["snapshot_probe"]
    assert (probe["calls"], probe["failures"], probe["avg_duration_ms"]) == (2, 1, 20)


def test_the_hourly_refresh_updates_the_snapshot_too(conn: psycopg.Connection) -> None:
    conn.execute("INSERT INTO agent_logs (agent_name, duration_ms) VALUES ('hourly_probe', 5)")
    today = dt.datetime.now(dt.UTC).date()
    assert fill_analytics(conn, start=today - dt.timedelta(days=1), end=today) == 2
    assert "hourly_probe" in [r["agent_name"] for r in agent_performance(conn)]
