"""The console's periodic jobs (auto-release, daily analytics) and the first admin."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest

from bot.console import jobs, repository
from bot.console.analytics import fill_analytics, line_chart, read_days
from bot.console.users import FIRST_ADMIN_EMAIL, create_admin, ensure_first_admin
from bot.core.db import open_pool
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.settings import Settings
from bot.store.contacts import create_request, mark_paid
from tests.bot.console.conftest import PASSWORD, member


@pytest.fixture
def admin_id(conn: psycopg.Connection) -> int:
    return create_admin(conn, email="a@agence.test", password=PASSWORD, role="admin")


def _services(settings: Settings, db_url: str) -> Services:
    return Services(
        settings=settings, pool=open_pool(db_url, max_size=2), database_url=db_url, embedder=None
    )  # type: ignore[arg-type]  # these jobs never embed


def test_idle_takeovers_are_released_and_active_ones_kept(
    conn: psycopg.Connection, admin_id: int
) -> None:
    idle, busy, waiting = member(conn), member(conn), member(conn)
    for lead_id in (idle, busy):
        repository.take_over(conn, lead_id, admin_id=admin_id)
    conn.execute(
        "UPDATE leads SET status = 'attente_humain', conversation_phase = 'humain' WHERE id = %s",
        (idle,),
    )
    conn.execute(
        "UPDATE leads SET human_since = now() - interval '40 minutes' WHERE id IN (%s, %s)",
        (idle, busy),
    )
    conn.execute("UPDATE leads SET qualification_complete = TRUE WHERE id = %s", (busy,))
    conn.execute("UPDATE leads SET status = 'attente_humain' WHERE id = %s", (waiting,))
    conn.execute(
        """INSERT INTO conversations (lead_id, direction, content, sender_type, sender_id, created_at)
                    VALUES (%s, 'out', 'je regarde', 'admin', %s, now() - interval '5 minutes')""",
        (busy, admin_id),
    )
    assert jobs.release_idle(conn) == [idle]
    rows = {
        r["id"]: r
        for r in conn.execute(
            "SELECT id, assigned_admin_id, human_since, status, conversation_phase FROM leads"
        ).fetchall()
    }
    assert rows[idle] == {
        "id": idle,
        "assigned_admin_id": None,
        "human_since": None,
        "status": "nouveau_lead",
        "conversation_phase": "qualification",
    }
    assert rows[busy]["assigned_admin_id"] == admin_id
    assert (
        rows[waiting]["status"] == "attente_humain"
    )  # nobody took it: a person still has to answer
    log = conn.execute(
        "SELECT context->>'action' AS action, admin_id FROM logs WHERE lead_id = %s "
        "ORDER BY id DESC LIMIT 1",
        (idle,),
    ).fetchone()
    assert log == {"action": "auto_release", "admin_id": None}
    conn.execute("UPDATE configuration SET value = '0' WHERE key = 'auto_release_minutes'")
    conn.execute("UPDATE leads SET human_since = now() - interval '9 hours' WHERE id = %s", (busy,))
    conn.execute("DELETE FROM conversations WHERE sender_type = 'admin'")
    assert jobs.release_idle(conn) == []  # 0 = never released automatically


def test_periodic_jobs_are_seeded_once_and_reschedule_themselves(
    settings: Settings, db_url: str, conn: psycopg.Connection, admin_id: int
) -> None:
    services = _services(settings, db_url)
    try:
        handlers = jobs.job_handlers(services)
        jobs.job_handlers(services)  # a second worker joins the pending runs
        pending = conn.execute(
            "SELECT job_type, run_at > now() + interval '30 seconds' AS later FROM queue_jobs "
            "WHERE status = 'pending' ORDER BY job_type"
        ).fetchall()
        assert pending == [
            {"job_type": "analytics_daily", "later": True},
            {"job_type": "auto_release", "later": True},
        ]
        lead_id = member(conn)
        repository.take_over(conn, lead_id, admin_id=admin_id)
        conn.execute(
            "UPDATE leads SET human_since = now() - interval '2 hours' WHERE id = %s", (lead_id,)
        )
        job = Job(
            id=None,
            job_type="auto_release",
            payload={},
            attempts=1,
            max_attempts=3,  # type: ignore[arg-type]
            dedup_key="periodic",
            created_at=dt.datetime.now(dt.UTC),
        )
        assert handlers["auto_release"](job) == {"released": [lead_id]}
        assert handlers["analytics_daily"](job) == {"days": 2}
        count = conn.execute(
            "SELECT count(*) AS n FROM queue_jobs WHERE status = 'pending'"
        ).fetchone()["n"]
        assert count == 2
    finally:
        services.pool.close()


def test_analytics_fills_one_row_per_day_and_upserts(
    conn: psycopg.Connection, admin_id: int
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    yesterday = today - dt.timedelta(days=1)
    a, b = member(conn, "Bonjour"), member(conn, "Salut")
    conn.execute(
        "UPDATE leads SET created_at = now() - interval '1 day', qualification_complete = TRUE "
        "WHERE id = %s",
        (b,),
    )
    conn.execute(
        "UPDATE conversations SET created_at = now() - interval '1 day' WHERE lead_id = %s", (b,)
    )
    conn.execute(
        """INSERT INTO conversations (lead_id, direction, content, sender_type, sender_id)
                    VALUES (%s, 'out', 'réponse', 'bot', NULL), (%s, 'out', 'admin', 'admin', %s)""",
        (a, a, admin_id),
    )
    repository.take_over(conn, a, admin_id=admin_id)
    conn.execute(
        "INSERT INTO profiles (code, first_name, age, gender) VALUES ('F1', 'Aïcha', 30, 'female')"
    )
    request_id, _ = create_request(
        conn,
        lead_id=a,
        profile_id=1,
        profile_code="F1",
        message="intéressé",
        amount=15000,
        currency="XAF",
    )  # type: ignore[arg-type]
    mark_paid(conn, request_id, admin_id=admin_id)
    conn.execute("UPDATE leads SET opted_out = TRUE, opted_out_at = now() WHERE id = %s", (b,))
    assert fill_analytics(conn, start=yesterday, end=today) == 2
    assert fill_analytics(conn, start=yesterday, end=today) == 2  # an upsert: still one row per day
    rows = {r["day"]: r for r in conn.execute("SELECT * FROM analytics ORDER BY day").fetchall()}
    assert len(rows) == 2
    day = rows[today]
    assert (day["messages_in"], day["messages_out"], day["admin_messages"]) == (1, 2, 1)
    assert (day["new_leads"], day["active_leads"], day["handoffs"]) == (1, 1, 1)
    assert (day["contact_requests"], day["payments"], float(day["revenue"]), day["currency"]) == (
        1,
        1,
        15000.0,
        "XAF",
    )
    assert day["opt_outs"] == 1
    before = rows[yesterday]
    assert (before["messages_in"], before["new_leads"], before["qualified_leads"]) == (1, 1, 1)
    series = read_days(conn, days=7, today=today)
    assert len(series) == 7 and series[-1]["messages_out"] == 2 and series[0]["messages_in"] == 0
    chart = line_chart(series, ("messages_in", "messages_out"))
    assert chart.max_value == 2 and len(chart.lines) == 2 and chart.lines[1]["total"] == "2"


def test_first_admin_only_on_the_embedded_default_and_only_once(
    db_url: str, tmp_path: Path, conn: psycopg.Connection
) -> None:
    embedded = Settings(_env_file=None, environment="test", home=tmp_path)  # type: ignore[call-arg]
    services = _services(embedded, db_url)
    try:
        password = ensure_first_admin(services)
        assert password and len(password) >= 12
        assert ensure_first_admin(services) is None
    finally:
        services.pool.close()
    row = conn.execute("SELECT email, role, must_change_password FROM admin_users").fetchone()
    assert row == {"email": FIRST_ADMIN_EMAIL, "role": "admin", "must_change_password": True}
    external = Settings(_env_file=None, environment="test", database_url=db_url)  # type: ignore[call-arg]
    conn.execute("DELETE FROM admin_users")
    services = _services(external, db_url)
    try:
        assert ensure_first_admin(services) is None
    finally:
        services.pool.close()
