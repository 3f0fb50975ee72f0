"""The daily prospect queue and the site-facts job, through the worker: discovery for the internal
client, the homepage read over HTTP, the score following the facts, the next day scheduled."""

from __future__ import annotations

from pathlib import Path

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.lead_platform.prospects.discovery import SITE_FACTS_JOB
from bot.lead_platform.prospects.form_tests import FORM_TEST_JOB
from bot.lead_platform.prospects.jobs import DAILY_JOB
from bot.lead_platform.store.campaigns import ensure_internal_client
from tests.bot.lead_platform.prospects.conftest import worker_for
from tests.support.business_site import BusinessSite


def test_a_day_of_prospecting_for_the_platforms_own_sales(services: Services, conn: Conn, tmp_path: Path) -> None:
    with BusinessSite() as site:
        websites = tmp_path / "websites.txt"
        websites.write_text("# the day's list\n" + site.url + "\n" + "\n".join(f"shop{n}.example" for n in range(5)))
        services.settings = services.settings.model_copy(update={
            "prospect_websites_file": websites, "prospect_daily_count": 3, "form_tests": "auto"})
        worker = worker_for(services)
        scheduled = conn.execute("SELECT run_at - now() AS wait FROM queue_jobs WHERE job_type = %s AND status = "
                                 "'pending'", (DAILY_JOB,)).fetchone()
        assert scheduled["wait"].total_seconds() > 500  # seeded when the worker starts, not run at once
        conn.execute("UPDATE queue_jobs SET run_at = now() WHERE job_type = %s", (DAILY_JOB,))
        assert worker.run_one().job_type == DAILY_JOB  # type: ignore[union-attr]
        daily = conn.execute("SELECT result FROM queue_jobs WHERE job_type = %s AND status = 'completed'",
                             (DAILY_JOB,)).fetchone()["result"]
        assert daily["discovery"] == {"provider": "websites", "added": 3, "duplicates": 0}
        following = conn.execute("SELECT run_at - now() AS wait FROM queue_jobs WHERE job_type = %s AND status = "
                                 "'pending'", (DAILY_JOB,)).fetchone()
        assert following["wait"].total_seconds() > 23 * 3600
        # Only the site-facts jobs run here: the local site answers, the .example ones do not exist.
        while worker.run_one([SITE_FACTS_JOB]) is not None:
            pass

    with service_transaction(conn):
        internal = ensure_internal_client(conn).client_id
    with tenant_transaction(conn, internal):
        rows = {r["website"]: r for r in conn.execute("SELECT * FROM prospect_candidates")}
    assert len(rows) == 3
    bakery = rows[site.url]
    assert (bakery["business_name"], bakery["site_status"], bakery["language"], bakery["site_language"],
            bakery["contact_email"], bakery["form_url"], bakery["has_chat_widget"], bakery["chat_widget"]) == (
        "Boulangerie Durand", "ok", "fr", "fr", "bonjour@boulangerie-durand.fr", site.url + "/contact", True, "tawk.to")
    # A chat widget, a form and an e-mail: nothing to add for the site; the form test is still unknown.
    assert bakery["automation_need_score"] == 45 + 15 + 0 + 4
    unreachable = [r for w, r in rows.items() if w != site.url]
    assert {r["site_status"] for r in unreachable} == {"unreachable"} and all(r["site_error"] for r in unreachable)
    assert {r["automation_need_score"] for r in unreachable} == {70}
    # MATCHBOT_FORM_TESTS=auto: the bakery's form is queued for its test, once.
    tests = conn.execute("SELECT payload FROM queue_jobs WHERE job_type = %s", (FORM_TEST_JOB,)).fetchall()
    assert [t["payload"]["prospect_id"] for t in tests] == [str(bakery["id"])]
    with services.pool.connection() as c:
        queue.enqueue(c, DAILY_JOB, {})
    worker.run_one([DAILY_JOB])
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = %s", (FORM_TEST_JOB,)
                        ).fetchone()["n"] == 1
