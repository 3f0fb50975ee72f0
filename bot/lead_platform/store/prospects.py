"""Prospects of a client: import and discovery, site facts, automation-need scores, discovery runs.

Tenant functions run inside `tenant_transaction` (RLS keeps each client to its own
prospects); the few that read across clients say so and expect `service_transaction`.
A website is unique per client by its `site_key` (migration 0014): inserting a known one
is a no-op that returns None. Form tests are in store/form_tests.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from bot.core.connections import Conn

PROSPECT_COLUMNS = """id, client_id, business_name, website, contact_email, industry, region, language,
    form_url, last_tested, response_score, automation_need_score, automation_need_factors, contacted,
    metadata, site_status, site_error, site_checked_at, site_language, has_chat_widget, chat_widget,
    created_at, updated_at"""
_QUALIFIED = ", ".join(f"p.{c.strip()}" for c in PROSPECT_COLUMNS.split(","))
# Columns an import may set (the rest is derived: site facts, tests, scores).
IMPORT_COLUMNS = ("business_name", "website", "contact_email", "industry", "region", "language",
                  "form_url", "contacted", "metadata")
SITE_STATUSES = ("ok", "disallowed", "refused", "unreachable")


@dataclass(frozen=True)
class Prospect:
    """A prospect as stored."""

    id: uuid.UUID
    client_id: uuid.UUID
    business_name: str
    website: str
    contact_email: str | None
    industry: str | None
    region: str | None
    language: str | None
    form_url: str | None
    last_tested: datetime | None
    response_score: Any
    automation_need_score: int | None
    automation_need_factors: dict[str, Any]
    contacted: bool
    metadata: dict[str, Any]
    site_status: str | None
    site_error: str | None
    site_checked_at: datetime | None
    site_language: str | None
    has_chat_widget: bool | None
    chat_widget: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ProspectRow:
    """A prospect with its latest form test, for lists."""

    prospect: Prospect
    form_test_status: str | None
    form_test_score: int | None
    response_time_minutes: int | None
    has_autoresponder: bool | None = None
    autoresponder_tone: str | None = None
    failure_reason: str | None = None


@dataclass(frozen=True)
class NewProspect:
    """What an import or a discovery provider knows of a business (website already normalised)."""

    business_name: str
    website: str
    contact_email: str | None = None
    industry: str | None = None
    region: str | None = None
    language: str | None = None
    form_url: str | None = None
    contacted: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)


def add_prospect(conn: Conn, *, client_id: uuid.UUID | str, prospect: NewProspect) -> uuid.UUID | None:
    """Insert a prospect; None when the client already has this website."""
    row = conn.execute(
        """INSERT INTO prospect_candidates (client_id, business_name, website, contact_email, industry,
               region, language, form_url, contacted, metadata)
           VALUES (%(client_id)s, %(business_name)s, %(website)s, %(contact_email)s, %(industry)s,
               %(region)s, %(language)s, %(form_url)s, %(contacted)s, %(metadata)s)
           ON CONFLICT ON CONSTRAINT prospect_candidates_website_unique DO NOTHING
           RETURNING id""",
        {"client_id": client_id, "business_name": prospect.business_name, "website": prospect.website,
         "contact_email": prospect.contact_email, "industry": prospect.industry, "region": prospect.region,
         "language": prospect.language, "form_url": prospect.form_url, "contacted": prospect.contacted,
         "metadata": Jsonb(prospect.metadata)},
    ).fetchone()
    return row["id"] if row else None


def known_site_keys(conn: Conn, *, client_id: uuid.UUID | str, keys: Iterable[str]) -> set[str]:
    """Which of these site keys the client already has as prospects."""
    rows = conn.execute(
        "SELECT site_key FROM prospect_candidates WHERE client_id = %s AND site_key = ANY(%s)",
        (client_id, list(keys)),
    ).fetchall()
    return {r["site_key"] for r in rows}


def get_prospect(conn: Conn, prospect_id: uuid.UUID | str) -> Prospect | None:
    row = conn.execute(f"SELECT {PROSPECT_COLUMNS} FROM prospect_candidates WHERE id = %s",
                       (prospect_id,)).fetchone()
    return Prospect(**row) if row else None


def list_prospects(conn: Conn, *, limit: int = 50, offset: int = 0) -> list[ProspectRow]:
    """The tenant's prospects, highest automation need first, with their latest form test."""
    rows = conn.execute(
        f"""SELECT {_QUALIFIED}, t.test_status, t.score AS test_score, t.response_time_minutes,
                   t.has_autoresponder, t.autoresponder_tone, t.failure_reason
            FROM prospect_candidates p
            LEFT JOIN LATERAL (
                SELECT test_status, score, response_time_minutes, has_autoresponder, autoresponder_tone,
                       failure_reason FROM prospect_form_tests
                WHERE prospect_id = p.id ORDER BY test_submitted_at DESC LIMIT 1) t ON TRUE
            ORDER BY p.automation_need_score DESC NULLS LAST, p.created_at DESC, p.id
            LIMIT %s OFFSET %s""",
        (limit, offset),
    ).fetchall()
    test_columns = ("test_status", "test_score", "response_time_minutes", "has_autoresponder",
                    "autoresponder_tone", "failure_reason")
    return [ProspectRow(Prospect(**{k: v for k, v in r.items() if k not in test_columns}),
                        *(r[k] for k in test_columns)) for r in rows]


def unchecked_prospects(conn: Conn, *, limit: int) -> list[uuid.UUID]:
    """Prospects whose homepage has not been read yet, oldest first."""
    rows = conn.execute(
        "SELECT id FROM prospect_candidates WHERE site_checked_at IS NULL ORDER BY created_at LIMIT %s",
        (limit,),
    ).fetchall()
    return [r["id"] for r in rows]


def untested_with_form(conn: Conn, *, limit: int) -> list[uuid.UUID]:
    """Prospects with a contact form that was never tested, highest automation need first."""
    rows = conn.execute(
        """SELECT p.id FROM prospect_candidates p
           WHERE p.form_url IS NOT NULL AND p.site_status = 'ok'
             AND NOT EXISTS (SELECT 1 FROM prospect_form_tests t WHERE t.prospect_id = p.id)
           ORDER BY p.automation_need_score DESC NULLS LAST, p.created_at LIMIT %s""",
        (limit,),
    ).fetchall()
    return [r["id"] for r in rows]


def save_site_facts(
    conn: Conn,
    prospect_id: uuid.UUID | str,
    *,
    status: str,
    error: str | None = None,
    site_language: str | None = None,
    contact_email: str | None = None,
    form_url: str | None = None,
    has_chat_widget: bool | None = None,
    chat_widget: str | None = None,
    business_name: str | None = None,
) -> None:
    """Record what the homepage said. What an import or a person set (e-mail, form, language,
    a name not guessed from the domain) is kept; a failed read keeps the previous facts."""
    conn.execute(
        """UPDATE prospect_candidates SET
               site_status = %(status)s, site_error = %(error)s, site_checked_at = now(), updated_at = now(),
               site_language = CASE WHEN %(ok)s THEN %(site_language)s ELSE site_language END,
               has_chat_widget = CASE WHEN %(ok)s THEN %(chat)s ELSE has_chat_widget END,
               chat_widget = CASE WHEN %(ok)s THEN %(widget)s ELSE chat_widget END,
               contact_email = coalesce(contact_email, %(email)s),
               form_url = coalesce(form_url, %(form_url)s),
               language = coalesce(language, CASE WHEN %(site_language)s IN ('en', 'fr')
                                                  THEN %(site_language)s END),
               business_name = CASE WHEN metadata ->> 'name_source' = 'domain' AND %(name)s::text IS NOT NULL
                                    THEN %(name)s ELSE business_name END,
               metadata = CASE WHEN metadata ->> 'name_source' = 'domain' AND %(name)s::text IS NOT NULL
                               THEN metadata - 'name_source' ELSE metadata END
           WHERE id = %(id)s""",
        {"id": prospect_id, "status": status, "error": error, "ok": status == "ok",
         "site_language": site_language, "chat": has_chat_widget, "widget": chat_widget,
         "email": contact_email, "form_url": form_url, "name": business_name},
    )


def score_inputs(conn: Conn, prospect_ids: Iterable[uuid.UUID] | None = None) -> list[dict[str, Any]]:
    """What the automation-need score reads, per prospect (all the tenant's when no ids are given)."""
    ids = None if prospect_ids is None else list(prospect_ids)
    return conn.execute(
        """SELECT p.id, p.industry, p.site_status, p.form_url, p.contact_email, p.has_chat_widget,
                  p.automation_need_score, p.automation_need_factors,
                  t.test_status, t.score AS test_score, t.response_time_minutes, t.autoresponder_tone
           FROM prospect_candidates p
           LEFT JOIN LATERAL (
               SELECT test_status, score, response_time_minutes, autoresponder_tone FROM prospect_form_tests
               WHERE prospect_id = p.id ORDER BY test_submitted_at DESC LIMIT 1) t ON TRUE
           WHERE %(ids)s::uuid[] IS NULL OR p.id = ANY(%(ids)s::uuid[])""",
        {"ids": ids},
    ).fetchall()


def set_automation_need(conn: Conn, prospect_id: uuid.UUID, *, score: int, factors: Mapping[str, Any]) -> bool:
    """Store a score and its factors; False when they were already these."""
    cur = conn.execute(
        """UPDATE prospect_candidates
           SET automation_need_score = %(score)s, automation_need_factors = %(factors)s, updated_at = now()
           WHERE id = %(id)s AND (automation_need_score IS DISTINCT FROM %(score)s
                                  OR automation_need_factors IS DISTINCT FROM %(factors)s)""",
        {"id": prospect_id, "score": score, "factors": Jsonb(dict(factors))},
    )
    return cur.rowcount == 1


def industry_reply_rates(conn: Conn) -> dict[str, tuple[float | None, int]]:
    """Industry → (observed reply rate in %, prospects contacted), across clients (service role)."""
    rows = conn.execute(
        "SELECT industry, reply_rate, total_contacted FROM prospect_industry_performance").fetchall()
    return {r["industry"].lower(): (None if r["reply_rate"] is None else float(r["reply_rate"]),
                                    r["total_contacted"]) for r in rows}


def industry_priorities(conn: Conn, industries: Iterable[str]) -> dict[str, int]:
    """Priority score (0-100) of each industry that has one (service role)."""
    rows = conn.execute(
        """SELECT lower(industry) AS industry, priority_score FROM prospect_industry_performance
           WHERE lower(industry) = ANY(%s) AND priority_score IS NOT NULL""",
        ([i.lower() for i in industries],),
    ).fetchall()
    return {r["industry"]: r["priority_score"] for r in rows}


def clients_with_prospects(conn: Conn) -> list[uuid.UUID]:
    """Every client that has prospects (service role)."""
    return [r["client_id"] for r in conn.execute("SELECT DISTINCT client_id FROM prospect_candidates")]


# -- discovery runs ---------------------------------------------------------------------


def start_run(conn: Conn, *, client_id: uuid.UUID | str, provider: str, requested: int) -> uuid.UUID:
    row = conn.execute(
        """INSERT INTO prospect_discovery_runs (client_id, provider, requested)
           VALUES (%s, %s, %s) RETURNING id""",
        (client_id, provider, requested),
    ).fetchone()
    assert row is not None
    return uuid.UUID(str(row["id"]))


def finish_run(conn: Conn, run_id: uuid.UUID, *, added: int, duplicates: int, cursors: Mapping[str, str],
               error: str | None = None) -> None:
    conn.execute(
        """UPDATE prospect_discovery_runs
           SET added = %s, duplicates = %s, cursors = %s, error = %s, finished_at = now(),
               status = CASE WHEN %s::text IS NULL THEN 'completed' ELSE 'failed' END
           WHERE id = %s""",
        (added, duplicates, Jsonb(dict(cursors)), error, error, run_id),
    )


def last_cursors(conn: Conn, *, provider: str) -> dict[str, str]:
    """Where the tenant's last run of this provider stopped (empty for a first run)."""
    row = conn.execute(
        """SELECT cursors FROM prospect_discovery_runs
           WHERE provider = %s AND finished_at IS NOT NULL
           ORDER BY finished_at DESC LIMIT 1""",
        (provider,),
    ).fetchone()
    return dict(row["cursors"]) if row else {}
