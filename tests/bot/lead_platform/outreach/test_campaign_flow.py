"""A whole campaign, end to end, on the real queue and a real local SMTP server: prospects →
drafts by the agent → approved → sent with the headers → open, click, reply, bounce →
a follow-up after the delay, only where the sequence goes on → metrics → completed."""

from __future__ import annotations

import email.message
import re
import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings

from bot.app import create_app
from bot.core.connections import Conn, Pool
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.outreach import campaign_jobs, campaigns, drafting, metrics
from bot.lead_platform.outreach.tokens import make_token
from bot.lead_platform.store import outreach_emails, tracking
from bot.lead_platform.store.campaigns import get_campaign
from bot.lead_platform.store.suppressions import is_suppressed
from tests.bot.lead_platform.leadkit import make_tenant
from tests.bot.lead_platform.outreach.campaignkit import (
    ADDRESS,
    add_prospects,
    job_count,
    new_campaign,
    ready_client,
)
from tests.support.smtp import Inbox, smtp_settings

MONDAY = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _parts(message: email.message.Message) -> tuple[str, str]:
    text, html = "", ""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()  # type: ignore[union-attr]
    return text, html


def _emails(conn: Conn, client_id: uuid.UUID, campaign_id: uuid.UUID) -> dict[tuple[str, int], dict]:
    with tenant_transaction(conn, client_id):
        rows = outreach_emails.list_emails(conn, campaign_id)
    return {(r["prospect_email"], r["follow_up_sequence"]): r for r in rows}


def test_a_campaign_end_to_end(smtp_server: tuple[Inbox, int], settings: Settings, db_url: str, pool: Pool,
                               conn: Conn) -> None:
    inbox, port = smtp_server
    inbox.refused.add("nobody@bounce.example")
    clock = Clock(MONDAY)
    settings = smtp_settings(settings, port).model_copy(
        update={"public_base_url": "https://mb.example", "outreach_domain": "outreach.example"})
    services = Services(settings=settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8),
                        clock=clock)
    tenant = make_tenant(db_url, "agence", language="en", booking_link="https://cal.example/agence")
    client = tenant.client_id
    ready_client(conn, client)
    add_prospects(conn, client, [
        {"business_name": "Dupont Bakery", "website": "https://www.dupont-bakery.example/", "industry": "bakery",
         "region": "Ontario", "language": "en", "contact_email": "info@dupont.example", "automation_need_score": 80,
         "form_test": {"submitted": MONDAY - timedelta(days=10), "minutes": 1560}},
        {"business_name": "Garage Martin", "website": "https://garage-martin.example", "industry": "auto repair",
         "region": "Québec", "language": "fr", "contact_email": "contact@garage-martin.example",
         "automation_need_score": 60},
        {"business_name": "Bounce Co", "website": "https://bounce.example", "industry": "bakery",
         "language": "en", "contact_email": "nobody@bounce.example", "automation_need_score": 50},
        {"business_name": "No Mail Ltd", "website": "https://nomail.example", "industry": "bakery", "language": "en"},
    ])
    with service_transaction(conn):  # auto repair answers best: its prospects come first
        conn.execute("INSERT INTO prospect_industry_performance (industry, priority_score) VALUES ('auto repair', 90)")
    campaign = new_campaign(conn, client, daily_cap="2")
    with tenant_transaction(conn, client):
        campaigns.activate(conn, campaign.id)
    campaign_jobs.kick(conn, campaign.id)
    worker = Worker(pool, campaign_jobs.job_handlers(services), database_url=db_url)

    # The agent drafts the day's cap, best industry first; nothing leaves before approval.
    assert worker.run_one(["outreach_tick"]) is not None
    drafts = _emails(conn, client, campaign.id)
    assert set(drafts) == {("contact@garage-martin.example", 1), ("info@dupont.example", 1)}
    assert {d["status"] for d in drafts.values()} == {"pending"}
    dupont, garage = drafts[("info@dupont.example", 1)], drafts[("contact@garage-martin.example", 1)]
    assert dupont["subject"] == "A question for Dupont Bakery"
    assert ("On 27 February 2026 we sent a question through the contact form of dupont-bakery.example; "
            "the first answer came 26 hours later.") in dupont["content"]
    assert garage["subject"] == "Une question pour Garage Martin" and garage["language"] == "fr"
    assert garage["recipient_timezone"] == "America/Toronto"
    logged = conn.execute("SELECT agent_name, count(*) AS n FROM agent_logs GROUP BY 1 ORDER BY 1").fetchall()
    assert {r["agent_name"]: r["n"] for r in logged} == {
        "outreach.check": 2, "outreach.decide": 2, "outreach.draft": 2, "outreach.research": 2}
    assert job_count(conn, "bulk_email") == 0

    with tenant_transaction(conn, client):
        assert outreach_emails.approve_all(conn, campaign.id, by="owner@agence.example") == 2
    _tick(services, campaign.id)
    assert job_count(conn, "bulk_email") == 2
    assert worker.drain() >= 2
    assert len(inbox.messages) == 2
    sent = {m["To"]: m for m in inbox.messages}["info@dupont.example"]
    secret = settings.secret_key.get_secret_value()
    token = make_token(secret, dupont["id"])
    assert sent["Message-ID"] == f"<{token}@outreach.example>"
    assert sent["Reply-To"] == f"reply+{token}@outreach.example"
    assert sent["List-Unsubscribe"] == (f"<mailto:reply+{token}@outreach.example?subject=unsubscribe>, "
                                        f"<https://mb.example/t/u/{token}>")
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent["From"] == "Agence <no-reply@agence.test>"
    text, html = _parts(sent)
    assert ADDRESS in text and f"https://mb.example/t/u/{token}" in text and "https://cal.example/agence" in text
    assert f'src="https://mb.example/t/o/{token}.gif"' in html
    click = re.search(r'href="(https://mb\.example/t/c/[^"]+)"', html)
    assert click is not None

    # The recipient opens and clicks (the real tracking routes); Garage Martin replies.
    with TestClient(create_app(settings, database_url=db_url)) as web:
        assert web.get(f"/t/o/{token}.gif").status_code == 200
        hop = web.get(click.group(1).replace("&amp;", "&"), follow_redirects=False)
        assert hop.status_code == 302 and hop.headers["location"] == "https://cal.example/agence"
    with tenant_transaction(conn, client):
        tracking.record_reply(conn, garage["id"], content="Oui, appelez-moi jeudi.", metadata={})

    # The cap is spent today: the next recipient is drafted but waits for tomorrow.
    clock.now = MONDAY + timedelta(hours=2)
    _tick(services, campaign.id)
    bounce = _emails(conn, client, campaign.id)[("nobody@bounce.example", 1)]
    with tenant_transaction(conn, client):
        assert outreach_emails.approve_all(conn, campaign.id, by="owner@agence.example") == 1
    _tick(services, campaign.id)
    assert job_count(conn, "bulk_email") == 0
    clock.now = MONDAY + timedelta(days=1)
    _tick(services, campaign.id)
    assert worker.drain() == 1
    assert len(inbox.messages) == 2  # refused with 550: a bounce
    with tenant_transaction(conn, client):
        assert outreach_emails.get_email(conn, bounce["id"])["status"] == "bounced"
        assert is_suppressed(conn, "Nobody@Bounce.example")

    # Four days on, only Dupont Bakery (no reply, no bounce) gets its follow-up, in the same thread.
    clock.now = MONDAY + timedelta(days=4)
    _tick(services, campaign.id)
    follow_ups = [k for k in _emails(conn, client, campaign.id) if k[1] == 2]
    assert follow_ups == [("info@dupont.example", 2)]
    with tenant_transaction(conn, client):
        assert outreach_emails.approve_all(conn, campaign.id, by="owner@agence.example") == 1
    _tick(services, campaign.id)
    assert worker.drain() == 1
    follow_up = inbox.messages[-1]
    assert follow_up["To"] == "info@dupont.example" and follow_up["Subject"] == "Re: a question for Dupont Bakery"
    assert follow_up["In-Reply-To"] == sent["Message-ID"] == follow_up["References"]

    # Metrics per day the e-mails left (Paris days), the prospects' log, the industries.
    assert metrics.refresh(services)["days"] == 3
    rows = conn.execute("""SELECT day, total_emails_sent AS sent, total_emails_opened AS opened,
                                  total_emails_clicked AS clicked, total_emails_replied AS replied,
                                  total_emails_bounced AS bounced, open_rate, reply_rate
                           FROM outreach_metrics ORDER BY day""").fetchall()
    assert [(str(r["day"]), r["sent"], r["opened"], r["clicked"], r["replied"], r["bounced"]) for r in rows] == [
        ("2026-03-09", 2, 1, 1, 1, 0), ("2026-03-10", 1, 0, 0, 0, 1), ("2026-03-13", 1, 0, 0, 0, 0)]
    assert float(rows[0]["open_rate"]) == 50.0 and float(rows[0]["reply_rate"]) == 50.0
    log = conn.execute("""SELECT p.business_name, l.status FROM prospect_outreach_log l
                          JOIN prospect_candidates p ON p.id = l.prospect_id ORDER BY l.sent_at""").fetchall()
    assert sorted((r["business_name"], r["status"]) for r in log) == [
        ("Bounce Co", "bounced"), ("Dupont Bakery", "opened"), ("Dupont Bakery", "sent"),
        ("Garage Martin", "replied")]
    industries = {r["industry"]: r for r in conn.execute("SELECT * FROM prospect_industry_performance").fetchall()}
    assert (industries["bakery"]["total_contacted"], industries["bakery"]["total_replied"]) == (2, 0)
    assert industries["auto repair"]["priority_score"] > industries["bakery"]["priority_score"]

    # Nobody left to write to and no sequence running: the campaign completes.
    _tick(services, campaign.id)
    with tenant_transaction(conn, client):
        assert get_campaign(conn, campaign.id).status == "completed"


def _tick(services: Services, campaign_id: uuid.UUID) -> None:
    """What the `outreach_tick` job does for one campaign (the periodic one does it every minute)."""
    drafting.tick(services, campaign_id=str(campaign_id))
