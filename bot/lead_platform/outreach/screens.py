"""What the campaign screens show, for the client dashboard and the agency's console alike.

The pages are shared Jinja templates in `pages/` (each area's `layout.html` frames them),
the routes are shared too (screen_routes.py), and these functions read what a page shows
in the viewer's tenant transaction. Labels in French and English are in screen_texts.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bot.core.connections import Conn
from bot.lead_platform.outreach.campaigns import LEAD_FILTERS, PROSPECT_FILTERS
from bot.lead_platform.outreach.templates import VARIABLES
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import email_templates, outreach_emails, outreach_metrics, prospects

PAGES = Path(__file__).parent / "pages"
FUNNEL = ("sent", "opened", "clicked", "replied")
BAR_WIDTH = 520  # the funnel's longest bar in SVG units (of 800: labels left, counts right; it scales with the page)
PROSPECTS_PER_PAGE = 50


def funnel_chart(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """The funnel's bars: label key, count, share of those sent, and bar width in SVG units."""
    top = max(counts.get("sent", 0), 1)
    return [{"key": key, "count": counts.get(key, 0), "percent": round(100 * counts.get(key, 0) / top),
             "width": max(2, round(BAR_WIDTH * counts.get(key, 0) / top)) if counts.get(key, 0) else 0}
            for key in FUNNEL]


def _moment(value: Any) -> datetime:
    """A time from a row (datetime) or from JSON (ISO text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def timeline(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each recipient's events in order: (time, step, event key), drafts and decisions included."""
    rows = []
    for person in people:
        events: list[tuple[datetime, int, str]] = []
        for email in person["emails"]:
            step = email["follow_up_sequence"]
            events.append((_moment(email["created_at"]), step, "drafted"))
            metadata = email["metadata"] or {}
            if metadata.get("edited_at"):
                events.append((_moment(metadata["edited_at"]), step, "edited"))
            decided = metadata.get("decided_at")
            if decided and email["status"] != "pending":
                events.append((_moment(decided), step, "rejected" if email["status"] == "rejected" else "approved"))
            events += [(_moment(e["at"]), step, "sent_unconfirmed" if e.get("unconfirmed") else e["action"])
                       for e in email["events"]]
        rows.append({**person, "events": sorted(events, key=lambda e: (e[0], e[1]))})
    return rows


def overview(conn: Conn, client_id: uuid.UUID | str) -> dict[str, Any]:
    """The campaigns list page (tenant)."""
    return {"campaigns": repo.list_campaigns(conn), "postal_address": repo.postal_address(conn, client_id)}


def campaign_page(conn: Conn, campaign_id: uuid.UUID | str) -> dict[str, Any] | None:
    """Everything the campaign page shows (tenant); None when the campaign is not the tenant's."""
    campaign = repo.get_campaign(conn, campaign_id)
    if campaign is None or campaign.audience not in repo.EMAIL_AUDIENCES:
        return None
    counts = outreach_emails.funnel(conn, campaign.id)
    templates = {str(t["id"]): t for t in email_templates.list_templates(conn)}
    return {
        "campaign": campaign, "funnel": counts, "bars": funnel_chart(counts),
        "drafts": outreach_emails.list_emails(conn, campaign.id, status="pending"),
        "rejected": outreach_emails.list_emails(conn, campaign.id, status="rejected", limit=20),
        "people": timeline(outreach_emails.timeline(conn, campaign.id)),
        "daily": outreach_metrics.daily(conn, campaign.id),
        "remaining": repo.audience_size(conn, campaign=campaign),
        "template_names": {k: f"{t['name']} ({t['language']})" for k, t in templates.items()},
    }


def draft_context(conn: Conn, campaign_id: uuid.UUID, email_id: uuid.UUID) -> dict[str, Any] | None:
    """The draft editor: the campaign and its pending draft (tenant); None when not the tenant's."""
    campaign = repo.get_campaign(conn, campaign_id)
    email = outreach_emails.get_email(conn, email_id)
    if campaign is None or email is None or email["campaign_id"] != campaign.id:
        return None
    return {"campaign": campaign, "email": email,
            "values": {"subject": email["subject"] or "", "body": email["content"] or ""}}


def prospects_page(conn: Conn, *, page: int) -> dict[str, Any]:
    """One page of the tenant's prospects, highest automation need first, with their latest form test."""
    rows = prospects.list_prospects(conn, limit=PROSPECTS_PER_PAGE + 1, offset=(page - 1) * PROSPECTS_PER_PAGE)
    return {"prospects": rows[:PROSPECTS_PER_PAGE], "page": page, "has_next": len(rows) > PROSPECTS_PER_PAGE}


def form_values(campaign: repo.Campaign) -> dict[str, Any]:
    """A campaign's settings as its edit form holds them."""
    criteria = campaign.target_criteria
    values: dict[str, Any] = {
        "name": campaign.name, "audience": campaign.audience, "email_template_id": str(campaign.email_template_id or ""),
        "daily_cap": campaign.daily_cap, "window_start_hour": campaign.window_start_hour,
        "window_end_hour": campaign.window_end_hour, "window_days": ",".join(map(str, campaign.window_days)),
        "timezone": campaign.timezone, "approval_mode": campaign.approval_mode,
        "min_score": criteria.get("min_score", ""),
        "include_contacted": "on" if not criteria.get("exclude_contacted", True) else "",
    }
    for key in (*PROSPECT_FILTERS, *LEAD_FILTERS):
        values[key] = ", ".join(criteria.get(key) or [])
    for n, step in enumerate(campaign.follow_up_schedule, start=1):
        values[f"follow_up_{n}_days"], values[f"follow_up_{n}_template"] = step["delay_days"], step["template_id"]
    return values


DEFAULT_FORM = {"audience": "prospects", "daily_cap": 50, "window_start_hour": 9, "window_end_hour": 17,
                "window_days": "1,2,3,4,5", "timezone": "Europe/Paris", "approval_mode": "manual"}


def form_context(conn: Conn, *, values: Mapping[str, Any]) -> dict[str, Any]:
    """The campaign form's context: the values shown and the templates to choose from (tenant)."""
    return {"values": {**DEFAULT_FORM, **values}, "templates": email_templates.list_templates(conn, active_only=True),
            "prospect_filters": PROSPECT_FILTERS, "lead_filters": LEAD_FILTERS}


def template_context(conn: Conn, *, template_id: uuid.UUID | str | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """The templates page: the list and the form (of a template to edit or copy) (tenant)."""
    chosen = email_templates.get_template(conn, template_id) if template_id else None
    shown = dict(values) or ({"name": chosen["name"], "language": chosen["language"], "subject": chosen["subject"],
                              "body": chosen["plain_content"] or ""} if chosen else {"language": "en"})
    return {"templates": email_templates.list_templates(conn), "chosen": chosen, "values": shown,
            "variables": VARIABLES}


class CampaignForm(BaseModel):
    """The campaign form's fields, as posted (checked by campaigns.read_settings)."""

    name: str = Field("", max_length=255)
    audience: str = Field("prospects", max_length=20)
    industries: str = Field("", max_length=1000)
    regions: str = Field("", max_length=1000)
    languages: str = Field("", max_length=20)
    min_score: str = Field("", max_length=5)
    include_contacted: str = Field("", max_length=5)
    intents: str = Field("", max_length=1000)
    urgencies: str = Field("", max_length=100)
    tags: str = Field("", max_length=1000)
    email_template_id: str = Field("", max_length=40)
    follow_up_1_days: str = Field("", max_length=5)
    follow_up_1_template: str = Field("", max_length=40)
    follow_up_2_days: str = Field("", max_length=5)
    follow_up_2_template: str = Field("", max_length=40)
    follow_up_3_days: str = Field("", max_length=5)
    follow_up_3_template: str = Field("", max_length=40)
    daily_cap: str = Field("50", max_length=6)
    window_start_hour: str = Field("9", max_length=3)
    window_end_hour: str = Field("17", max_length=3)
    window_days: str = Field("1,2,3,4,5", max_length=20)
    timezone: str = Field("UTC", max_length=64)
    approval_mode: str = Field("manual", max_length=10)


class TemplateForm(BaseModel):
    """The template editor's fields, as posted (checked by templates.validate)."""

    template_id: str = Field("", max_length=40)
    name: str = Field("", max_length=100)
    language: str = Field("en", max_length=2)
    subject: str = Field("", max_length=200)
    body: str = Field("", max_length=5000)


class DraftForm(BaseModel):
    """The draft editor's fields, as posted (checked again by the outreach agent's check)."""

    subject: str = Field("", max_length=300)
    body: str = Field("", max_length=20_000)
