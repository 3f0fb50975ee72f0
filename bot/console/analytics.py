"""The daily analytics rows (one per day, upserted) and what the analytics page reads.

Definitions (all by UTC calendar day):
- messages_in/out: conversation rows of that direction; admin_messages: sender 'admin';
- new_leads: leads created that day; qualified_leads: of those, the ones qualified since
  (there is no qualification timestamp, so a day's cohort is counted);
- active_leads: leads that wrote that day;
- handoffs: handoff alerts from the bot plus console takeovers;
- profiles_shown: profile_views; contact_requests: requests created;
- payments/revenue: transactions paid that day; opt_outs: leads opted out that day.

The agents' performance beside them is the `agent_performance` view as of the same
refresh (`agent_performance_snapshot`): the view reads every agent log, seconds once
there are millions, too slow for each visit of the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.core.connections import Conn

FILL_SQL = """
WITH days AS (
    SELECT d::date AS day FROM generate_series(%(start)s::date, %(end)s::date, INTERVAL '1 day') d
)
INSERT INTO analytics (day, messages_in, messages_out, admin_messages, new_leads, qualified_leads,
                       active_leads, handoffs, profiles_shown, contact_requests, payments, revenue,
                       currency, opt_outs, updated_at)
SELECT days.day,
    (SELECT count(*) FROM conversations c WHERE c.direction = 'in'
        AND c.created_at >= days.day AND c.created_at < days.day + 1),
    (SELECT count(*) FROM conversations c WHERE c.direction = 'out'
        AND c.created_at >= days.day AND c.created_at < days.day + 1),
    (SELECT count(*) FROM conversations c WHERE c.sender_type = 'admin'
        AND c.created_at >= days.day AND c.created_at < days.day + 1),
    (SELECT count(*) FROM leads l WHERE l.created_at >= days.day AND l.created_at < days.day + 1),
    (SELECT count(*) FROM leads l WHERE l.qualification_complete
        AND l.created_at >= days.day AND l.created_at < days.day + 1),
    (SELECT count(DISTINCT c.lead_id) FROM conversations c WHERE c.direction = 'in'
        AND c.created_at >= days.day AND c.created_at < days.day + 1),
    (SELECT count(*) FROM logs g WHERE g.created_at >= days.day AND g.created_at < days.day + 1
        AND ((g.source = 'alert' AND g.message LIKE 'Conversation à reprendre%%')
             OR (g.source = 'admin' AND g.context->>'action' = 'take_over'))),
    (SELECT count(*) FROM profile_views v WHERE v.shown_at >= days.day AND v.shown_at < days.day + 1),
    (SELECT count(*) FROM contact_requests r WHERE r.created_at >= days.day AND r.created_at < days.day + 1),
    (SELECT count(*) FROM transactions t WHERE t.status = 'paid'
        AND t.paid_at >= days.day AND t.paid_at < days.day + 1),
    (SELECT coalesce(sum(t.amount), 0) FROM transactions t WHERE t.status = 'paid'
        AND t.paid_at >= days.day AND t.paid_at < days.day + 1),
    (SELECT left(value #>> '{}', 3) FROM configuration WHERE key = 'currency'),
    (SELECT count(*) FROM leads l WHERE l.opted_out_at >= days.day AND l.opted_out_at < days.day + 1),
    now()
FROM days
ON CONFLICT (day) DO UPDATE SET
    messages_in = excluded.messages_in, messages_out = excluded.messages_out,
    admin_messages = excluded.admin_messages, new_leads = excluded.new_leads,
    qualified_leads = excluded.qualified_leads, active_leads = excluded.active_leads,
    handoffs = excluded.handoffs, profiles_shown = excluded.profiles_shown,
    contact_requests = excluded.contact_requests, payments = excluded.payments,
    revenue = excluded.revenue, currency = excluded.currency, opt_outs = excluded.opt_outs,
    updated_at = now()
"""

SERIES = (
    "messages_in",
    "messages_out",
    "admin_messages",
    "new_leads",
    "qualified_leads",
    "handoffs",
    "contact_requests",
    "payments",
)


def fill_analytics(conn: Conn, *, start: dt.date, end: dt.date) -> int:
    """Compute (or recompute) the rows of every day from start to end, and the agents'
    performance snapshot; returns days written.

    Runs with the session in UTC so that a "day" does not depend on the server's zone.
    """
    with conn.transaction():
        conn.execute("SET LOCAL TIME ZONE 'UTC'")
        days = conn.execute(FILL_SQL, {"start": start, "end": end}).rowcount
        conn.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY agent_performance_snapshot")
    return days


def read_days(
    conn: Conn, *, days: int = 30, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The last `days` rows, oldest first, with missing days as zeros."""
    end = today or dt.datetime.now(dt.UTC).date()
    start = end - dt.timedelta(days=days - 1)
    stored = {
        r["day"]: r
        for r in conn.execute(
            "SELECT * FROM analytics WHERE day BETWEEN %s AND %s", (start, end)
        ).fetchall()
    }
    out = []
    for n in range(days):
        day = start + dt.timedelta(days=n)
        row = stored.get(day) or {}
        out.append(
            {
                "day": day,
                **{k: int(row.get(k) or 0) for k in SERIES},
                "revenue": float(row.get("revenue") or 0),
            }
        )
    return out


def agent_performance(conn: Conn) -> list[dict[str, Any]]:
    """The `agent_performance` view as of the last refresh, busiest agent first."""
    return conn.execute(
        "SELECT * FROM agent_performance_snapshot ORDER BY calls DESC, agent_name"
    ).fetchall()


@dataclass
class Chart:
    """An inline SVG line chart: one polyline per series, computed here so the page needs no JS."""

    width: int
    height: int
    lines: list[dict[str, str]]
    max_value: int
    labels: list[str]


COLORS = ("#2b6cb0", "#2f855a", "#b7791f", "#c53030", "#6b46c1")


def line_chart(
    rows: list[dict[str, Any]], keys: tuple[str, ...], *, width: int = 600, height: int = 160
) -> Chart:
    """Points for each series over the days (y grows downwards in SVG)."""
    peak = max([1] + [int(r[k]) for r in rows for k in keys])
    step = width / max(len(rows) - 1, 1)
    lines = []
    for index, key in enumerate(keys):
        points = " ".join(
            f"{i * step:.1f},{height - (int(r[key]) / peak) * (height - 10):.1f}"
            for i, r in enumerate(rows)
        )
        lines.append(
            {
                "key": key,
                "points": points,
                "color": COLORS[index % len(COLORS)],
                "total": str(sum(int(r[key]) for r in rows)),
            }
        )
    labels = [rows[0]["day"].strftime("%d/%m"), rows[-1]["day"].strftime("%d/%m")] if rows else []
    return Chart(width=width, height=height, lines=lines, max_value=peak, labels=labels)
