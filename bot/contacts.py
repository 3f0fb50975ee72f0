"""Repository for contact requests and their payments (transactions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import psycopg
from psycopg.rows import class_row


@dataclass
class ContactRequest:
    """A member's request to be introduced to a profile."""

    id: int
    lead_id: int
    profile_id: int | None
    profile_code: str
    status: str
    message: str | None
    admin_id: int | None
    admin_note: str | None
    decided_at: datetime | None
    shared_at: datetime | None
    created_at: datetime


OPEN_STATUSES = ("pending", "approved", "paid")


def open_request(conn: psycopg.Connection, *, lead_id: int, profile_code: str) -> ContactRequest | None:
    """The lead's open request for this profile, if any."""
    return conn.cursor(row_factory=class_row(ContactRequest)).execute(
        """SELECT id, lead_id, profile_id, profile_code, status, message, admin_id, admin_note,
                  decided_at, shared_at, created_at
           FROM contact_requests WHERE lead_id = %s AND profile_code = %s AND status = ANY(%s)
           ORDER BY id DESC LIMIT 1""",
        (lead_id, profile_code, list(OPEN_STATUSES)),
    ).fetchone()


def create_request(
    conn: psycopg.Connection, *, lead_id: int, profile_id: int, profile_code: str,
    message: str | None, amount: Decimal, currency: str,
) -> tuple[int, int]:
    """A pending contact request and its pending payment; returns (request id, transaction id)."""
    request_id = conn.execute(
        """INSERT INTO contact_requests (lead_id, profile_id, profile_code, message)
           VALUES (%s, %s, %s, %s) RETURNING id""",
        (lead_id, profile_id, profile_code, message),
    ).fetchone()["id"]  # type: ignore[index]
    transaction_id = conn.execute(
        """INSERT INTO transactions (lead_id, contact_request_id, amount, currency)
           VALUES (%s, %s, %s, %s) RETURNING id""",
        (lead_id, request_id, amount, currency),
    ).fetchone()["id"]  # type: ignore[index]
    return int(request_id), int(transaction_id)
