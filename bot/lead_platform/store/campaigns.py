"""Outreach campaigns: settings, status, audiences, and the platform's own internal client.

Tenant functions run inside `tenant_transaction` (RLS isolates clients); the few that
work across tenants (`active_campaigns`, `industry_priorities`, `ensure_internal_client`)
say so and expect `service_transaction`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.connections import Conn
from bot.lead_platform.store.clients import CLIENT_COLUMNS, Client, create_client
from bot.lead_platform.store.suppressions import suppressed_sql

CAMPAIGN_COLUMNS = """id, client_id, name, status, audience, target_criteria, email_template_id,
    follow_up_schedule, daily_cap, window_start_hour, window_end_hour, window_days, timezone,
    approval_mode, metadata, created_at, updated_at, activated_at, completed_at"""
# E-mail campaigns; 'members' campaigns are the WhatsApp re-engagement ones.
EMAIL_AUDIENCES = ("prospects", "leads")
# Which status may follow which (draft → active → paused ↔ active → completed).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "active": ("draft", "paused"),
    "paused": ("active",),
    "completed": ("draft", "active", "paused"),
}
INTERNAL_NAME = "Internal sales"
INTERNAL_EMAIL = "internal-sales@matchbot.invalid"  # as migration 0014 names it
NEUTRAL_PRIORITY = 50  # an industry nobody has written to yet


@dataclass(frozen=True)
class Campaign:
    """A campaign row, typed."""

    id: uuid.UUID
    client_id: uuid.UUID
    name: str
    status: str
    audience: str
    target_criteria: dict[str, Any]
    email_template_id: uuid.UUID | None
    follow_up_schedule: list[dict[str, Any]]
    daily_cap: int
    window_start_hour: int
    window_end_hour: int
    window_days: tuple[int, ...]
    timezone: str
    approval_mode: str
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    activated_at: datetime | None = None
    completed_at: datetime | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Campaign:
        return cls(**{**row, "window_days": tuple(row["window_days"]),
                      "follow_up_schedule": list(row["follow_up_schedule"] or [])})

    @property
    def steps(self) -> int:
        """How many e-mails a recipient may get: the first and its follow-ups."""
        return 1 + len(self.follow_up_schedule)


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("target_criteria", "follow_up_schedule", "metadata"):
        if key in out:
            out[key] = json.dumps(out[key], default=str)
    if "window_days" in out:
        out["window_days"] = list(out["window_days"])
    return out


SETTABLE = ("name", "audience", "target_criteria", "email_template_id", "follow_up_schedule", "daily_cap",
            "window_start_hour", "window_end_hour", "window_days", "timezone", "approval_mode")


def create_campaign(conn: Conn, *, client_id: uuid.UUID | str, values: dict[str, Any]) -> Campaign:
    """A new draft campaign of the tenant (values: the SETTABLE columns, already validated)."""
    data = _fields({k: values[k] for k in SETTABLE if k in values})
    columns = ", ".join(["client_id", *data])
    placeholders = ", ".join(["%(client_id)s", *(f"%({k})s" for k in data)])
    row = conn.execute(
        f"INSERT INTO outreach_campaigns ({columns}) VALUES ({placeholders}) RETURNING {CAMPAIGN_COLUMNS}",
        {**data, "client_id": client_id},
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING answers the row
    return Campaign.from_row(row)


def update_campaign(conn: Conn, campaign_id: uuid.UUID | str, *, values: dict[str, Any]) -> Campaign | None:
    """Change the settings of a draft or paused campaign; None when not found or running."""
    data = _fields({k: values[k] for k in SETTABLE if k in values})
    assignments = ", ".join(f"{k} = %({k})s" for k in data)
    row = conn.execute(
        f"""UPDATE outreach_campaigns SET {assignments}, updated_at = now()
            WHERE id = %(id)s AND status IN ('draft', 'paused') RETURNING {CAMPAIGN_COLUMNS}""",
        {**data, "id": campaign_id},
    ).fetchone()
    return Campaign.from_row(row) if row else None


def get_campaign(conn: Conn, campaign_id: uuid.UUID | str) -> Campaign | None:
    row = conn.execute(f"SELECT {CAMPAIGN_COLUMNS} FROM outreach_campaigns WHERE id = %s",
                       (campaign_id,)).fetchone()
    return Campaign.from_row(row) if row else None


def list_campaigns(conn: Conn) -> list[dict[str, Any]]:
    """The tenant's e-mail campaigns, newest first, with their e-mail counts by status."""
    return conn.execute(
        f"""SELECT {', '.join('c.' + c.strip() for c in CAMPAIGN_COLUMNS.split(','))},
                   count(e.id) FILTER (WHERE e.status = 'pending') AS pending,
                   count(e.id) FILTER (WHERE e.status = 'approved') AS approved,
                   count(e.id) FILTER (WHERE e.sent_at IS NOT NULL) AS sent,
                   count(e.id) FILTER (WHERE e.opened_at IS NOT NULL) AS opened,
                   count(e.id) FILTER (WHERE e.replied_at IS NOT NULL) AS replied
            FROM outreach_campaigns c LEFT JOIN outreach_emails e ON e.campaign_id = c.id
            WHERE c.audience = ANY(%s)
            GROUP BY c.id ORDER BY c.created_at DESC""",
        (list(EMAIL_AUDIENCES),),
    ).fetchall()


def set_status(conn: Conn, campaign_id: uuid.UUID | str, status: str) -> Campaign | None:
    """Move a campaign to `status` when TRANSITIONS allows it from where it is; None otherwise."""
    row = conn.execute(
        f"""UPDATE outreach_campaigns
            SET status = %(status)s::text, updated_at = now(),
                activated_at = CASE WHEN %(status)s::text = 'active' THEN coalesce(activated_at, now())
                                    ELSE activated_at END,
                completed_at = CASE WHEN %(status)s::text = 'completed' THEN now() ELSE completed_at END
            WHERE id = %(id)s AND status = ANY(%(allowed)s) RETURNING {CAMPAIGN_COLUMNS}""",
        {"id": campaign_id, "status": status, "allowed": list(TRANSITIONS.get(status, ()))},
    ).fetchone()
    return Campaign.from_row(row) if row else None


def active_campaigns(conn: Conn, *, campaign_id: uuid.UUID | str | None = None) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(campaign id, client id) of every active e-mail campaign, or of that one (service role)."""
    rows = conn.execute(
        """SELECT id, client_id FROM outreach_campaigns
           WHERE status = 'active' AND audience = ANY(%s) AND (%s::uuid IS NULL OR id = %s::uuid)
           ORDER BY activated_at""",
        (list(EMAIL_AUDIENCES), campaign_id, campaign_id),
    ).fetchall()
    return [(r["id"], r["client_id"]) for r in rows]


# -- audiences -------------------------------------------------------------------------

# Not yet in this campaign, not suppressed, with an address.
_FRESH = """{alias}.{address} IS NOT NULL AND btrim({alias}.{address}) <> ''
    AND NOT EXISTS (SELECT 1 FROM outreach_emails e
                    WHERE e.campaign_id = %(campaign_id)s AND lower(e.prospect_email) = lower({alias}.{address}))
    AND NOT """ + suppressed_sql("{alias}.{address}")


def _any(column: str, key: str, criteria: dict[str, Any], where: list[str], params: dict[str, Any]) -> None:
    values = [v for v in criteria.get(key) or [] if v]
    if values:
        where.append(f"lower({column}) = ANY(%({key})s)")
        params[key] = [str(v).lower() for v in values]


def _prospect_filter(campaign_id: uuid.UUID | str, criteria: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    where = [_FRESH.format(alias="p", address="contact_email")]
    params: dict[str, Any] = {"campaign_id": campaign_id}
    for column, key in (("p.industry", "industries"), ("p.region", "regions"), ("p.language", "languages")):
        _any(column, key, criteria, where, params)
    if criteria.get("min_score") is not None:
        where.append("p.automation_need_score >= %(min_score)s")
        params["min_score"] = int(criteria["min_score"])
    if criteria.get("exclude_contacted", True):
        where.append("NOT p.contacted")
    return " AND ".join(where), params


def _lead_filter(campaign_id: uuid.UUID | str, criteria: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    where = [_FRESH.format(alias="l", address="email"), "NOT l.deleted", "NOT l.archived"]
    params: dict[str, Any] = {"campaign_id": campaign_id}
    for column, key in (("l.intent", "intents"), ("l.urgency", "urgencies"), ("l.current_tag", "tags"),
                        ("l.language", "languages")):
        _any(column, key, criteria, where, params)
    return " AND ".join(where), params


def audience_prospects(conn: Conn, *, campaign_id: uuid.UUID | str, criteria: dict[str, Any], limit: int,
                       priorities: dict[str, int]) -> list[dict[str, Any]]:
    """Prospects of the tenant the campaign may write to next, with their latest form test.

    Order: the industry's priority score (prospect_industry_performance, 50 when unknown),
    then the prospect's automation-need score, then the oldest first.
    """
    where, params = _prospect_filter(campaign_id, criteria)
    params.update(limit=limit, priorities=json.dumps(priorities), neutral=NEUTRAL_PRIORITY)
    return conn.execute(
        f"""SELECT p.*, coalesce((%(priorities)s::jsonb ->> p.industry)::int, %(neutral)s) AS industry_priority,
                   (SELECT to_jsonb(t) FROM prospect_form_tests t WHERE t.prospect_id = p.id
                    ORDER BY t.test_submitted_at DESC LIMIT 1) AS form_test
            FROM prospect_candidates p WHERE {where}
            ORDER BY industry_priority DESC, p.automation_need_score DESC NULLS LAST, p.created_at, p.id
            LIMIT %(limit)s""",
        params,
    ).fetchall()


def audience_leads(conn: Conn, *, campaign_id: uuid.UUID | str, criteria: dict[str, Any],
                   limit: int) -> list[dict[str, Any]]:
    """The tenant's leads the campaign may write to next: the most urgent, then the newest."""
    where, params = _lead_filter(campaign_id, criteria)
    params["limit"] = limit
    return conn.execute(
        f"""SELECT l.* FROM lead_memory l WHERE {where}
            ORDER BY CASE l.urgency WHEN 'Élevée' THEN 0 WHEN 'Moyenne' THEN 1 ELSE 2 END,
                     l.created_at DESC, l.id
            LIMIT %(limit)s""",
        params,
    ).fetchall()


def audience_size(conn: Conn, *, campaign: Campaign) -> int:
    """How many recipients the campaign has not written to yet (tenant)."""
    if campaign.audience == "prospects":
        where, params = _prospect_filter(campaign.id, campaign.target_criteria)
        query = f"SELECT count(*) AS n FROM prospect_candidates p WHERE {where}"
    else:
        where, params = _lead_filter(campaign.id, campaign.target_criteria)
        query = f"SELECT count(*) AS n FROM lead_memory l WHERE {where}"
    row = conn.execute(query, params).fetchone()
    return int(row["n"]) if row else 0


def mark_prospect_contacted(conn: Conn, prospect_id: uuid.UUID | str) -> None:
    conn.execute("UPDATE prospect_candidates SET contacted = TRUE, updated_at = now() WHERE id = %s",
                 (prospect_id,))


def industry_priorities(conn: Conn) -> dict[str, int]:
    """Industry -> priority score 0–100 (service role: the statistics are shared)."""
    rows = conn.execute(
        "SELECT industry, priority_score FROM prospect_industry_performance WHERE priority_score IS NOT NULL"
    ).fetchall()
    return {r["industry"]: int(r["priority_score"]) for r in rows}


# -- the internal client -----------------------------------------------------------------

def ensure_internal_client(conn: Conn) -> Client:
    """The client the platform's own sales run as (clients.is_internal), created once (service role).

    It has no dashboard password: the agency runs its campaigns from the console. The
    oldest internal client wins when `clients create --internal` made several.
    """
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('matchbot.internal_client'))")
    row = conn.execute(
        f"SELECT {CLIENT_COLUMNS} FROM clients WHERE is_internal ORDER BY created_at LIMIT 1"
    ).fetchone()
    if row is not None:
        return Client.from_row(row)
    client, _keys = create_client(conn, business_name=INTERNAL_NAME, email=INTERNAL_EMAIL, password_hash=None,
                                  is_internal=True)
    return client


def postal_address(conn: Conn, client_id: uuid.UUID | str) -> str | None:
    """The client's postal address for e-mail footers (tenant: its own row)."""
    row = conn.execute("SELECT postal_address FROM clients WHERE client_id = %s", (client_id,)).fetchone()
    address = (row["postal_address"] or "").strip() if row else ""
    return address or None


def set_postal_address(conn: Conn, client_id: uuid.UUID | str, address: str) -> None:
    conn.execute("UPDATE clients SET postal_address = %s, updated_at = now() WHERE client_id = %s",
                 (address.strip() or None, client_id))


def recipient_row(conn: Conn, *, prospect_id: uuid.UUID | None, lead_id: uuid.UUID | None) -> dict[str, Any] | None:
    """A follow-up's recipient as the audience queries return it: the prospect with its latest
    form test, or the lead (tenant); None when it was deleted."""
    if prospect_id is not None:
        return conn.execute(
            """SELECT p.*, (SELECT to_jsonb(t) FROM prospect_form_tests t WHERE t.prospect_id = p.id
                            ORDER BY t.test_submitted_at DESC LIMIT 1) AS form_test
               FROM prospect_candidates p WHERE p.id = %s""",
            (prospect_id,),
        ).fetchone()
    if lead_id is not None:
        return conn.execute("SELECT * FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()
    return None


def campaign_owner(conn: Conn, campaign_id: uuid.UUID | str) -> uuid.UUID | None:
    """The client a campaign belongs to (service role: the CLI and the console look it up first)."""
    row = conn.execute("SELECT client_id FROM outreach_campaigns WHERE id = %s", (campaign_id,)).fetchone()
    return row["client_id"] if row else None
