"""Row Level Security: tenants never see or change each other's rows."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
import yaml

from bot.core.db import tenant_transaction

TENANT_TABLES: list[str] = yaml.safe_load((Path(__file__).parent / "manifest.yaml").read_text())[
    "tenant_tables"
]

# One INSERT per tenant table; parents of the same client are passed as parameters.
INSERTS = {
    "lead_memory": "INSERT INTO lead_memory (client_id, name) VALUES (%(client)s, 'x')",
    "lead_actions": "INSERT INTO lead_actions (lead_id, client_id, action_type) "
    "VALUES (%(lead)s, %(client)s, 'created')",
    "lead_notes": "INSERT INTO lead_notes (lead_id, client_id, note) VALUES (%(lead)s, %(client)s, 'n')",
    "growth_brain": "INSERT INTO growth_brain (client_id) VALUES (%(client)s)",
    "feedback_tracking": "INSERT INTO feedback_tracking (client_id, action_type, outcome) "
    "VALUES (%(client)s, 'user_action', 'neutral')",
    "performance_metrics": "INSERT INTO performance_metrics (client_id, event_type, metric_name) "
    "VALUES (%(client)s, 'api_response', 'response_time')",
    "prompt_performance": "INSERT INTO prompt_performance (client_id, execution_id) VALUES (%(client)s, 'e')",
    "outreach_campaigns": "INSERT INTO outreach_campaigns (client_id, name) VALUES (%(client)s, 'c')",
    "outreach_emails": "INSERT INTO outreach_emails (client_id, campaign_id) VALUES (%(client)s, %(campaign)s)",
    "outreach_tracking": "INSERT INTO outreach_tracking (client_id, email_id, action) "
    "VALUES (%(client)s, %(email)s, 'sent')",
    "outreach_metrics": "INSERT INTO outreach_metrics (client_id, campaign_id) "
    "VALUES (%(client)s, %(campaign2)s)",
    "integration_logs": "INSERT INTO integration_logs (client_id, endpoint, method) "
    "VALUES (%(client)s, '/api/lead', 'POST')",
    "prospect_candidates": "INSERT INTO prospect_candidates (client_id, business_name, website) "
    "VALUES (%(client)s, 'p', 'https://other.example')",
    "prospect_form_tests": "INSERT INTO prospect_form_tests (client_id, prospect_id, test_status) "
    "VALUES (%(client)s, %(prospect)s, 'failed')",
    "prospect_outreach_log": "INSERT INTO prospect_outreach_log (client_id, prospect_id) "
    "VALUES (%(client)s, %(prospect)s)",
    "prospect_discovery_runs": "INSERT INTO prospect_discovery_runs (client_id, provider, requested) "
    "VALUES (%(client)s, 'websites', 1)",
    "outreach_suppressions": "INSERT INTO outreach_suppressions (client_id, email, reason) "
    "VALUES (%(client)s, 'gone@example.org', 'manual')",
    "copilot_messages": "INSERT INTO copilot_messages (client_id, session_id, role, content) "
    "VALUES (%(client)s, %(session)s, 'user', 'm')",
    "copilot_actions": "INSERT INTO copilot_actions (client_id, session_id, tool, description, expires_at) "
    "VALUES (%(client)s, %(session)s, 'tag_lead', 'd', now())",
}


def _new_client(conn: psycopg.Connection, name: str) -> dict[str, object]:
    """A client with one row in every tenant table (inserted by the owner)."""
    client = conn.execute(
        "INSERT INTO clients (business_name, email, api_key, api_key_prefix) "
        "VALUES (%s, %s, %s, 'mb_x') RETURNING client_id",
        (name, f"{name}@example.test", uuid.uuid4().hex),
    ).fetchone()["client_id"]
    ids: dict[str, object] = {"client": client}
    ids["lead"] = conn.execute(
        "INSERT INTO lead_memory (client_id, name) VALUES (%s, 'parent') RETURNING id", (client,)
    ).fetchone()["id"]
    for key in ("campaign", "campaign2"):
        ids[key] = conn.execute(
            "INSERT INTO outreach_campaigns (client_id, name) VALUES (%s, 'parent') RETURNING id",
            (client,),
        ).fetchone()["id"]
    ids["prospect"] = conn.execute(
        "INSERT INTO prospect_candidates (client_id, business_name, website) "
        "VALUES (%s, 'parent', 'https://parent.example') RETURNING id", (client,),
    ).fetchone()["id"]
    ids["session"] = conn.execute(
        "INSERT INTO web_sessions (id, client_id, expires_at) VALUES (%s, %s, now()) RETURNING id",
        (uuid.uuid4().bytes * 2, client),
    ).fetchone()["id"]
    ids["email"] = conn.execute(
        "INSERT INTO outreach_emails (client_id, campaign_id) VALUES (%s, %s) RETURNING id",
        (client, ids["campaign"]),
    ).fetchone()["id"]
    for table, statement in INSERTS.items():
        if table != "growth_brain" or not conn.execute(
            "SELECT 1 FROM growth_brain WHERE client_id = %s", (client,)
        ).fetchone():
            conn.execute(statement, ids)
    return ids


@pytest.fixture
def tenants(conn: psycopg.Connection) -> tuple[dict[str, object], dict[str, object]]:
    return _new_client(conn, "alpha"), _new_client(conn, "beta")


def test_every_listed_tenant_table_has_an_insert() -> None:
    assert set(INSERTS) | {"clients"} == set(TENANT_TABLES)


def test_rls_is_enabled_and_forced_on_every_tenant_table(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relname = ANY(%s) AND relkind = 'r'",
        (TENANT_TABLES,),
    ).fetchall()
    assert {r["relname"] for r in rows} == set(TENANT_TABLES)
    assert all(r["relrowsecurity"] and r["relforcerowsecurity"] for r in rows)


def test_application_role_owns_nothing_and_cannot_bypass(conn: psycopg.Connection) -> None:
    role = conn.execute(
        "SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = 'matchbot_app'"
    ).fetchone()
    assert role == {"rolsuper": False, "rolbypassrls": False, "rolcreaterole": False}
    owned = conn.execute(
        "SELECT count(*) AS n FROM pg_class WHERE relowner = 'matchbot_app'::regrole"
    ).fetchone()
    assert owned["n"] == 0


def test_tenant_sees_only_its_own_rows(conn: psycopg.Connection, tenants) -> None:
    alpha, _beta = tenants
    for table in TENANT_TABLES:
        with tenant_transaction(conn, alpha["client"]):
            visible = conn.execute(f"SELECT client_id FROM {table}").fetchall()
        assert visible, table
        assert {r["client_id"] for r in visible} == {alpha["client"]}, table


def test_tenant_cannot_insert_update_or_delete_for_another(conn: psycopg.Connection, tenants) -> None:
    alpha, beta = tenants
    for table, statement in INSERTS.items():
        with (pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
              tenant_transaction(conn, alpha["client"])):
            conn.execute(statement, beta)
        with tenant_transaction(conn, alpha["client"]):
            updated = conn.execute(
                f"UPDATE {table} SET client_id = client_id WHERE client_id = %s", (beta["client"],)
            ).rowcount
            deleted = conn.execute(f"DELETE FROM {table} WHERE client_id = %s", (beta["client"],)).rowcount
        assert (updated, deleted) == (0, 0), table
        with (pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
              tenant_transaction(conn, alpha["client"])):
            conn.execute(f"UPDATE {table} SET client_id = %s", (beta["client"],))


def test_without_a_tenant_nothing_is_visible(conn: psycopg.Connection, tenants) -> None:
    for table in TENANT_TABLES:
        with conn.transaction():
            conn.execute("SET LOCAL ROLE matchbot_app")
            assert conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()["n"] == 0, table


def test_owner_without_superuser_sees_nothing_on_forced_tables(conn: psycopg.Connection, tenants) -> None:
    """FORCE makes RLS apply to the table owner as well (here: a non-superuser owner role)."""
    conn.execute("DROP ROLE IF EXISTS mb_owner_probe")
    conn.execute("CREATE ROLE mb_owner_probe NOLOGIN")
    try:
        conn.execute("ALTER TABLE lead_notes OWNER TO mb_owner_probe")
        with conn.transaction():
            conn.execute("SET LOCAL ROLE mb_owner_probe")
            assert conn.execute("SELECT count(*) AS n FROM lead_notes").fetchone()["n"] == 0
    finally:
        conn.execute("ALTER TABLE lead_notes OWNER TO CURRENT_USER")
        conn.execute("DROP ROLE mb_owner_probe")


def test_service_role_sees_every_tenant(conn: psycopg.Connection, tenants) -> None:
    from bot.core.db import service_transaction

    with service_transaction(conn):
        count = conn.execute("SELECT count(DISTINCT client_id) AS n FROM lead_notes").fetchone()["n"]
    assert count == 2
