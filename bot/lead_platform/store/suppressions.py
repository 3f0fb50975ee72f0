"""The suppression list: addresses a client's campaigns never write to again.

An unsubscribe, a hard bounce, a spam complaint or a manual entry puts an address here
for ever, for every campaign of that client (migration 0015). Addresses compare
lower-cased. A forgotten person's address stays on the list as a digest (`matchbot forget`,
bot/store/erasure.py), which `is_suppressed` and `suppressed_sql` compare too. Tenant functions:
run them inside `tenant_transaction`.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from bot.core.connections import Conn
from bot.core.forgotten import forgotten_address, forgotten_address_sql

Reason = Literal["unsubscribed", "bounced", "complaint", "manual"]
REASONS: tuple[Reason, ...] = ("unsubscribed", "bounced", "complaint", "manual")


def normalise(email: str) -> str:
    """How an address is stored and compared: trimmed, lower-cased."""
    return email.strip().lower()


def suppress(conn: Conn, *, client_id: uuid.UUID | str, email: str, reason: Reason,
             email_id: uuid.UUID | str | None = None) -> bool:
    """Put an address on the client's list; False when it already was (the first reason stays)."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {', '.join(REASONS)}")
    cur = conn.execute(
        """INSERT INTO outreach_suppressions (client_id, email, reason, email_id)
           VALUES (%s, %s, %s, %s) ON CONFLICT (client_id, email) DO NOTHING""",
        (client_id, normalise(email), reason, email_id),
    )
    return cur.rowcount == 1


def is_suppressed(conn: Conn, email: str) -> bool:
    """Whether the current tenant may no longer write to this address."""
    row = conn.execute("SELECT 1 FROM outreach_suppressions WHERE email IN (%s, %s)",
                       (normalise(email), forgotten_address(email))).fetchone()
    return row is not None


def suppressed_sql(address: str) -> str:
    """A SQL condition: the address expression `address` is on the tenant's list (plain or forgotten)."""
    plain = f"lower(btrim({address}))"
    return (f"EXISTS (SELECT 1 FROM outreach_suppressions s WHERE s.email IN ({plain}, "
            f"{forgotten_address_sql(plain)}))")


def list_suppressions(conn: Conn, *, limit: int = 200) -> list[dict[str, Any]]:
    """The tenant's suppressed addresses, newest first."""
    return conn.execute(
        "SELECT email, reason, email_id, created_at FROM outreach_suppressions "
        "ORDER BY created_at DESC LIMIT %s",
        (limit,),
    ).fetchall()
