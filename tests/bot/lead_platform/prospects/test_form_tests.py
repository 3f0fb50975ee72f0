"""A form test's answer, its timeout, and the score following them, through the queue as the inbound
e-mail endpoint and the scheduler drive them (the browser half is test_form_browser.py)."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime, timedelta

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import tenant_transaction
from bot.core.services import Services
from bot.lead_platform.outreach.tokens import address_token, read_token
from bot.lead_platform.prospects import form_tests as form_tests_domain
from bot.lead_platform.prospects.form_tests import REPLY_JOB, TIMEOUT_JOB, reply_address
from bot.lead_platform.prospects.jobs import SCORES_JOB
from bot.lead_platform.store import form_tests
from bot.lead_platform.store import prospects as repo
from bot.lead_platform.store.prospects import NewProspect
from tests.bot.lead_platform.leadkit import make_tenant
from tests.bot.lead_platform.prospects.conftest import worker_for
from tests.support.business_site import BusinessSite

SENT = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _pending_test(conn: Conn, client_id: uuid.UUID, website: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A prospect whose form went out at SENT (as form_tests.run leaves it)."""
    with tenant_transaction(conn, client_id):
        prospect = repo.add_prospect(conn, client_id=client_id, prospect=NewProspect(
            business_name="Durand", website=website, industry="bakery", form_url=website + "/contact"))
        assert prospect is not None
        test = form_tests.start(conn, client_id=client_id, prospect_id=prospect, form_url=website + "/contact")
        assert test is not None
        assert form_tests.start(conn, client_id=client_id, prospect_id=prospect, form_url="x") is None  # one at a time
        form_tests.submitted(conn, test, at=SENT, details={"enquiry": {"language": "fr", "reference": "FT-X"}})
    return prospect, test


def _row(conn: Conn, client_id: uuid.UUID, table: str, row_id: uuid.UUID) -> dict[str, object]:
    with tenant_transaction(conn, client_id):
        row = conn.execute(f"SELECT * FROM {table} WHERE id = %s", (row_id,)).fetchone()
    assert row is not None
    return row


def test_an_answer_completes_the_test_and_moves_the_score(services: Services, db_url: str, conn: Conn) -> None:
    alpha = make_tenant(db_url, "alpha", language="fr")
    prospect, test = _pending_test(conn, alpha.client_id, "https://durand.example")
    address = reply_address(services.settings, test)
    local, domain = address.split("@")
    kind, token = address_token(local) or ("", "")
    assert domain == "outreach.test" and kind == "formtest"
    assert read_token(services.settings.secret_key.get_secret_value(), token, purpose="formtest") == test
    assert read_token(services.settings.secret_key.get_secret_value(), token) is None  # not an e-mail's token

    worker = worker_for(services)
    with services.pool.connection() as c:
        queue.enqueue(c, REPLY_JOB, {"test_id": str(test), "received_at": (SENT + timedelta(minutes=3)).isoformat(),
                                     "from": "Durand <no-reply@durand.example>", "subject": "Accusé de réception",
                                     "body": "Nous avons bien reçu votre message."})
    assert worker.drain() == 1
    done = _row(conn, alpha.client_id, "prospect_form_tests", test)
    assert (done["test_status"], done["response_time_minutes"], done["has_autoresponder"],
            done["autoresponder_tone"], done["score"]) == ("completed", 3, True, "robotic", 65)
    seen = _row(conn, alpha.client_id, "prospect_candidates", prospect)
    assert (seen["last_tested"], float(seen["response_score"])) == (SENT, 65.0)  # type: ignore[arg-type]
    assert seen["automation_need_score"] == 61
    assert seen["automation_need_factors"] == {"form_test": 6, "site": 6, "industry": 4}

    # A person writes the next day: kept with the test, the first answer still counts.
    with services.pool.connection() as c:
        queue.enqueue(c, REPLY_JOB, {"test_id": str(test), "received_at": "2026-03-04T10:00:00Z",
                                     "from": "julie@durand.example", "subject": "Re: Demande test",
                                     "body": "Nous ouvrons à 7h."})
        queue.enqueue(c, REPLY_JOB, {"test_id": "nonsense"})
    worker.drain()
    later = _row(conn, alpha.client_id, "prospect_form_tests", test)
    assert later["score"] == 65 and later["metadata"]["later_replies"][0]["from"] == "julie@durand.example"  # type: ignore[index]
    bad = conn.execute("SELECT status, error FROM queue_jobs WHERE payload ->> 'test_id' = 'nonsense'").fetchone()
    assert bad["status"] == "failed" and "test_id" in bad["error"]

    # The industry's statistics change: the prospect_scores job carries them into the score.
    conn.execute("INSERT INTO prospect_industry_performance (industry, total_contacted, total_replied, reply_rate) "
                 "VALUES ('bakery', 40, 8, 20.0)")
    with services.pool.connection() as c:
        queue.enqueue(c, SCORES_JOB, {})
    worker.drain()
    assert _row(conn, alpha.client_id, "prospect_candidates", prospect)["automation_need_score"] == 65


def test_no_answer_in_time_is_a_timeout(services: Services, db_url: str, conn: Conn) -> None:
    alpha = make_tenant(db_url, "alpha")
    prospect, test = _pending_test(conn, alpha.client_id, "https://silent.example")
    worker = worker_for(services)
    with services.pool.connection() as c:
        queue.enqueue(c, TIMEOUT_JOB, {"client_id": str(alpha.client_id), "test_id": str(test)})
    worker.drain()
    row = _row(conn, alpha.client_id, "prospect_form_tests", test)
    assert (row["test_status"], row["score"], row["autoresponder_tone"]) == ("timeout", 0, "none")
    assert _row(conn, alpha.client_id, "prospect_candidates", prospect)["automation_need_score"] == 85
    # An answer after the timeout is kept but does not change the verdict.
    with services.pool.connection() as c:
        queue.enqueue(c, REPLY_JOB, {"test_id": str(test), "from": "a@silent.example", "subject": "Re", "body": "Oui"})
    worker.drain()
    row = _row(conn, alpha.client_id, "prospect_form_tests", test)
    assert row["test_status"] == "timeout" and len(row["metadata"]["later_replies"]) == 1  # type: ignore[index]


def test_a_contact_page_robots_keep_out_or_at_a_private_address_is_not_opened(
        services: Services, db_url: str, conn: Conn) -> None:
    alpha = make_tenant(db_url, "alpha")
    # The browser is never started for these: any existing file stands for Chromium.
    services.settings = services.settings.model_copy(update={"chromium_path": sys.executable})
    with BusinessSite() as site:
        with tenant_transaction(conn, alpha.client_id):
            kept_out, local = (repo.add_prospect(conn, client_id=alpha.client_id, prospect=NewProspect(
                business_name="Durand", website=site.url + path, form_url=site.url + path))
                for path in ("/private/contact", "/contact"))
        result = form_tests_domain.run(services, client_id=alpha.client_id, prospect_id=kept_out)  # type: ignore[arg-type]
        assert result["reason"] == "robots.txt of the site disallows its contact page"
        services.settings = services.settings.model_copy(update={"site_fetch_allow_private": False})
        result = form_tests_domain.run(services, client_id=alpha.client_id, prospect_id=local)  # type: ignore[arg-type]
        assert "which is not a public address" in result["reason"]
        assert site.visits == ["/robots.txt"] and site.submissions == []
    with tenant_transaction(conn, alpha.client_id):
        rows = conn.execute("SELECT test_status, failure_reason FROM prospect_form_tests").fetchall()
    assert {r["test_status"] for r in rows} == {"failed"} and all(r["failure_reason"] for r in rows)
