"""Helpers for the campaign tests: a client ready to send, prospects, a campaign, the jobs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from langchain_core.embeddings import FakeEmbeddings

from bot.core.connections import Conn, Pool
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.lead_platform.outreach import campaigns, drafting
from bot.lead_platform.store import outreach_emails
from bot.lead_platform.store.campaigns import Campaign, set_postal_address
from tests.bot.lead_platform.leadkit import make_tenant

ADDRESS = "12 rue des Lilas, 75011 Paris, France"


def starter(conn: Conn, name: str) -> uuid.UUID:
    """The id of a shared starter template (migration 0015), English version."""
    row = conn.execute("SELECT id FROM email_templates WHERE client_id IS NULL AND name = %s AND language = 'en'",
                       (name,)).fetchone()
    assert row is not None
    return row["id"]


def add_prospects(conn: Conn, client_id: uuid.UUID, rows: list[dict[str, Any]]) -> list[uuid.UUID]:
    """Prospects of a client (inserted as the tenant), with an optional completed form test."""
    ids = []
    with tenant_transaction(conn, client_id):
        for row in rows:
            test = row.pop("form_test", None)
            columns = ["client_id", *row]
            pid = conn.execute(
                f"INSERT INTO prospect_candidates ({', '.join(columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING id",
                (client_id, *row.values()),
            ).fetchone()["id"]
            if test:
                conn.execute(
                    """INSERT INTO prospect_form_tests (client_id, prospect_id, test_submitted_at, response_time_minutes,
                                                        has_autoresponder, autoresponder_tone, test_status)
                       VALUES (%s, %s, %s, %s, %s, %s, 'completed')""",
                    (client_id, pid, test["submitted"], test["minutes"], test.get("autoresponder", False),
                     test.get("tone", "human")),
                )
            ids.append(pid)
    return ids


def ready_client(conn: Conn, client_id: uuid.UUID) -> None:
    with tenant_transaction(conn, client_id):
        set_postal_address(conn, client_id, ADDRESS)


def new_campaign(conn: Conn, client_id: uuid.UUID, **overrides: Any) -> Campaign:
    """A draft campaign sending all day, every day, with the starter templates and one follow-up."""
    raw: dict[str, Any] = {
        "name": "Spring outreach", "audience": "prospects", "email_template_id": str(starter(conn, "Introduction")),
        "follow_up_1_days": "3", "follow_up_1_template": str(starter(conn, "Follow-up")), "daily_cap": "10",
        "window_start_hour": "0", "window_end_hour": "24", "window_days": "1,2,3,4,5,6,7",
        "timezone": "Europe/Paris", "approval_mode": "manual",
    }
    raw.update(overrides)
    with tenant_transaction(conn, client_id):
        return campaigns.create(conn, client_id=client_id, raw=raw)


def services_of(settings: Settings, pool: Pool, db_url: str) -> Services:
    """Services for running the outreach jobs inline (no chat model: drafts from facts)."""
    return Services(settings=settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8))


def job_count(conn: Conn, job_type: str, status: str = "pending") -> int:
    with service_transaction(conn):
        row = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = %s AND status = %s",
                           (job_type, status)).fetchone()
    return int(row["n"])


@dataclass(frozen=True)
class Queued:
    """One approved e-mail whose bulk_email job is queued."""

    client_id: uuid.UUID
    campaign_id: uuid.UUID
    email_id: uuid.UUID


def queued_email(conn: Conn, services: Services, db_url: str) -> Queued:
    """A client's campaign with one prospect, drafted, approved and queued for sending."""
    client_id = make_tenant(db_url, f"c{uuid.uuid4().hex[:6]}", language="en").client_id
    ready_client(conn, client_id)
    add_prospects(conn, client_id, [{"business_name": "Dupont Bakery", "website": "https://dupont.example",
                                     "industry": "bakery", "language": "en", "contact_email": "info@dupont.example"}])
    campaign = new_campaign(conn, client_id)
    with tenant_transaction(conn, client_id):
        campaigns.activate(conn, campaign.id)
    drafting.tick(services, campaign_id=str(campaign.id))
    with tenant_transaction(conn, client_id):
        assert outreach_emails.approve_all(conn, campaign.id, by="owner@client.example") == 1
        [email] = outreach_emails.list_emails(conn, campaign.id)
    drafting.tick(services, campaign_id=str(campaign.id))
    assert job_count(conn, "bulk_email") == 1
    return Queued(client_id, campaign.id, email["id"])
