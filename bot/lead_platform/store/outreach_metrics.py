"""Outreach statistics derived from the e-mails and their events (the outreach_metrics job).

- `outreach_metrics`: one row per campaign and day the e-mails were sent (in the
  campaign's time zone), with what those e-mails led to whenever it happened;
- `prospect_outreach_log`: each prospect e-mail's opens, reply and status;
- `prospect_industry_performance`: per industry, over every client's prospect e-mails
  (shared statistics, migration 0014): contacted, opened, replied, response time.
All as the service role.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from bot.core.connections import Conn

# What happened to each sent e-mail, from its row and its events.
_OUTCOMES = """
SELECT e.id, e.client_id, e.campaign_id, e.prospect_id, e.sent_at, e.opened_at, e.replied_at, e.reply_content,
       e.opened_at IS NOT NULL OR EXISTS (SELECT 1 FROM outreach_tracking t WHERE t.email_id = e.id
                                          AND t.action = 'opened') AS opened,
       EXISTS (SELECT 1 FROM outreach_tracking t WHERE t.email_id = e.id AND t.action = 'clicked') AS clicked,
       e.replied_at IS NOT NULL OR EXISTS (SELECT 1 FROM outreach_tracking t WHERE t.email_id = e.id
                                           AND t.action = 'replied') AS replied,
       e.status = 'bounced' OR EXISTS (SELECT 1 FROM outreach_tracking t WHERE t.email_id = e.id
                                       AND t.action = 'bounced') AS bounced,
       EXISTS (SELECT 1 FROM outreach_tracking t WHERE t.email_id = e.id AND t.action = 'unsubscribed')
           AS unsubscribed
FROM outreach_emails e WHERE e.sent_at IS NOT NULL
"""

CAMPAIGN_DAYS_SQL = f"""
WITH outcome AS ({_OUTCOMES} AND e.campaign_id = ANY(%(campaigns)s)),
days AS (
    SELECT o.client_id, o.campaign_id, (o.sent_at AT TIME ZONE c.timezone)::date AS day,
           count(*) AS sent, count(*) FILTER (WHERE NOT o.bounced) AS delivered,
           count(*) FILTER (WHERE o.opened) AS opened, count(*) FILTER (WHERE o.clicked) AS clicked,
           count(*) FILTER (WHERE o.replied) AS replied, count(*) FILTER (WHERE o.bounced) AS bounced,
           count(*) FILTER (WHERE o.unsubscribed) AS unsubscribed
    FROM outcome o JOIN outreach_campaigns c ON c.id = o.campaign_id
    GROUP BY 1, 2, 3)
INSERT INTO outreach_metrics AS m (client_id, campaign_id, day, total_emails_sent, total_emails_delivered,
    total_emails_opened, total_emails_clicked, total_emails_replied, total_emails_bounced,
    total_emails_unsubscribed, open_rate, click_rate, reply_rate, bounce_rate, updated_at)
SELECT client_id, campaign_id, day, sent, delivered, opened, clicked, replied, bounced, unsubscribed,
       round(100.0 * opened / nullif(delivered, 0), 2), round(100.0 * clicked / nullif(delivered, 0), 2),
       round(100.0 * replied / nullif(delivered, 0), 2), round(100.0 * bounced / nullif(sent, 0), 2), now()
FROM days
ON CONFLICT (campaign_id, day) DO UPDATE SET
    total_emails_sent = EXCLUDED.total_emails_sent, total_emails_delivered = EXCLUDED.total_emails_delivered,
    total_emails_opened = EXCLUDED.total_emails_opened, total_emails_clicked = EXCLUDED.total_emails_clicked,
    total_emails_replied = EXCLUDED.total_emails_replied, total_emails_bounced = EXCLUDED.total_emails_bounced,
    total_emails_unsubscribed = EXCLUDED.total_emails_unsubscribed, open_rate = EXCLUDED.open_rate,
    click_rate = EXCLUDED.click_rate, reply_rate = EXCLUDED.reply_rate, bounce_rate = EXCLUDED.bounce_rate,
    updated_at = now()
"""

# A prospect e-mail with no open, reply or bounce this long after it left is 'ignored'.
IGNORED_AFTER_DAYS = 14
PROSPECT_LOG_SQL = f"""
WITH outcome AS ({_OUTCOMES} AND e.prospect_id IS NOT NULL AND e.campaign_id = ANY(%(campaigns)s))
UPDATE prospect_outreach_log l
SET opened_at = coalesce(l.opened_at, o.opened_at),
    replied_at = coalesce(l.replied_at, o.replied_at),
    reply_content = coalesce(l.reply_content, o.reply_content),
    status = CASE WHEN o.replied THEN 'replied' WHEN o.bounced THEN 'bounced' WHEN o.opened THEN 'opened'
                  WHEN o.sent_at < %(now)s::timestamptz - make_interval(days => {IGNORED_AFTER_DAYS}) THEN 'ignored'
                  ELSE 'sent' END
FROM outcome o
WHERE l.email_id = o.id
"""

INDUSTRY_SQL = f"""
WITH outcome AS ({_OUTCOMES} AND e.prospect_id IS NOT NULL),
per_prospect AS (
    SELECT p.industry, o.prospect_id, bool_or(o.opened) AS opened, bool_or(o.replied) AS replied,
           extract(epoch FROM min(o.replied_at) - min(o.sent_at)) / 3600.0 AS response_hours
    FROM outcome o JOIN prospect_candidates p ON p.id = o.prospect_id
    WHERE p.industry IS NOT NULL AND btrim(p.industry) <> ''
    GROUP BY p.industry, o.prospect_id)
SELECT industry, count(*) AS contacted, count(*) FILTER (WHERE opened) AS opened,
       count(*) FILTER (WHERE replied) AS replied, avg(response_hours) FILTER (WHERE replied) AS response_hours
FROM per_prospect GROUP BY industry
"""


def campaigns_to_refresh(conn: Conn, *, campaign_id: uuid.UUID | str | None = None) -> list[uuid.UUID]:
    """That campaign, or every e-mail campaign that is running or had an event in the last two days."""
    rows = conn.execute(
        """SELECT c.id FROM outreach_campaigns c
           WHERE c.audience IN ('prospects', 'leads')
             AND (%(one)s::uuid = c.id
                  OR (%(one)s::uuid IS NULL
                      AND (c.status = 'active'
                           OR EXISTS (SELECT 1 FROM outreach_tracking t WHERE t.campaign_id = c.id
                                      AND t.timestamp > now() - interval '2 days'))))""",
        {"one": campaign_id},
    ).fetchall()
    return [r["id"] for r in rows]


def refresh_campaigns(conn: Conn, campaigns: list[uuid.UUID], *, now: datetime) -> int:
    """Recompute the daily rows and the prospect log of these campaigns; how many daily rows."""
    if not campaigns:
        return 0
    written = conn.execute(CAMPAIGN_DAYS_SQL, {"campaigns": campaigns}).rowcount
    conn.execute(PROSPECT_LOG_SQL, {"campaigns": campaigns, "now": now})
    return written


def industry_outcomes(conn: Conn) -> list[dict[str, Any]]:
    """Per industry: prospects contacted, opened, replied, and the mean hours to a reply."""
    return conn.execute(INDUSTRY_SQL).fetchall()


def save_industry(conn: Conn, rows: list[dict[str, Any]]) -> None:
    """Upsert the industries' statistics and priority scores (rows carry every column)."""
    with conn.cursor() as cur:
        cur.executemany(
            """INSERT INTO prospect_industry_performance (industry, total_contacted, total_opened, total_replied,
                   open_rate, reply_rate, avg_response_time_hours, priority_score, last_updated)
               VALUES (%(industry)s, %(contacted)s, %(opened)s, %(replied)s, %(open_rate)s, %(reply_rate)s,
                       %(response_hours)s, %(priority)s, now())
               ON CONFLICT (industry) DO UPDATE SET total_contacted = EXCLUDED.total_contacted,
                   total_opened = EXCLUDED.total_opened, total_replied = EXCLUDED.total_replied,
                   open_rate = EXCLUDED.open_rate, reply_rate = EXCLUDED.reply_rate,
                   avg_response_time_hours = EXCLUDED.avg_response_time_hours,
                   priority_score = EXCLUDED.priority_score, last_updated = now()""",
            rows,
        )


def daily(conn: Conn, campaign_id: uuid.UUID | str, *, limit: int = 60) -> list[dict[str, Any]]:
    """A campaign's daily rows, latest first (tenant)."""
    return conn.execute(
        """SELECT day, total_emails_sent, total_emails_delivered, total_emails_opened, total_emails_clicked,
                  total_emails_replied, total_emails_bounced, total_emails_unsubscribed, open_rate, click_rate,
                  reply_rate, bounce_rate
           FROM outreach_metrics WHERE campaign_id = %s ORDER BY day DESC LIMIT %s""",
        (campaign_id, limit),
    ).fetchall()
