"""Campaign data on the real database: the per-domain throttle, tenancy of campaigns,
templates and suppressions, and the sending job's waits (window, cap, temporary SMTP
failures, a suppressed address, a paused campaign)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings

from bot.core.connections import Pool
from bot.core.db import open_pool, service_transaction, tenant_transaction
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import RetryLater
from bot.lead_platform.outreach import campaigns, drafting, sending
from bot.lead_platform.outreach.templates import TemplateError
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import email_templates, outreach_emails, suppressions
from bot.lead_platform.store.domain_throttle import take_slot
from tests.bot.lead_platform.leadkit import make_tenant
from tests.bot.lead_platform.outreach.campaignkit import add_prospects, new_campaign, ready_client
from tests.support.smtp import Inbox, smtp_settings

NOON = datetime(2026, 3, 10, 12, 0, 30, tzinfo=UTC)  # a Tuesday


@pytest.fixture
def pool(db_url: str) -> Iterator[Pool]:
    p = open_pool(db_url, max_size=3)
    yield p
    p.close()


def test_a_domain_gets_at_most_its_share_of_each_minute(conn: psycopg.Connection) -> None:
    with service_transaction(conn):
        waits = [take_slot(conn, domain="gmail.com", limit=3, now=NOON) for _ in range(4)]
        other = take_slot(conn, domain="example.org", limit=3, now=NOON)
        later = take_slot(conn, domain="gmail.com", limit=3, now=NOON + timedelta(minutes=1))
    assert waits[:3] == [0, 0, 0] and waits[3] == 30 and other == 0 and later == 0


def test_a_client_never_sees_another_clients_campaigns_templates_or_suppressions(db_url: str,
                                                                                  conn: psycopg.Connection) -> None:
    alpha, beta = make_tenant(db_url, "alpha"), make_tenant(db_url, "beta")
    campaign = new_campaign(conn, alpha.client_id)
    with tenant_transaction(conn, alpha.client_id):
        own = campaigns.save_template(conn, client_id=alpha.client_id, raw={
            "name": "Alpha intro", "language": "en", "subject": "Hi {{company|}}", "body": "{{personal_line}}"})
        assert suppressions.suppress(conn, client_id=alpha.client_id, email=" Gone@Example.org", reason="manual")
        assert not suppressions.suppress(conn, client_id=alpha.client_id, email="gone@example.org",
                                         reason="bounced")
        with pytest.raises(TemplateError, match="already have"):
            campaigns.save_template(conn, client_id=alpha.client_id, raw={
                "name": "Alpha intro", "language": "en", "subject": "Hi", "body": "Hello"})
        assert repo.get_campaign(conn, campaign.id) is not None  # the savepoint kept the transaction usable
    with tenant_transaction(conn, beta.client_id):
        assert repo.list_campaigns(conn) == [] and repo.get_campaign(conn, campaign.id) is None
        assert repo.set_status(conn, campaign.id, "completed") is None
        names = {t["name"] for t in email_templates.list_templates(conn)}
        assert "Alpha intro" not in names and {"Introduction", "Follow-up"} <= names  # the shared starters
        assert email_templates.get_template(conn, own) is None
        assert not suppressions.is_suppressed(conn, "gone@example.org")
        with pytest.raises(TemplateError, match="not found"):  # another's template, or a shared one
            campaigns.save_template(conn, client_id=beta.client_id, template_id=own, raw={
                "name": "Stolen", "language": "en", "subject": "Hi", "body": "Hello"})
        shared = next(t["id"] for t in email_templates.list_templates(conn) if t["client_id"] is None)
        with pytest.raises(TemplateError, match="not found"):
            campaigns.save_template(conn, client_id=beta.client_id, template_id=shared, raw={
                "name": "Mine now", "language": "en", "subject": "Hi", "body": "Hello"})
    with tenant_transaction(conn, alpha.client_id):
        assert suppressions.is_suppressed(conn, "GONE@example.org")
        assert [s["reason"] for s in suppressions.list_suppressions(conn)] == ["manual"]
    with service_transaction(conn):
        first = repo.ensure_internal_client(conn)
        assert first.is_internal and repo.ensure_internal_client(conn).client_id == first.client_id


def _job(client_id: uuid.UUID, email_id: uuid.UUID) -> Job:
    return Job(id=uuid.uuid4(), job_type="bulk_email", payload={"client_id": str(client_id), "email_id": str(email_id)},
               attempts=1, max_attempts=3, dedup_key=None, created_at=NOON)


def test_the_sending_job_waits_for_the_window_the_cap_and_the_server_and_respects_suppression(
        smtp_server: tuple[Inbox, int], settings: Settings, db_url: str, pool: Pool, conn: psycopg.Connection) -> None:
    inbox, port = smtp_server
    tenant = make_tenant(db_url, "agence")
    ready_client(conn, tenant.client_id)
    add_prospects(conn, tenant.client_id, [
        {"business_name": f"Shop {n}", "website": f"https://shop{n}.example", "industry": "retail", "language": "en",
         "region": "France", "contact_email": f"owner@shop{n}.example"} for n in range(3)])
    clock = [NOON]
    services = Services(settings=smtp_settings(settings, port), pool=pool, database_url=db_url,
                        embedder=FakeEmbeddings(size=8), clock=lambda: clock[0])
    office = new_campaign(conn, tenant.client_id, window_start_hour="9", window_end_hour="17", window_days="1,2,3,4,5",
                          daily_cap="1", approval_mode="auto")
    with tenant_transaction(conn, tenant.client_id):
        campaigns.activate(conn, office.id)
    drafting.tick(services, campaign_id=str(office.id))
    with tenant_transaction(conn, tenant.client_id):
        emails = outreach_emails.list_emails(conn, office.id)
    assert [e["status"] for e in emails] == ["approved"]  # auto approval, one day's cap drafted
    email = emails[0]
    assert email["recipient_timezone"] == "Europe/Paris"

    clock[0] = NOON.replace(hour=19)  # 20:00 in Paris
    with pytest.raises(RetryLater, match="window") as waited:
        sending.send(services, _job(tenant.client_id, email["id"]))
    assert waited.value.delay == 13 * 3600 - 30  # until 09:00 tomorrow, Paris time
    clock[0] = NOON
    inbox.fail_first = 1
    with pytest.raises(RetryLater, match="451"):
        sending.send(services, _job(tenant.client_id, email["id"]))
    with tenant_transaction(conn, tenant.client_id):
        failed = outreach_emails.get_email(conn, email["id"])
    assert failed["status"] == "approved" and failed["send_attempts"] == 1 and "451" in failed["last_error"]
    assert sending.send(services, _job(tenant.client_id, email["id"]))["sent"] == str(email["id"])
    assert len(inbox.messages) == 1

    # The cap is spent today; another campaign of the client skips the suppressed address for ever.
    drafting.tick(services, campaign_id=str(office.id))
    with tenant_transaction(conn, tenant.client_id):
        second = next(e for e in outreach_emails.list_emails(conn, office.id) if e["status"] == "approved")
    assert second["scheduled_at"] is None  # the tick queues nothing past the cap
    with pytest.raises(RetryLater, match="cap"):
        sending.send(services, _job(tenant.client_id, second["id"]))
    with tenant_transaction(conn, tenant.client_id):
        suppressions.suppress(conn, client_id=tenant.client_id, email=second["prospect_email"], reason="unsubscribed")
    clock[0] = NOON + timedelta(days=1)
    assert "suppressed" in sending.send(services, _job(tenant.client_id, second["id"]))["skipped"]
    other = new_campaign(conn, tenant.client_id, name="Autumn", approval_mode="auto", daily_cap="10")
    with tenant_transaction(conn, tenant.client_id):
        campaigns.activate(conn, other.id)
        assert outreach_emails.get_email(conn, second["id"])["status"] == "rejected"
    drafting.tick(services, campaign_id=str(other.id))
    with tenant_transaction(conn, tenant.client_id):
        addresses = {e["prospect_email"] for e in outreach_emails.list_emails(conn, other.id)}
        assert second["prospect_email"] not in addresses and addresses  # suppressed everywhere
        queued = next(e for e in outreach_emails.list_emails(conn, other.id) if e["scheduled_at"] is not None)
        campaigns.change_status(conn, other.id, "paused")
    assert sending.send(services, _job(tenant.client_id, queued["id"]))["skipped"] == "campaign is paused"
    with tenant_transaction(conn, tenant.client_id):
        assert outreach_emails.get_email(conn, queued["id"])["scheduled_at"] is None  # queued again on resume
