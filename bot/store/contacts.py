"""Repository for contact requests and their payments (transactions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from psycopg.rows import class_row

from bot.core.connections import Conn


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


def open_request(conn: Conn, *, lead_id: int, profile_code: str) -> ContactRequest | None:
    """The lead's open request for this profile, if any."""
    return conn.cursor(row_factory=class_row(ContactRequest)).execute(
        """SELECT id, lead_id, profile_id, profile_code, status, message, admin_id, admin_note,
                  decided_at, shared_at, created_at
           FROM contact_requests WHERE lead_id = %s AND profile_code = %s AND status = ANY(%s)
           ORDER BY id DESC LIMIT 1""",
        (lead_id, profile_code, list(OPEN_STATUSES)),
    ).fetchone()


def create_request(
    conn: Conn, *, lead_id: int, profile_id: int, profile_code: str,
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


# -- the console's side: decisions, payments, sharing, history (bot/admin) -------------

@dataclass
class RequestRow:
    """A contact request as the console lists it, with its lead, profile and payment."""

    id: int
    lead_id: int
    lead_name: str | None
    lead_phone: str | None
    profile_id: int | None
    profile_code: str
    profile_first_name: str | None
    profile_name: str | None
    status: str
    message: str | None
    admin_id: int | None
    admin_label: str | None
    admin_note: str | None
    decided_at: datetime | None
    shared_at: datetime | None
    created_at: datetime
    transaction_id: int | None
    amount: Decimal | None
    currency: str | None
    payment_status: str | None
    paid_at: datetime | None


REQUEST_ROWS = """
SELECT r.id, r.lead_id, l.name AS lead_name, l.phone AS lead_phone, r.profile_id, r.profile_code,
       p.first_name AS profile_first_name, p.name AS profile_name, r.status, r.message, r.admin_id,
       coalesce(a.full_name, a.email) AS admin_label, r.admin_note, r.decided_at, r.shared_at,
       r.created_at, t.id AS transaction_id, t.amount, t.currency, t.status AS payment_status, t.paid_at
FROM contact_requests r
JOIN leads l ON l.id = r.lead_id
LEFT JOIN profiles p ON p.id = r.profile_id
LEFT JOIN admin_users a ON a.id = r.admin_id
LEFT JOIN LATERAL (SELECT * FROM transactions x WHERE x.contact_request_id = r.id
                   ORDER BY x.id DESC LIMIT 1) t ON TRUE
"""


def list_requests(conn: Conn, *, status: str | None = None, lead_id: int | None = None,
                  limit: int = 200) -> list[RequestRow]:
    """Requests newest first, optionally of one status or one lead."""
    return conn.cursor(row_factory=class_row(RequestRow)).execute(
        REQUEST_ROWS + """WHERE (%(status)s::text IS NULL OR r.status = %(status)s)
                            AND (%(lead)s::int IS NULL OR r.lead_id = %(lead)s)
                          ORDER BY r.id DESC LIMIT %(limit)s""",
        {"status": status, "lead": lead_id, "limit": limit},
    ).fetchall()


def get_request_row(conn: Conn, request_id: int) -> RequestRow | None:
    """One request with its lead, profile and payment."""
    return conn.cursor(row_factory=class_row(RequestRow)).execute(
        REQUEST_ROWS + "WHERE r.id = %s", (request_id,)).fetchone()


def _log(conn: Conn, *, request_id: int, admin_id: int, action: str, message: str) -> None:
    conn.execute(
        """INSERT INTO logs (level, source, message, context, lead_id, admin_id)
           SELECT 'info', 'admin', %s, jsonb_build_object('action', %s::text, 'contact_request_id', id),
                  lead_id, %s FROM contact_requests WHERE id = %s""",
        (message, action, admin_id, request_id))


def _decide(conn: Conn, request_id: int, *, admin_id: int, status: str, allowed: tuple[str, ...],
            note: str | None) -> bool:
    cur = conn.execute(
        """UPDATE contact_requests SET status = %s, admin_id = %s, admin_note = coalesce(%s, admin_note),
                  decided_at = coalesce(decided_at, now()), updated_at = now()
           WHERE id = %s AND status = ANY(%s)""",
        (status, admin_id, note or None, request_id, list(allowed)))
    return cur.rowcount == 1


def approve_request(conn: Conn, request_id: int, *, admin_id: int, note: str | None = None) -> bool:
    """Pending → approved; False when the request is not pending."""
    done = _decide(conn, request_id, admin_id=admin_id, status="approved", allowed=("pending",), note=note)
    if done:
        _log(conn, request_id=request_id, admin_id=admin_id, action="approve",
             message=f"Demande de mise en relation #{request_id} approuvée")
    return done


def reject_request(conn: Conn, request_id: int, *, admin_id: int, note: str | None = None) -> bool:
    """Pending or approved → rejected, and its unpaid payment cancelled."""
    done = _decide(conn, request_id, admin_id=admin_id, status="rejected", allowed=("pending", "approved"),
                   note=note)
    if done:
        conn.execute("""UPDATE transactions SET status = 'cancelled', updated_at = now()
                        WHERE contact_request_id = %s AND status = 'pending'""", (request_id,))
        _log(conn, request_id=request_id, admin_id=admin_id, action="reject",
             message=f"Demande de mise en relation #{request_id} refusée")
    return done


def mark_paid(conn: Conn, request_id: int, *, admin_id: int, payment_method: str | None = None,
              reference: str | None = None) -> bool:
    """Record the payment (transaction 'paid', paid_at, recorded_by) of a pending or approved request."""
    cur = conn.execute(
        """UPDATE contact_requests SET status = 'paid', admin_id = coalesce(admin_id, %s),
                  decided_at = coalesce(decided_at, now()), updated_at = now()
           WHERE id = %s AND status IN ('pending', 'approved')""", (admin_id, request_id))
    if cur.rowcount != 1:
        return False
    paid = conn.execute(
        """UPDATE transactions SET status = 'paid', paid_at = now(), recorded_by = %s,
                  payment_method = coalesce(%s, payment_method),
                  provider_reference = coalesce(%s, provider_reference), updated_at = now()
           WHERE id = (SELECT id FROM transactions WHERE contact_request_id = %s ORDER BY id DESC LIMIT 1)""",
        (admin_id, payment_method or None, reference or None, request_id)).rowcount
    if not paid:  # a request created without its payment row: record one at the configured price
        conn.execute(
            """INSERT INTO transactions (lead_id, contact_request_id, amount, currency, status, paid_at,
                                         recorded_by, payment_method, provider_reference)
               SELECT r.lead_id, r.id, coalesce((SELECT (value #>> '{}')::numeric FROM configuration
                                                 WHERE key = 'contact_price'), 0),
                      coalesce((SELECT value #>> '{}' FROM configuration WHERE key = 'currency'), 'XAF'),
                      'paid', now(), %s, %s, %s FROM contact_requests r WHERE r.id = %s""",
            (admin_id, payment_method or None, reference or None, request_id))
    _log(conn, request_id=request_id, admin_id=admin_id, action="mark_paid",
         message=f"Paiement de la demande #{request_id} enregistré")
    return True


def mark_shared(conn: Conn, request_id: int, *, admin_id: int) -> bool:
    """Paid (or approved) → shared: an admin sent the contact; logged with the admin's id."""
    cur = conn.execute(
        """UPDATE contact_requests SET status = 'shared', shared_at = now(), admin_id = %s, updated_at = now()
           WHERE id = %s AND status IN ('approved', 'paid')""", (admin_id, request_id))
    if cur.rowcount == 1:
        _log(conn, request_id=request_id, admin_id=admin_id, action="share_contact",
             message=f"Contact de la demande #{request_id} transmis au membre")
    return cur.rowcount == 1


def request_history(conn: Conn, request_id: int) -> list[dict[str, object]]:
    """The console actions on a request, oldest first."""
    return conn.execute(
        """SELECT l.created_at, l.message, l.context->>'action' AS action,
                  coalesce(a.full_name, a.email) AS admin
           FROM logs l LEFT JOIN admin_users a ON a.id = l.admin_id
           WHERE l.source = 'admin' AND (l.context->>'contact_request_id')::int = %s ORDER BY l.id""",
        (request_id,)).fetchall()
