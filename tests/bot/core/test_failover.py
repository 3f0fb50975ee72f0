"""Failover decisions between two databases: who switches, when, who follows, and the way back.

Two databases of the test server stand for the primary and the failover (a dead primary
is a closed port); tests/bot/core/test_failover_running.py freezes a real primary under
a running service.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

from bot.channels.alerts import alert_admins
from bot.core.database_in_use import DatabaseInUse, DatabaseSwitched, open_following_pool
from bot.core.db import database_url, describe_host
from bot.core.failover import FailoverMonitor, SwitchRefused, settle, use_primary
from bot.core.settings import Settings
from bot.core.switches import Decision, record_decision
from tests.conftest import create_database, drop_database
from tests.support import REPO_ROOT


@pytest.fixture
def failover_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    url = create_database(pg_admin_url, template=template_db)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def fo_settings(settings: Settings, failover_url: str) -> Settings:
    return settings.model_copy(update={"database_failover_url": failover_url, "failover_after_seconds": 0.5,
                                       "failover_probe_seconds": 0.2})


def _dead_url() -> str:
    """A primary that refuses connections (a closed port), with a password that must never show."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql://matchbot:s3cret-pw@127.0.0.1:{port}/matchbot"


def _name(url: str) -> str:
    return str(conninfo_to_dict(url)["dbname"])


def _open(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, row_factory=dict_row)


def _record(url: str, decision: Decision) -> None:
    with _open(url) as conn:
        assert record_decision(conn, decision)


def _decisions(url: str) -> list[tuple[int, str]]:
    with _open(url) as conn:
        rows = conn.execute("SELECT epoch, role FROM database_switches ORDER BY epoch").fetchall()
    return [(row["epoch"], row["role"]) for row in rows]


def _alerts(url: str) -> list[str]:
    with _open(url) as conn:
        rows = conn.execute("SELECT message FROM logs WHERE source = 'alert' ORDER BY id").fetchall()
    return [row["message"] for row in rows]


def test_a_process_follows_a_recorded_switch_never_comes_back_alone_and_an_admin_brings_it_back(
    fo_settings: Settings, db_url: str, failover_url: str
) -> None:
    database = DatabaseInUse(fo_settings, db_url)
    pool = open_following_pool(database, max_size=3, name="test")
    monitor = FailoverMonitor(database, alert=alert_admins, name="test:1")

    def in_use() -> str:
        with pool.connection() as conn:
            row = conn.execute("SELECT current_database() AS name").fetchone()
        assert row is not None
        return str(row["name"])

    try:
        monitor.tick()  # both answer, nothing recorded
        assert (database.role, in_use()) == ("primary", _name(db_url))
        lent = pool.getconn()

        # Another process failed over: this one follows, though the primary answers it.
        _record(failover_url, Decision(1, "failover", "other-host:42", "the primary did not answer for 31 s"))
        monitor.tick()
        assert (database.role, database.epoch, in_use()) == ("failover", 1, _name(failover_url))
        with pytest.raises(psycopg.OperationalError):  # the connection lent before was cut under its user
            lent.execute("SELECT 1")
        pool.putconn(lent)
        about = database.about()
        assert about["role"] == "failover" and about["decided_by"] == "other-host:42"

        for _ in range(3):  # the primary answers, and nothing goes back on its own
            monitor.tick()
        assert database.role == "failover"
        assert database.about()["primary"] == {"host": "local socket " + str(conninfo_to_dict(db_url)["host"]),
                                               "answers": True}

        back = use_primary(fo_settings, decided_by="boss@agence.test (console)", migrate=False, alert=alert_admins)
        assert back.decision.epoch == 2 and back.jobs_on_failover == 0
        monitor.tick()
        assert (database.role, database.epoch, in_use()) == ("primary", 2, _name(db_url))
    finally:
        pool.close()
    # The way back is recorded in both databases (either one is enough for the others to
    # follow), and the admins are told in the database now in use.
    assert _decisions(failover_url) == [(1, "failover"), (2, "primary")]
    assert _decisions(db_url) == [(2, "primary")]
    assert any("retour sur la base principale" in text and "boss@agence.test" in text for text in _alerts(db_url))


def test_a_primary_silent_for_failover_after_is_left_and_the_admins_alerted_in_the_failover(
    fo_settings: Settings, failover_url: str
) -> None:
    settings = fo_settings.model_copy(update={"database_url": _dead_url()})
    with _open(failover_url) as conn:
        conn.execute("UPDATE configuration SET value = '\"+237699000000\"' WHERE key = 'admin_phone'")
    database = DatabaseInUse(settings, settings.database_url or "")
    monitor = FailoverMonitor(database, alert=alert_admins, name="web-1:7")

    monitor.tick()  # one failed probe is not enough
    assert database.role == "primary" and _decisions(failover_url) == []
    time.sleep(settings.failover_after_seconds)
    monitor.tick()
    assert (database.role, database.url) == ("failover", failover_url)

    assert _decisions(failover_url) == [(1, "failover")]
    [alert] = _alerts(failover_url)
    assert "base de secours" in alert and "matchbot db use-primary" in alert and "s3cret" not in alert
    with _open(failover_url) as conn:
        jobs = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'deliver_admin_alert'").fetchone()
    assert jobs is not None and jobs["n"] == 1  # and to the admin's WhatsApp
    about = database.about()
    assert about["role"] == "failover" and about["decided_by"] == "web-1:7"
    assert "s3cret" not in str(about)
    assert about["primary"] == {"host": describe_host(settings.database_url or ""), "answers": False}
    assert str(about["primary"]).startswith("{'host': '127.0.0.1:")


def test_a_job_begun_before_a_switch_gets_no_connection_to_the_new_database(
    fo_settings: Settings, db_url: str, failover_url: str
) -> None:
    database = DatabaseInUse(fo_settings, db_url)
    pool = open_following_pool(database, max_size=2, name="test")
    try:
        with database.pinned():
            with pool.connection():
                pass
            assert database.follow(Decision(1, "failover", "other:1", "test"))
            with pytest.raises(DatabaseSwitched), pool.connection():
                pass  # ids mean other rows in the other database: the job stays where it was claimed
        with pool.connection() as conn:  # the next job is claimed in the failover
            assert conn.execute("SELECT current_database() AS name").fetchone() == {"name": _name(failover_url)}
    finally:
        pool.close()


def test_the_way_back_needs_a_failover_to_leave_and_a_migrated_primary(
    fo_settings: Settings, failover_url: str, empty_db_url: str
) -> None:
    with pytest.raises(SwitchRefused, match="already use the primary"):
        use_primary(fo_settings, decided_by="boss", migrate=False, alert=alert_admins)
    _record(failover_url, Decision(1, "failover", "other:1", "test"))
    unmigrated = fo_settings.model_copy(update={"database_url": empty_db_url})
    with pytest.raises(SwitchRefused, match=r"schema 0.*matchbot db use-primary"):
        use_primary(unmigrated, decided_by="boss", migrate=False, alert=alert_admins)
    dead = fo_settings.model_copy(update={"database_url": _dead_url()})
    with pytest.raises(SwitchRefused, match="does not answer"):
        use_primary(dead, decided_by="boss", migrate=False, alert=alert_admins)
    assert _decisions(failover_url) == [(1, "failover")]


def test_start_up_follows_the_recorded_switch_and_declares_one_for_a_silent_primary(
    fo_settings: Settings, db_url: str, failover_url: str
) -> None:
    assert database_url(fo_settings) == db_url
    dead = fo_settings.model_copy(update={"database_url": _dead_url()})
    started = time.monotonic()
    # `serve` and `worker` wait MATCHBOT_FAILOVER_AFTER before leaving, then say so.
    assert settle(dead, alert=alert_admins, decided_by="worker-2:9") == failover_url
    assert time.monotonic() - started >= dead.failover_after_seconds
    assert _decisions(failover_url) == [(1, "failover")] and len(_alerts(failover_url)) == 1
    # Every process that starts now joins the failover, though the primary answers it.
    assert database_url(fo_settings) == failover_url
    assert settle(fo_settings, alert=alert_admins, decided_by="worker-3:9") == failover_url


@pytest.mark.slow
def test_db_status_and_use_primary_from_the_command_line(db_url: str, failover_url: str, tmp_path: Path) -> None:
    _record(failover_url, Decision(1, "failover", "web-1:7", "the primary did not answer for 30 s"))

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DATABASE_URL": db_url,
               "DATABASE_FAILOVER_URL": failover_url, "MATCHBOT_HOME": str(tmp_path), "MATCHBOT_ENV": "test"}
        return subprocess.run([sys.executable, "-c", "from bot.cli.main import main; main()", *args], env=env,
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)

    status = cli("db", "status")
    assert status.returncode == 0, status.stderr
    assert "in use: failover" in status.stderr and "web-1:7" in status.stderr
    back = cli("db", "use-primary")
    assert back.returncode == 0, back.stderr
    assert "switched back to the primary" in back.stderr
    assert _decisions(failover_url) == [(1, "failover"), (2, "primary")]
    again = cli("db", "use-primary")
    assert again.returncode == 1 and "already use the primary" in again.stderr
