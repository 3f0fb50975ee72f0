"""The IMAP mailbox, the second way in: Python's imaplib against a local IMAP server. A reply,
a bounce report delivered to an e-mail's envelope sender and a stray message are read,
stored and matched as the Mailgun route's posts are; each is read once (flagged \\Seen only
after it is stored, and stored once even when read again); a failing mailbox does not fail
the job."""

from __future__ import annotations

import uuid

import psycopg
from langchain_core.embeddings import FakeEmbeddings
from pydantic import SecretStr

from bot.core import queue
from bot.core.connections import Pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.outreach import mailbox, replies
from bot.lead_platform.outreach.tokens import make_token
from tests.support.imap import Mailbox
from tests.support.smtp import Inbox, smtp_settings
from tests.webhooks.outreach.kit import SECRET, make_client, make_email, token

REPLY = """Return-Path: <awa@prospect.example>
Delivered-To: reply+{token}@outreach.localhost
From: Awa Diallo <awa@prospect.example>
To: Agence <reply+{token}@outreach.localhost>
Subject: Re: Une question
Message-ID: <r1@prospect.example>
In-Reply-To: <{token}@outreach.localhost>
Content-Type: text/plain; charset=utf-8

Oui, appelez-moi demain.
"""
REPORT = """Return-Path: <>
Delivered-To: {envelope}
From: Mail Delivery System <MAILER-DAEMON@mx.example>
To: {envelope}
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Your message could not be delivered.

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example

Final-Recipient: rfc822; gone@prospect.example
Action: failed
Status: 5.1.1

--b--
"""
STRAY = "Return-Path: <news@shop.example>\nDelivered-To: sales@outreach.localhost\nSubject: Soldes\n\nPromo.\n"


def test_the_mailbox_is_read_once_and_matched_like_the_webhooks_posts(
    imap_server: tuple[Mailbox, int], settings: Settings, pool: Pool, db_url: str, conn: psycopg.Connection,
    smtp_server: tuple[Inbox, int],
) -> None:
    box, port = imap_server
    settings = smtp_settings(settings, smtp_server[1]).model_copy(update={
        "imap_host": "127.0.0.1", "imap_port": port, "imap_ssl": False, "imap_username": box.username,
        "imap_password": SecretStr(box.password)})
    client_id = make_client(conn, "Alpha", language="fr")
    replied, bounced = make_email(conn, client_id), make_email(conn, client_id, address="gone@prospect.example")
    envelope = f"bounce+{make_token(SECRET, bounced, purpose='bounce')}@outreach.localhost"
    for raw in (REPLY.format(token=token(replied)), REPORT.format(envelope=envelope), STRAY):
        box.add(raw.encode())

    assert mailbox.poll(settings, pool) == {"read": 3, "stored": 3}
    assert all(m.flags == {"\\Seen"} for m in box.messages)
    assert [c for c in box.commands if "FETCH" in c] == [f"UID FETCH {n} (BODY.PEEK[])" for n in (1, 2, 3)]
    services = Services(settings=settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8))
    Worker(pool, replies.job_handlers(services), database_url=db_url).drain(max_wait=0.5)
    rows = conn.execute("SELECT provider_token, status, kind, email_id, sender FROM outreach_inbound_emails "
                        "ORDER BY provider_token").fetchall()
    assert [(r["provider_token"], r["status"], r["kind"], r["email_id"]) for r in rows] == [
        ("INBOX:4242:1", "matched", "reply", replied), ("INBOX:4242:2", "matched", "bounce", bounced),
        ("INBOX:4242:3", "unmatched", "reply", None)]
    assert rows[1]["sender"] == "<>"
    emails = conn.execute("SELECT id, status, reply_content FROM outreach_emails WHERE client_id = %s",
                          (client_id,)).fetchall()
    assert {e["id"]: (e["status"], e["reply_content"]) for e in emails} == {
        replied: ("replied", "Oui, appelez-moi demain."), bounced: ("bounced", None)}

    # Nothing new; a message read again (the poll died before flagging it) is not stored twice.
    assert mailbox.poll(settings, pool) == {"read": 0, "stored": 0}
    box.messages[0].flags.clear()
    assert mailbox.poll(settings, pool) == {"read": 1, "stored": 0}
    assert conn.execute("SELECT count(*) AS n FROM outreach_inbound_emails").fetchone()["n"] == 3

    # A mailbox that refuses the account fails the poll, not the job: the next poll retries.
    wrong = settings.model_copy(update={"imap_password": SecretStr("not-it")})
    handlers = mailbox.job_handlers(Services(settings=wrong, pool=pool, database_url=db_url,
                                             embedder=FakeEmbeddings(size=8)))
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'imap_poll'").fetchone()["n"] == 1
    job = queue.Job(id=uuid.uuid4(), job_type=mailbox.POLL_JOB, payload={}, attempts=1, max_attempts=3,
                    dedup_key=None, created_at=services.clock())
    assert "AUTHENTICATIONFAILED" in handlers[mailbox.POLL_JOB](job)["error"]
