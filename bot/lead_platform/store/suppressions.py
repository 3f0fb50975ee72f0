"""The suppression list: addresses a client's campaigns never write to again.

An unsubscribe, a hard bounce, a spam complaint or a manual entry puts an address here
for ever, for every campaign of that client (migration 0015). Addresses compare
lower-cased. Tenant functions: run them inside `tenant_transaction`.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from bot.core.connections import Conn

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
    row = conn.execute("SELECT 1 FROM outreach_suppressions WHERE email = %s", (normalise(email),)).fetchone()
    return row is not None


def list_suppressions(conn: Conn, *, limit: int = 200) -> list[dict[str, Any]]:
    """The tenant's suppressed addresses, newest first."""
    return conn.execute(
        "SELECT email, reason, email_id, created_at FROM outreach_suppressions "
        "ORDER BY created_at DESC LIMIT %s",
        (limit,),
    ).fetchall()
