"""A contact-form test end to end, in Debian's Chromium: the form on a local business site is filled
and sent once, the site's autoresponder e-mails the test's own address (a real local SMTP server), the
answer comes back as the inbound e-mail endpoint hands it over, and the test and the score follow.
A form that insists on a phone number is not sent, and the reason says so."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import tenant_transaction
from bot.core.services import Services
from bot.lead_platform.outreach.tokens import address_token, read_token
from bot.lead_platform.prospects.form_tests import FORM_TEST_JOB, REPLY_JOB, TIMEOUT_JOB
from bot.lead_platform.store import prospects as repo
from bot.lead_platform.store.prospects import NewProspect
from tests.bot.lead_platform.leadkit import make_tenant
from tests.bot.lead_platform.prospects.conftest import worker_for
from tests.support.business_site import AUTORESPONDER_SUBJECT, BusinessSite
from tests.support.smtp import Inbox, body_of

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (CI installs Debian's)"),
]


def test_a_form_is_sent_once_and_its_autoresponder_scored(services: Services, db_url: str, conn: Conn,
                                                          smtp_server: tuple[Inbox, int]) -> None:
    inbox, smtp_port = smtp_server
    alpha = make_tenant(db_url, "alpha", language="en")
    secret = services.settings.secret_key.get_secret_value()
    worker = worker_for(services)
    with BusinessSite(smtp_port=smtp_port) as site:
        with tenant_transaction(conn, alpha.client_id):
            ids = [repo.add_prospect(conn, client_id=alpha.client_id, prospect=NewProspect(
                business_name="Boulangerie Durand", website=site.url + path, language="fr",
                form_url=site.url + path)) for path in ("/contact", "/contact-phone")]
        with services.pool.connection() as c:
            for prospect_id in ids:
                queue.enqueue(c, FORM_TEST_JOB, {"client_id": str(alpha.client_id), "prospect_id": str(prospect_id)})
        started = time.perf_counter()
        assert worker.drain() == 2
        browser_seconds = time.perf_counter() - started

        # The site got one submission, from the working form only, filled as a person would.
        assert len(site.submissions) == 1, site.submissions
        sent = site.submissions[0]
        local, domain = sent["courriel"].split("@")
        kind, token = address_token(local) or ("", "")
        test_id = read_token(secret, token, purpose="formtest")
        assert (kind, domain, sent["nom"], sent["rgpd"]) == ("formtest", "outreach.test", "Camille Test", "on")
        assert "Ceci est une demande test envoyée par Alpha" in sent["message"] and "Référence : FT-" in sent["message"]
        assert "newsletter" not in sent and not sent.get("telephone") and not sent.get("url_site")  # honeypot left
        # Once: the same prospect's form is not sent again (unless on purpose, with --again).
        with services.pool.connection() as c:
            queue.enqueue(c, FORM_TEST_JOB, {"client_id": str(alpha.client_id), "prospect_id": str(ids[0])})
        worker.drain()
        assert len(site.submissions) == 1

    # The autoresponder reached the test's address; the inbound endpoint hands it over as a job.
    assert len(inbox.messages) == 1
    answer = inbox.messages[0]
    subject = str(make_header(decode_header(answer["Subject"])))  # as the inbound provider posts it
    assert answer["To"] == sent["courriel"] and subject == AUTORESPONDER_SUBJECT
    with services.pool.connection() as c:
        queue.enqueue(c, REPLY_JOB, {"test_id": str(test_id), "received_at": datetime.now(UTC).isoformat(),
                                     "from": answer["From"], "subject": subject, "body": body_of(answer)})
    assert worker.drain() == 1

    with tenant_transaction(conn, alpha.client_id):
        tests = {r["prospect_id"]: r for r in conn.execute("SELECT * FROM prospect_form_tests")}
        prospects = {r["id"]: r for r in conn.execute("SELECT * FROM prospect_candidates")}
    done, refused = tests[ids[0]], tests[ids[1]]
    assert done["id"] == test_id
    assert (done["test_status"], done["response_time_minutes"], done["has_autoresponder"],
            done["autoresponder_tone"], done["score"]) == ("completed", 0, True, "robotic", 65)
    assert "nous avons bien reçu votre message" in done["autoresponder_content"].lower()
    assert done["metadata"]["status"] == 200 and done["metadata"]["enquiry"]["language"] == "fr"
    assert (refused["test_status"], refused["failure_reason"]) == (
        "failed", "the form requires a phone number ('Téléphone')")
    assert prospects[ids[0]]["automation_need_score"] == 45 + 6 + 6 + 4
    assert prospects[ids[1]]["automation_need_score"] == 45 + 20 + 6 + 4
    timeout = conn.execute("SELECT payload, run_at - now() AS wait FROM queue_jobs WHERE job_type = %s",
                           (TIMEOUT_JOB,)).fetchall()
    assert len(timeout) == 1 and timeout[0]["payload"]["test_id"] == str(test_id)
    assert 47 * 3600 < timeout[0]["wait"].total_seconds() <= 48 * 3600
    print(f"two form tests in Chromium: {browser_seconds:.1f} s")
