"""Campaign settings as clients write them (dashboard, console, CLI): checked, then stored.

`read_settings` turns a form or the CLI's options into the columns of outreach_campaigns,
or raises CampaignError naming the field. `activate` starts a campaign only when it can
really send: a template the client may use, follow-up templates likewise, and the
client's postal address for the footer.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from bot.core.connections import Conn
from bot.lead_platform.enrichment.taxonomy import URGENCIES
from bot.lead_platform.outreach import templates as template_rules
from bot.lead_platform.outreach.window import valid_zone
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import email_templates

MAX_FOLLOW_UPS = 3
MAX_DELAY_DAYS = 60
PROSPECT_FILTERS = ("industries", "regions", "languages")
LEAD_FILTERS = ("intents", "urgencies", "tags", "languages")


class CampaignError(ValueError):
    """Settings that cannot be saved or a campaign that cannot start: which field, and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _list(value: Any) -> list[str]:
    """A list from a form's comma-separated text, repeated fields, or a list."""
    items: Iterable[Any] = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def _int(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key)
    if value is None or value == "":
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise CampaignError(key, "must be a whole number") from None
    if not low <= number <= high:
        raise CampaignError(key, f"must be between {low} and {high}")
    return number


def _uuid(value: Any, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise CampaignError(field, "is not a template id") from None


def read_criteria(audience: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The audience filters of target_criteria."""
    criteria: dict[str, Any] = {}
    for key in PROSPECT_FILTERS if audience == "prospects" else LEAD_FILTERS:
        values = _list(raw.get(key))
        if key == "languages" and set(values) - {"en", "fr"}:
            raise CampaignError("languages", "must be en and/or fr")
        if key == "urgencies" and set(values) - set(URGENCIES):
            raise CampaignError("urgencies", f"must be among {', '.join(URGENCIES)}")
        if values:
            criteria[key] = values
    if audience == "prospects":
        if raw.get("min_score") not in (None, ""):
            criteria["min_score"] = _int(raw, "min_score", 0, 0, 100)
        criteria["exclude_contacted"] = str(raw.get("include_contacted", "")).lower() not in ("1", "true", "on", "yes")
    return criteria


def read_follow_ups(raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Up to three follow-ups from `follow_up_N_days` and `follow_up_N_template` (N = 1..3)."""
    steps = []
    for n in range(1, MAX_FOLLOW_UPS + 1):
        days, template = raw.get(f"follow_up_{n}_days"), raw.get(f"follow_up_{n}_template")
        if days in (None, "") and template in (None, ""):
            continue
        if days in (None, "") or template in (None, ""):
            raise CampaignError(f"follow_up_{n}", "needs both a delay in days and a template")
        delay = _int(raw, f"follow_up_{n}_days", 0, 1, MAX_DELAY_DAYS)
        steps.append({"delay_days": delay, "template_id": str(_uuid(template, f"follow_up_{n}_template"))})
    return steps


def read_settings(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The SETTABLE columns of a campaign from a form or the CLI (CampaignError on bad input)."""
    name = str(raw.get("name") or "").strip()
    if not name or len(name) > 255:
        raise CampaignError("name", "a name of 1 to 255 characters is required")
    audience = str(raw.get("audience") or "prospects")
    if audience not in repo.EMAIL_AUDIENCES:
        raise CampaignError("audience", "must be prospects or leads")
    if not raw.get("email_template_id"):
        raise CampaignError("email_template_id", "choose the first e-mail's template")
    start = _int(raw, "window_start_hour", 9, 0, 23)
    end = _int(raw, "window_end_hour", 17, 1, 24)
    if end <= start:
        raise CampaignError("window_end_hour", "must be after the start hour")
    days = sorted({_int({"window_days": d}, "window_days", 0, 1, 7)
                   for d in _list(raw.get("window_days") or "1,2,3,4,5")})
    if not days:
        raise CampaignError("window_days", "at least one day")
    zone = str(raw.get("timezone") or "UTC").strip()
    if valid_zone(zone) is None:
        raise CampaignError("timezone", f"unknown time zone {zone!r} (e.g. Europe/Paris, America/Toronto)")
    approval = str(raw.get("approval_mode") or "manual")
    if approval not in ("manual", "auto"):
        raise CampaignError("approval_mode", "must be manual or auto")
    return {
        "name": name, "audience": audience, "target_criteria": read_criteria(audience, raw),
        "email_template_id": _uuid(raw["email_template_id"], "email_template_id"),
        "follow_up_schedule": read_follow_ups(raw), "daily_cap": _int(raw, "daily_cap", 50, 1, 10_000),
        "window_start_hour": start, "window_end_hour": end, "window_days": days, "timezone": zone,
        "approval_mode": approval,
    }


def check_templates(conn: Conn, values: Mapping[str, Any]) -> None:
    """Every template the settings name exists for this tenant (CampaignError otherwise)."""
    if not email_templates.versions(conn, values["email_template_id"]):
        raise CampaignError("email_template_id", "no such template")
    for n, step in enumerate(values.get("follow_up_schedule") or [], start=1):
        if not email_templates.versions(conn, step["template_id"]):
            raise CampaignError(f"follow_up_{n}_template", "no such template")


def create(conn: Conn, *, client_id: uuid.UUID | str, raw: Mapping[str, Any]) -> repo.Campaign:
    """A new draft campaign from a form or the CLI (tenant)."""
    values = read_settings(raw)
    check_templates(conn, values)
    return repo.create_campaign(conn, client_id=client_id, values=values)


def update(conn: Conn, campaign_id: uuid.UUID | str, *, raw: Mapping[str, Any]) -> repo.Campaign:
    """New settings for a draft or paused campaign (tenant)."""
    values = read_settings(raw)
    check_templates(conn, values)
    campaign = repo.update_campaign(conn, campaign_id, values=values)
    if campaign is None:
        raise CampaignError("status", "only a draft or paused campaign can be edited: pause it first")
    return campaign


def activate(conn: Conn, campaign_id: uuid.UUID | str) -> repo.Campaign:
    """Start (or resume) a campaign that can send (tenant); CampaignError says what is missing."""
    campaign = repo.get_campaign(conn, campaign_id)
    if campaign is None:
        raise CampaignError("campaign", "not found")
    if campaign.audience not in repo.EMAIL_AUDIENCES:
        raise CampaignError("audience", "not an e-mail campaign")
    if campaign.email_template_id is None:
        raise CampaignError("email_template_id", "the template was deleted: choose another")
    check_templates(conn, {"email_template_id": campaign.email_template_id,
                           "follow_up_schedule": campaign.follow_up_schedule})
    if repo.postal_address(conn, campaign.client_id) is None:
        raise CampaignError("postal_address", "every e-mail carries your postal address in its footer: set it first")
    started = repo.set_status(conn, campaign_id, "active")
    if started is None:
        raise CampaignError("status", f"a {campaign.status} campaign cannot be started")
    return started


def change_status(conn: Conn, campaign_id: uuid.UUID | str, status: str) -> repo.Campaign:
    """Pause or complete a campaign (tenant); activation goes through `activate`."""
    changed = repo.set_status(conn, campaign_id, status)
    if changed is None:
        raise CampaignError("status", f"the campaign cannot become {status} from where it is")
    return changed


def save_template(conn: Conn, *, client_id: uuid.UUID | str, raw: Mapping[str, Any],
                  template_id: uuid.UUID | str | None = None) -> uuid.UUID:
    """Check and store one language version of a template (tenant); TemplateError names the field."""
    if template_id is not None:
        try:
            template_id = uuid.UUID(str(template_id))
        except ValueError:
            raise template_rules.TemplateError("template_id", "is not a template id") from None
    subject, body = str(raw.get("subject") or ""), str(raw.get("body") or "")
    name, language = str(raw.get("name") or ""), str(raw.get("language") or "")
    used = template_rules.validate(name=name, subject=subject, body=body, language=language)
    try:
        with conn.transaction():  # a savepoint: a duplicate name leaves the caller's transaction usable
            saved = email_templates.save_template(
                conn, client_id=client_id, name=name, language=language, subject=subject, body=body,
                variables=used, description=str(raw.get("description") or "").strip() or None,
                category=str(raw.get("category") or "").strip() or None, template_id=template_id)
    except psycopg.errors.UniqueViolation:
        raise template_rules.TemplateError("name", f"you already have a {language} template named {name!r}") from None
    if saved is None:
        raise template_rules.TemplateError("template", "not found (shared starters cannot be edited: save a copy)")
    return saved
