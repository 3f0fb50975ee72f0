"""Per-domain sending throttle: at most N outreach e-mails per minute to one recipient domain.

A receiving server (gmail.com, a company's own) judges the sender by its rate; all
workers and all clients share the count, so it lives in the database: one row per
domain, a counter for the current minute, taken atomically (service role).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.connections import Conn

TAKE_SQL = """
INSERT INTO outreach_domain_throttle AS d (domain, window_start, sent)
VALUES (%(domain)s, date_trunc('minute', %(now)s::timestamptz), 1)
ON CONFLICT (domain) DO UPDATE
SET sent = CASE WHEN d.window_start = EXCLUDED.window_start THEN d.sent + 1 ELSE 1 END,
    window_start = EXCLUDED.window_start
WHERE d.window_start <> EXCLUDED.window_start OR d.sent < %(limit)s
RETURNING sent
"""


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower()


def take_slot(conn: Conn, *, domain: str, limit: int, now: datetime) -> float:
    """Take one sending slot for the domain: 0 when taken, else seconds until the next minute."""
    row = conn.execute(TAKE_SQL, {"domain": domain, "now": now, "limit": limit}).fetchone()
    if row is not None:
        return 0.0
    next_minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return max(0.5, (next_minute - now).total_seconds())
