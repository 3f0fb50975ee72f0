"""The `outreach_metrics` job: campaign days, prospect logs and industry priorities, recomputed.

The priority score (0–100) ranks industries for the audiences and the discovery: 50 is
an industry that answers like the average of all contacted prospects. Each industry's
reply and open rates are smoothed towards the overall rates by SMOOTHING pseudo-contacts
(after fifty e-mails an industry's own rate weighs as much as the overall one: two
replies out of three contacts is luck, not a market), then compared with the overall
rates, replies weighing 70 % and opens 30 %:

    score = 50 × (0.7 × reply_rate_smoothed / overall_reply + 0.3 × open_rate_smoothed / overall_open)

clamped to 0–100. With 5 % replies and 40 % opens overall: twice the replies over 200
contacts scores 78, neither a reply nor an open over 200 contacts 10, two replies out of
three contacts 76. A rate with no overall value yet (no reply anywhere) counts as average.
"""

from __future__ import annotations

from typing import Any

from bot.core.db import service_transaction
from bot.core.services import Services
from bot.lead_platform.store import outreach_metrics as repo

SMOOTHING = 50
REPLY_WEIGHT = 0.7
METRICS_JOB = "outreach_metrics"
METRICS_EVERY = 600.0  # seconds


def priority_score(*, contacted: int, opened: int, replied: int, overall_open: float,
                   overall_reply: float) -> int:
    """The industry's priority score (module docstring)."""
    reply = (replied + SMOOTHING * overall_reply) / (contacted + SMOOTHING)
    opens = (opened + SMOOTHING * overall_open) / (contacted + SMOOTHING)
    reply_ratio = reply / overall_reply if overall_reply > 0 else 1.0
    open_ratio = opens / overall_open if overall_open > 0 else 1.0
    score = 50 * (REPLY_WEIGHT * reply_ratio + (1 - REPLY_WEIGHT) * open_ratio)
    return max(0, min(100, round(score)))


def industry_rows(outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The prospect_industry_performance rows for these per-industry outcomes."""
    contacted = sum(int(o["contacted"]) for o in outcomes)
    overall_open = sum(int(o["opened"]) for o in outcomes) / contacted if contacted else 0.0
    overall_reply = sum(int(o["replied"]) for o in outcomes) / contacted if contacted else 0.0
    rows = []
    for o in outcomes:
        n, opened, replied = int(o["contacted"]), int(o["opened"]), int(o["replied"])
        hours = o["response_hours"]
        rows.append({
            "industry": o["industry"], "contacted": n, "opened": opened, "replied": replied,
            "open_rate": round(100 * opened / n, 2) if n else None,
            "reply_rate": round(100 * replied / n, 2) if n else None,
            "response_hours": round(float(hours), 2) if hours is not None else None,
            "priority": priority_score(contacted=n, opened=opened, replied=replied, overall_open=overall_open,
                                       overall_reply=overall_reply),
        })
    return rows


def refresh(services: Services, *, campaign_id: str | None = None) -> dict[str, Any]:
    """Recompute the campaigns' daily rows and prospect logs, then every industry's statistics."""
    with services.pool.connection() as conn, service_transaction(conn):
        campaigns = repo.campaigns_to_refresh(conn, campaign_id=campaign_id)
        days = repo.refresh_campaigns(conn, campaigns, now=services.clock())
        industries = industry_rows(repo.industry_outcomes(conn))
        repo.save_industry(conn, industries)
    return {"campaigns": len(campaigns), "days": days, "industries": len(industries)}
