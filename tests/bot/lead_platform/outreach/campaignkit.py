"""Helpers for the campaign tests: a client ready to send, prospects, a campaign, the jobs."""

from __future__ import annotations

import uuid
from typing import Any

from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.lead_platform.outreach import campaigns
from bot.lead_platform.store.campaigns import Campaign, set_postal_address

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


def job_count(conn: Conn, job_type: str, status: str = "pending") -> int:
    with service_transaction(conn):
        row = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = %s AND status = %s",
                           (job_type, status)).fetchone()
    return int(row["n"])
