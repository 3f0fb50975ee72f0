"""Bounces by envelope (VERP): each outreach e-mail leaves with its own envelope sender,
bounce+<token>@<bounce domain>, and a delivery report sent back to it names that e-mail even
when it quotes neither its Message-ID nor an In-Reply-To.

The e-mail goes out through the real `bulk_email` job to the local SMTP server; the report is
an RFC 3464 multipart/report as a recipient's mail server writes it, sent over SMTP with the
null reverse-path to the envelope sender, then posted to the inbound route the way a Mailgun
route forwards it (body-plain, message-headers, the report's parts as attachments, signed).
"""

from __future__ import annotations

import json
import smtplib
from collections.abc import Iterator
from email import message_from_string
from email.message import Message

import psycopg
import pytest
from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings

from bot.core.connections import Pool
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.outreach import campaign_jobs, replies, sending
from bot.lead_platform.outreach.tokens import read_token
from tests.bot.lead_platform.outreach.campaignkit import queued_email
from tests.support.smtp import Inbox, smtp_settings
from tests.webhooks.outreach.kit import SECRET, mailgun_fields, post_mailgun

BOUNCE_DOMAIN = "bounces.agence.example"
# What Postfix sends back for a refused recipient; the returned headers lack the Message-ID.
DSN = """From: MAILER-DAEMON@mx.dupont.example (Mail Delivery System)
To: {envelope}
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="4F1A2B3C.1764745200/mx.dupont.example"
Message-Id: <20261203070000.4F1A2B3C@mx.dupont.example>

This is a MIME-encapsulated message.

--4F1A2B3C.1764745200/mx.dupont.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.dupont.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<info@dupont.example>: host mx.dupont.example[192.0.2.10] said: 550 5.1.1
    <info@dupont.example>: Recipient address rejected: User unknown

--4F1A2B3C.1764745200/mx.dupont.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.dupont.example
X-Postfix-Queue-ID: 4F1A2B3C
Arrival-Date: Thu,  3 Dec 2026 07:00:00 +0000 (UTC)

Final-Recipient: rfc822; info@dupont.example
Original-Recipient: rfc822;info@dupont.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.dupont.example
Diagnostic-Code: smtp; 550 5.1.1 <info@dupont.example>: Recipient address
    rejected: User unknown

--4F1A2B3C.1764745200/mx.dupont.example
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Cdupont <no-reply@agence.test>
To: info@dupont.example
Subject: {subject}

--4F1A2B3C.1764745200/mx.dupont.example--
"""


@pytest.fixture(scope="module")
def pool(db_url: str) -> Iterator[Pool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


def as_mailgun_post(message: Message, *, mail_from: str, rcpt_tos: list[str]) -> tuple[dict[str, str], list]:
    """The fields and files a Mailgun route's forward() posts for a received message."""
    parts = [p for p in message.walk() if not p.is_multipart()]
    body = next(p for p in parts if p.get_content_type() == "text/plain")
    files = []
    for n, part in enumerate(p for p in message.walk() if p is not body and p is not message
                             and p.get_content_maintype() != "multipart"):
        payload = part.get_payload()
        text = "".join(str(block) for block in payload) if isinstance(payload, list) else str(payload)
        files.append((f"attachment-{n + 1}", (f"part-{n + 1}", text.encode(), part.get_content_type())))
    fields = mailgun_fields(recipient=", ".join(rcpt_tos), sender=mail_from, body=str(body.get_payload()),
                            **{"from": str(message["From"]), "subject": str(message["Subject"]),
                               "message-headers": json.dumps([[k, str(v)] for k, v in message.items()])})
    return fields, files


def test_a_report_sent_to_the_envelope_sender_bounces_its_email(
    web: TestClient, conn: psycopg.Connection, settings: Settings, db_url: str, pool: Pool,
    smtp_server: tuple[Inbox, int],
) -> None:
    inbox, port = smtp_server
    services = Services(settings=smtp_settings(settings, port).model_copy(update={"bounce_domain": BOUNCE_DOMAIN}),
                        pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8))
    queued = queued_email(conn, services, db_url)
    Worker(pool, campaign_jobs.job_handlers(services), database_url=db_url).run_one([sending.SEND_JOB])
    [(envelope, _to)] = inbox.envelopes
    local, _, domain = envelope.partition("@")
    assert domain == BOUNCE_DOMAIN and local.startswith("bounce+")
    assert read_token(SECRET, local.removeprefix("bounce+"), purpose="bounce") == queued.email_id
    assert read_token(SECRET, local.removeprefix("bounce+")) is None  # not the e-mail's reply token
    subject, message_id = str(inbox.messages[0]["Subject"]), str(inbox.messages[0]["Message-ID"])

    # The recipient's server sends its report, from the null reverse-path, to the envelope sender.
    report = DSN.format(envelope=envelope, subject=subject)
    with smtplib.SMTP("127.0.0.1", port) as mx:
        mx.sendmail("", [envelope], report)  # str: smtplib ends lines with CRLF
    received, (mail_from, rcpt_tos) = inbox.messages[-1], inbox.envelopes[-1]
    assert mail_from == "<>" and received["Message-Id"] == "<20261203070000.4F1A2B3C@mx.dupont.example>"
    assert message_id.strip("<>").split("@")[0] not in report and "In-Reply-To" not in report

    # Posted as Mailgun forwards it: matched by the address it was delivered to.
    fields, files = as_mailgun_post(message_from_string(report), mail_from=mail_from, rcpt_tos=rcpt_tos)
    answer = post_mailgun(web, fields, files=files)
    assert answer.status_code == 200, answer.text
    # The same report delivered anywhere else names nothing: the envelope is what matched.
    elsewhere, _ = as_mailgun_post(message_from_string(report), mail_from=mail_from, rcpt_tos=[f"postmaster@{BOUNCE_DOMAIN}"])
    other = post_mailgun(web, elsewhere, files=files)
    Worker(pool, replies.job_handlers(services), database_url=db_url).drain()

    inbound = conn.execute("SELECT status, kind, email_id FROM outreach_inbound_emails WHERE id = %s",
                           (answer.json()["id"],)).fetchone()
    assert inbound == {"status": "matched", "kind": "bounce", "email_id": queued.email_id}
    job = conn.execute("SELECT result FROM queue_jobs WHERE job_type = 'inbound_email' AND payload->>'inbound_id' = %s",
                       (answer.json()["id"],)).fetchone()
    assert job["result"]["matched_by"] == "envelope"
    assert conn.execute("SELECT status FROM outreach_emails WHERE id = %s",
                        (queued.email_id,)).fetchone()["status"] == "bounced"
    event = conn.execute("SELECT metadata FROM outreach_tracking WHERE email_id = %s AND action = 'bounced'",
                         (queued.email_id,)).fetchone()
    assert event["metadata"]["status"] == "5.1.1" and "User unknown" in event["metadata"]["diagnostic"]
    assert conn.execute("SELECT email, reason FROM outreach_suppressions WHERE client_id = %s",
                        (queued.client_id,)).fetchall() == [{"email": "info@dupont.example", "reason": "bounced"}]
    assert conn.execute("SELECT status FROM outreach_inbound_emails WHERE id = %s",
                        (other.json()["id"],)).fetchone()["status"] == "unmatched"
