"""The Mailgun inbound route: signatures checked, then replies, bounces and the rest matched by the job.

Posts are what a Mailgun route's forward() sends (its documented fields, signed with the
webhook signing key); the client's notice goes to the local SMTP server.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from email.header import decode_header, make_header

import psycopg
import pytest
from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings

from bot.core.connections import Pool
from bot.core.db import open_pool, tenant_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.outreach import replies
from bot.lead_platform.outreach.tokens import make_token
from bot.lead_platform.store.outreach_emails import sequence_over
from tests.support.smtp import Inbox, body_of, smtp_settings
from tests.webhooks.outreach.kit import (
    DOMAIN,
    SECRET,
    mailgun_fields,
    make_client,
    make_email,
    post_mailgun,
    token,
)

DSN = """Reporting-MTA: dns; mx.prospect.example

Final-Recipient: rfc822; {address}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {code} {status} <{address}>: Recipient address rejected: User unknown
"""


@pytest.fixture(scope="module")
def pool(db_url: str) -> Iterator[Pool]:
    p = open_pool(db_url, max_size=2)
    yield p
    p.close()


@pytest.fixture
def worker(pool: Pool, settings: Settings, db_url: str, smtp_server: tuple[Inbox, int]) -> Worker:
    """Runs the inbound jobs only (the leads' enrichment stays queued)."""
    services = Services(settings=smtp_settings(settings, smtp_server[1]), pool=pool, database_url=db_url,
                        embedder=FakeEmbeddings(size=8))
    return Worker(pool, replies.job_handlers(services), database_url=db_url)


def inbound_row(conn: psycopg.Connection, inbound_id: str) -> dict[str, object]:
    return conn.execute("SELECT status, kind, client_id, email_id FROM outreach_inbound_emails WHERE id = %s",
                        (inbound_id,)).fetchone()


def test_the_signature_is_checked_before_anything_is_stored(web: TestClient, conn: psycopg.Connection) -> None:
    to = f"reply+{token(uuid.uuid4())}@{DOMAIN}"
    forged = post_mailgun(web, mailgun_fields(recipient=to, key="not-the-key"))
    assert forged.status_code == 403 and "signature" in forged.json()["detail"]
    for when in (-10 * 3600, 3600):  # older than Mailgun's 8 hours of retries, or from the future
        stale = post_mailgun(web, mailgun_fields(recipient=to, timestamp=int(time.time()) + when))
        assert stale.status_code == 403 and "stale" in stale.json()["detail"]
    # A retry hours later (Mailgun resends the original signed timestamp) still passes.
    retried = post_mailgun(web, mailgun_fields(recipient=to, timestamp=int(time.time()) - 4 * 3600))
    assert retried.status_code == 200
    fields = mailgun_fields(recipient=to)
    assert post_mailgun(web, fields).status_code == 200
    replayed = post_mailgun(web, fields)
    assert replayed.status_code == 403 and "replayed" in replayed.json()["detail"]
    for missing in ("signature", "timestamp", "recipient", "body-plain"):
        fields = mailgun_fields(recipient=to)
        del fields[missing]
        answer = post_mailgun(web, fields)
        assert answer.status_code == 400 and missing in answer.json()["detail"]
    bad = post_mailgun(web, mailgun_fields(recipient=to, **{"message-headers": "{not json"}))
    assert bad.status_code == 400 and "message-headers" in bad.json()["detail"]
    not_form = web.post("/webhooks/mailgun/inbound", json=mailgun_fields(recipient=to))
    assert not_form.status_code == 400
    stored = conn.execute("SELECT count(*) AS n FROM outreach_inbound_emails WHERE recipient = %s", (to,)).fetchone()
    assert stored["n"] == 2


def test_a_reply_stops_the_sequence_becomes_a_lead_and_reaches_the_client(
    web: TestClient, conn: psycopg.Connection, worker: Worker, smtp_server: tuple[Inbox, int],
) -> None:
    client_id = make_client(conn, "Alpha", language="fr")
    email_id = make_email(conn, client_id, address="awa@prospect.example")
    with tenant_transaction(conn, client_id):
        assert not sequence_over(conn, email_id)
    answer = post_mailgun(web, mailgun_fields(
        recipient=f"reply+{token(email_id)}@{DOMAIN}", body="Oui, appelez-moi demain.\n\n> Bonjour…",
        **{"stripped-text": "Oui, appelez-moi demain.", "Message-Id": "<abc@prospect.example>",
           "In-Reply-To": f"<{token(email_id)}@{DOMAIN}>"}))
    assert answer.status_code == 200 and answer.json()["status"] == "queued"
    inbound_id = answer.json()["id"]
    assert inbound_row(conn, inbound_id)["status"] == "received"  # the route only stores and enqueues
    worker.drain()  # the message, then the client's notice
    email = conn.execute("SELECT status, replied_at, reply_content, metadata FROM outreach_emails WHERE id = %s",
                         (email_id,)).fetchone()
    assert email["status"] == "replied" and email["replied_at"] is not None
    with tenant_transaction(conn, client_id):
        assert sequence_over(conn, email_id)  # what the campaigns check before any follow-up
    assert email["reply_content"] == "Oui, appelez-moi demain."
    assert conn.execute("SELECT action, client_id FROM outreach_tracking WHERE email_id = %s",
                        (email_id,)).fetchall() == [{"action": "replied", "client_id": client_id}]
    assert inbound_row(conn, inbound_id) == {"status": "matched", "kind": "reply", "client_id": client_id,
                                             "email_id": email_id}
    log = conn.execute("SELECT status, reply_content, client_id FROM prospect_outreach_log WHERE email_id = %s",
                       (email_id,)).fetchone()
    assert log == {"status": "replied", "reply_content": "Oui, appelez-moi demain.", "client_id": client_id}
    # The reply is a lead of the client, queued for enrichment like a form lead.
    lead = conn.execute("SELECT id, name, email, message FROM lead_memory WHERE client_id = %s",
                        (client_id,)).fetchone()
    assert lead["name"] == "Awa Diallo" and lead["email"] == "awa@prospect.example"
    assert lead["message"] == "Oui, appelez-moi demain." and email["metadata"]["reply_lead_id"] == str(lead["id"])
    assert conn.execute("SELECT payload FROM queue_jobs WHERE job_type = 'enrich_lead' AND payload->>'lead_memory_id' "
                        "= %s", (str(lead["id"]),)).fetchone() is not None
    # The client is told, in French, and can answer the prospect directly.
    notice = smtp_server[0].messages[-1]
    assert notice["To"].startswith("alpha-") and notice["Reply-To"] == "awa@prospect.example"
    assert str(make_header(decode_header(notice["Subject"]))) == "Réponse de Awa Diallo : Re: Une question" and "Oui, appelez-moi demain." in body_of(notice)
    # A second reply to the same e-mail adds to the same lead.
    post_mailgun(web, mailgun_fields(recipient=f"reply+{token(email_id)}@{DOMAIN}", body="Plutôt jeudi."))
    worker.drain()
    assert conn.execute("SELECT count(*) AS n FROM lead_memory WHERE client_id = %s", (client_id,)).fetchone()["n"] == 1
    assert conn.execute("SELECT action_type FROM lead_actions WHERE lead_id = %s ORDER BY timestamp",
                        (lead["id"],)).fetchall() == [{"action_type": "created"}, {"action_type": "outreach_reply"}]


def test_replies_are_matched_by_in_reply_to_or_references(
    web: TestClient, conn: psycopg.Connection, worker: Worker,
) -> None:
    client_id = make_client(conn, "Beta")
    by_reply_to, by_references = make_email(conn, client_id), make_email(conn, client_id, address="bob@x.example")
    first = post_mailgun(web, mailgun_fields(recipient=f"sales@{DOMAIN}", **{
        "In-Reply-To": f"<{token(by_reply_to)}@{DOMAIN}>"}))
    headers = json.dumps([["References", f"<other@x.example> <{token(by_references)}@{DOMAIN}>"]])
    second = post_mailgun(web, mailgun_fields(recipient=f"sales@{DOMAIN}", **{"message-headers": headers}))
    forged = post_mailgun(web, mailgun_fields(recipient=f"sales@{DOMAIN}", **{
        "In-Reply-To": f"<{make_token('another-secret', by_reply_to)}@{DOMAIN}>"}))
    worker.drain()
    assert inbound_row(conn, first.json()["id"])["email_id"] == by_reply_to
    assert inbound_row(conn, second.json()["id"])["email_id"] == by_references
    assert inbound_row(conn, forged.json()["id"])["status"] == "unmatched"
    statuses = conn.execute("SELECT status FROM outreach_emails WHERE id = ANY(%s)",
                            ([by_reply_to, by_references],)).fetchall()
    assert statuses == [{"status": "replied"}, {"status": "replied"}]


def test_a_bounce_report_suppresses_the_address_and_a_delay_does_not(
    web: TestClient, conn: psycopg.Connection, worker: Worker,
) -> None:
    client_id = make_client(conn, "Gamma")
    bounced, delayed = make_email(conn, client_id, address="Gone@Prospect.example"), make_email(
        conn, client_id, address="slow@prospect.example")

    def report(email_id: uuid.UUID, address: str, *, action: str, status: str, code: str) -> str:
        headers = json.dumps([["Content-Type", "multipart/report; report-type=delivery-status; boundary=x"],
                              ["Auto-Submitted", "auto-replied"]])
        answer = post_mailgun(web, mailgun_fields(
            recipient=f"bounces@{DOMAIN}", sender="", body="Delivery to the following recipient failed.",
            **{"from": "Mail Delivery System <MAILER-DAEMON@mx.prospect.example>", "message-headers": headers}),
            files=[("attachment-1", ("details.txt", DSN.format(address=address, action=action, status=status,
                                                               code=code).encode(), "message/delivery-status")),
                   ("attachment-2", ("headers.txt", f"Message-ID: <{token(email_id)}@{DOMAIN}>\n".encode(),
                                     "text/rfc822-headers"))])
        assert answer.status_code == 200, answer.text
        return str(answer.json()["id"])

    failed = report(bounced, "gone@prospect.example", action="failed", status="5.1.1", code="550")
    later = report(delayed, "slow@prospect.example", action="delayed", status="4.4.1", code="451")
    worker.drain()
    assert inbound_row(conn, failed)["kind"] == "bounce" and inbound_row(conn, later)["kind"] == "delay"
    rows = conn.execute("SELECT id, status FROM outreach_emails WHERE client_id = %s ORDER BY prospect_email",
                        (client_id,)).fetchall()
    assert {r["id"]: r["status"] for r in rows} == {bounced: "bounced", delayed: "sent"}
    event = conn.execute("SELECT metadata FROM outreach_tracking WHERE email_id = %s AND action = 'bounced'",
                         (bounced,)).fetchone()
    assert event["metadata"]["status"] == "5.1.1" and "User unknown" in event["metadata"]["diagnostic"]
    assert conn.execute("SELECT email, reason FROM outreach_suppressions WHERE client_id = %s",
                        (client_id,)).fetchall() == [{"email": "gone@prospect.example", "reason": "bounced"}]


def test_out_of_office_unsubscribe_and_form_test_answers(
    web: TestClient, conn: psycopg.Connection, worker: Worker,
) -> None:
    client_id = make_client(conn, "Delta")
    away, leaving = make_email(conn, client_id), make_email(conn, client_id, address="stop@prospect.example")
    ooo = post_mailgun(web, mailgun_fields(recipient=f"reply+{token(away)}@{DOMAIN}", subject="Absence du bureau",
                                           **{"Auto-Submitted": "auto-replied"}))
    unsubscribe = post_mailgun(web, mailgun_fields(recipient=f"reply+{token(leaving)}@{DOMAIN}",
                                                   subject="unsubscribe", body=""))
    test_id = uuid.uuid4()
    form_test = post_mailgun(web, mailgun_fields(
        recipient=f"formtest+{make_token(SECRET, test_id, purpose='formtest')}@{DOMAIN}",
        subject="Nous avons bien reçu votre message", body="Merci, nous vous répondrons sous 48 h."))
    worker.drain()
    assert inbound_row(conn, ooo.json()["id"])["kind"] == "auto_reply"
    assert conn.execute("SELECT status FROM outreach_emails WHERE id = %s", (away,)).fetchone()["status"] == "sent"
    assert inbound_row(conn, unsubscribe.json()["id"])["kind"] == "unsubscribe"
    assert conn.execute("SELECT reason FROM outreach_suppressions WHERE email_id = %s",
                        (leaving,)).fetchone() == {"reason": "unsubscribed"}
    assert inbound_row(conn, form_test.json()["id"]) == {"status": "matched", "kind": "form_test",
                                                          "client_id": None, "email_id": None}
    job = conn.execute("SELECT payload FROM queue_jobs WHERE job_type = 'form_test_reply'").fetchone()["payload"]
    assert job["test_id"] == str(test_id) and job["body"] == "Merci, nous vous répondrons sous 48 h."
    assert job["from"] == "Awa Diallo <awa@prospect.example>" and job["subject"].startswith("Nous avons")
    assert job["received_at"].startswith(str(time.gmtime().tm_year))
