"""A small client whose Growth Brain is computed by hand in test_analysis.py: twelve active
leads over six weeks, what the business did with them, and rows that must not count."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import psycopg

from tests.bot.lead_platform.leadkit import Tenant

# (days ago, intent, urgency, tone, language, confidence)
LEADS: list[tuple[float, str | None, str | None, str | None, str, float | None]] = [
    (1, "Pricing request", "Élevée", "Friendly", "fr", 0.9),
    (2, "Pricing request", "Élevée", "Professional", "fr", 0.8),
    (3, "Pricing request", "Moyenne", "Friendly", "en", 0.7),
    (5, "Complaint", "Élevée", "Frustrated", "fr", 0.6),
    (8, "Pricing request", "Faible", "Neutral", "fr", 0.5),
    (9, "Appointment booking", "Moyenne", "Professional", "en", 0.8),
    (10, "Complaint", "Faible", "Frustrated", "fr", 0.9),
    (16, "Information request", "Faible", "Curious", "fr", 0.4),
    (20, "Callback request", "Moyenne", "Formal", "fr", 0.6),
    (30, "Spam", "Faible", "Neutral", "en", 0.3),
    (40, "Refund request", "Élevée", "Urgent", "fr", 0.7),
    (0.5, None, None, None, "fr", None),  # not analysed yet
]


def add_lead(conn: psycopg.Connection[Any], client_id: uuid.UUID, *, at: datetime, intent: str | None = None,
             urgency: str | None = None, tone: str | None = None, language: str = "fr",
             confidence: float | None = None, archived: bool = False, deleted: bool = False,
             is_test: bool = False, tag: str | None = None) -> uuid.UUID:
    row = conn.execute(
        """INSERT INTO lead_memory (client_id, name, email, message, intent, urgency, tone, language,
                                    confidence_score, archived, deleted, is_test, current_tag, created_at, timestamp)
           VALUES (%s, 'Awa Diallo', 'awa@example.org', 'Bonjour', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
           RETURNING id""",
        (client_id, intent, urgency, tone, language, confidence, archived, deleted, is_test, tag, at, at),
    ).fetchone()
    assert row is not None
    conn.execute("INSERT INTO lead_actions (lead_id, client_id, action_type, performed_by, timestamp) "
                 "VALUES (%s, %s, 'created', 'api', %s)", (row["id"], client_id, at))
    return row["id"]


def act(conn: psycopg.Connection[Any], lead: uuid.UUID, client_id: uuid.UUID, action: str, at: datetime,
        *, by: str = "owner@alpha.example") -> None:
    conn.execute("INSERT INTO lead_actions (lead_id, client_id, action_type, performed_by, timestamp) "
                 "VALUES (%s, %s, %s, %s, %s)", (lead, client_id, action, by, at))


def outreach(conn: psycopg.Connection[Any], lead: uuid.UUID, client_id: uuid.UUID, *, sent: datetime,
             replied: datetime | None) -> None:
    campaign = conn.execute("INSERT INTO outreach_campaigns (name, client_id) VALUES ('Relance', %s) RETURNING id",
                            (client_id,)).fetchone()
    assert campaign is not None
    conn.execute(
        """INSERT INTO outreach_emails (client_id, campaign_id, lead_id, prospect_email, status, sent_at, replied_at)
           VALUES (%s, %s, %s, 'awa@example.org', %s, %s, %s)""",
        (client_id, campaign["id"], lead, "replied" if replied else "sent", sent, replied))


def fill(conn: psycopg.Connection[Any], tenant: Tenant, now: datetime) -> list[uuid.UUID]:
    """The twelve leads of LEADS, the business's actions and e-mails; returns the leads' ids."""
    client = tenant.client_id
    ids = [add_lead(conn, client, at=now - timedelta(days=days), intent=intent, urgency=urgency, tone=tone,
                    language=language, confidence=confidence)
           for days, intent, urgency, tone, language, confidence in LEADS]
    created = {lead: now - timedelta(days=LEADS[n][0]) for n, lead in enumerate(ids)}
    # Converted 2 h after arriving; tagged after 30 h; a note within the hour; converted then reverted.
    conn.execute("UPDATE lead_memory SET current_tag = 'Converti' WHERE id = %s", (ids[0],))
    act(conn, ids[0], client, "converted", created[ids[0]] + timedelta(hours=2))
    act(conn, ids[1], client, "tagged", created[ids[1]] + timedelta(hours=30))
    act(conn, ids[4], client, "note_added", created[ids[4]] + timedelta(minutes=40))
    act(conn, ids[5], client, "converted", created[ids[5]] + timedelta(hours=3))
    act(conn, ids[5], client, "reverted", created[ids[5]] + timedelta(hours=20))
    act(conn, ids[3], client, "email_sent", created[ids[3]] + timedelta(minutes=1), by="system")  # not the business
    outreach(conn, ids[2], client, sent=now - timedelta(days=2), replied=now - timedelta(days=1))
    outreach(conn, ids[8], client, sent=now - timedelta(days=10), replied=None)
    # Rows that must not count: archived, deleted, a test lead, a lead after the analysis time.
    add_lead(conn, client, at=now - timedelta(days=2), intent="Complaint", urgency="Élevée", archived=True)
    add_lead(conn, client, at=now - timedelta(days=2), intent="Spam", urgency="Faible", deleted=True)
    add_lead(conn, client, at=now - timedelta(days=2), intent="Pricing request", urgency="Élevée", is_test=True)
    add_lead(conn, client, at=now + timedelta(hours=1), intent="Pricing request", urgency="Élevée")
    return ids
