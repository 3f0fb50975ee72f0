"""The lead management API (/api/leads) and tenant isolation through it and through SQL."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.core.db import tenant_transaction
from tests.bot.lead_platform.leadkit import Tenant, post_lead


def test_manage_a_lead_and_read_its_journal(api: TestClient, alpha: Tenant, conn: psycopg.Connection) -> None:
    h = alpha.secret_headers
    lead_id = post_lead(api, alpha).json()["lead_id"]
    assert api.post(f"/api/leads/{lead_id}/tag", json={"tag": "Lead Chaud", "performed_by": "marie"}, headers=h).json()["lead"]["current_tag"] == "Lead Chaud"
    assert api.post(f"/api/leads/{lead_id}/archive", headers=h).json()["lead"]["archived"] is True
    assert api.post(f"/api/leads/{lead_id}/reactivate", headers=h).json()["lead"]["archived"] is False
    assert api.post(f"/api/leads/{lead_id}/convert", json={"performed_by": "marie"}, headers=h).json()["lead"]["current_tag"] == "Converti"
    assert api.post(f"/api/leads/{lead_id}/revert", json={"performed_by": "marie"}, headers=h).status_code == 422
    reverted = api.post(f"/api/leads/{lead_id}/revert", json={"reason": "Payment cancelled", "performed_by": "marie"}, headers=h)
    assert reverted.status_code == 200 and reverted.json()["lead"]["current_tag"] is None
    note = api.post(f"/api/leads/{lead_id}/notes", json={"note": "Rappeler lundi", "performed_by": "marie"}, headers=h)
    assert note.status_code == 201
    note_id = note.json()["note"]["id"]
    edited = api.patch(f"/api/leads/{lead_id}/notes/{note_id}", json={"note": "Rappeler mardi", "performed_by": "paul"}, headers=h)
    assert edited.json()["note"]["note"] == "Rappeler mardi"
    assert api.post(f"/api/leads/{lead_id}/delete", headers=h).json()["lead"]["deleted"] is True
    detail = api.get(f"/api/leads/{lead_id}", headers=h).json()
    assert [n["note"] for n in detail["notes"]] == ["Rappeler mardi"]
    assert api.delete(f"/api/leads/{lead_id}/notes/{note_id}?performed_by=paul", headers=h).status_code == 204
    journal = [(a["action_type"], a["performed_by"]) for a in api.get(f"/api/leads/{lead_id}", headers=h).json()["actions"]]
    assert list(reversed(journal)) == [
        ("created", "api"), ("tagged", "marie"), ("archived", "api"), ("reactivated", "api"),
        ("converted", "marie"), ("reverted", "marie"), ("note_added", "marie"), ("note_edited", "paul"),
        ("deleted", "api"), ("note_deleted", "paul"),
    ]
    rows = conn.execute("SELECT conversion_outcome, reversion_reason FROM lead_actions "
                        "WHERE action_type IN ('converted', 'reverted') ORDER BY timestamp").fetchall()
    assert rows == [{"conversion_outcome": True, "reversion_reason": None},
                    {"conversion_outcome": False, "reversion_reason": "Payment cancelled"}]
    outcomes = conn.execute("SELECT outcome FROM feedback_tracking WHERE action_type = 'lead_conversion' "
                            "ORDER BY created_at").fetchall()
    assert [o["outcome"] for o in outcomes] == ["positive", "negative"]
    assert len(api.get("/api/leads/actions", headers=h).json()["actions"]) == 10


def test_list_filters_and_search(api: TestClient, alpha: Tenant, conn: psycopg.Connection) -> None:
    h = alpha.secret_headers
    ids = [post_lead(api, alpha, name=n, email=f"{n.lower()}@example.org", message=m, language=lang).json()["lead_id"]
           for n, m, lang in [("Awa", "tarifs 100% clairs ?", "fr"), ("Bob", "book a demo", "en"), ("Chloé", "rien", "fr")]]
    conn.execute("UPDATE lead_memory SET intent = 'Pricing request', urgency = 'Moyenne' WHERE id = %s", (ids[0],))
    api.post(f"/api/leads/{ids[1]}/tag", json={"tag": "Lead Chaud"}, headers=h)
    api.post(f"/api/leads/{ids[2]}/archive", headers=h)

    def names(**params: str) -> list[str]:
        return sorted(lead["name"] for lead in api.get("/api/leads", params=params, headers=h).json()["leads"])

    assert names() == ["Awa", "Bob"]
    assert names(status="archived") == ["Chloé"] and names(status="all") == ["Awa", "Bob", "Chloé"]
    assert names(intent="Pricing request") == ["Awa"] and names(urgency="Moyenne") == ["Awa"]
    assert names(tag="Lead Chaud") == ["Bob"] and names(language="en") == ["Bob"]
    assert names(q="DEMO") == ["Bob"] and names(q="100%") == ["Awa"] and names(q="_") == []
    assert names(q="%") == ["Awa"] and names(q="\\") == []  # a typed %, _ or \ is no wildcard
    assert api.get("/api/leads", params={"status": "bogus"}, headers=h).status_code == 422


def test_api_requires_a_valid_key(api: TestClient, alpha: Tenant) -> None:
    assert api.get("/api/leads").status_code == 401
    assert api.get("/api/leads", headers={"X-API-Key": "mb_live_nope"}).status_code == 401


def test_tenants_cannot_read_or_change_each_other_through_the_api(api: TestClient, alpha: Tenant, beta: Tenant,
                                                                   conn: psycopg.Connection) -> None:
    a_lead = post_lead(api, alpha, name="Alpha lead").json()["lead_id"]
    b_lead = post_lead(api, beta, name="Beta lead").json()["lead_id"]
    note = api.post(f"/api/leads/{a_lead}/notes", json={"note": "secret alpha"}, headers=alpha.secret_headers).json()["note"]
    hb = beta.secret_headers
    assert [lead["name"] for lead in api.get("/api/leads", params={"status": "all"}, headers=hb).json()["leads"]] == ["Beta lead"]
    assert api.get(f"/api/leads/{a_lead}", headers=hb).status_code == 404
    for path in ("tag", "archive", "delete", "reactivate", "convert", "reanalyze"):
        assert api.post(f"/api/leads/{a_lead}/{path}", json={"tag": "x"}, headers=hb).status_code == 404, path
    assert api.post(f"/api/leads/{a_lead}/revert", json={"reason": "x"}, headers=hb).status_code == 404
    assert api.post(f"/api/leads/{a_lead}/notes", json={"note": "x"}, headers=hb).status_code == 404
    assert api.patch(f"/api/leads/{a_lead}/notes/{note['id']}", json={"note": "x"}, headers=hb).status_code == 404
    assert api.patch(f"/api/leads/{b_lead}/notes/{note['id']}", json={"note": "x"}, headers=hb).status_code == 404
    assert api.delete(f"/api/leads/{a_lead}/notes/{note['id']}", headers=hb).status_code == 404
    assert all(a["lead_id"] == b_lead for a in api.get("/api/leads/actions", headers=hb).json()["actions"])
    # Nothing of alpha's changed.
    lead = conn.execute("SELECT archived, deleted, current_tag FROM lead_memory WHERE id = %s", (a_lead,)).fetchone()
    assert lead == {"archived": False, "deleted": False, "current_tag": None}
    assert conn.execute("SELECT note FROM lead_notes WHERE id = %s", (note["id"],)).fetchone()["note"] == "secret alpha"
    assert conn.execute("SELECT count(*) AS n FROM lead_actions WHERE lead_id = %s", (a_lead,)).fetchone()["n"] == 2


def test_tenants_are_isolated_in_sql_as_the_application_role(api: TestClient, alpha: Tenant, beta: Tenant,
                                                             conn: psycopg.Connection) -> None:
    a_lead = post_lead(api, alpha).json()["lead_id"]
    api.post(f"/api/leads/{a_lead}/notes", json={"note": "n"}, headers=alpha.secret_headers)
    post_lead(api, beta)
    for table in ("lead_memory", "lead_actions", "lead_notes", "integration_logs", "clients"):
        with tenant_transaction(conn, beta.client_id):
            rows = conn.execute(f"SELECT client_id FROM {table}").fetchall()
        assert {r["client_id"] for r in rows} <= {beta.client_id}, table
    with tenant_transaction(conn, beta.client_id):
        assert conn.execute("UPDATE lead_memory SET archived = TRUE WHERE id = %s", (a_lead,)).rowcount == 0
        assert conn.execute("DELETE FROM lead_notes WHERE lead_id = %s", (a_lead,)).rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege), tenant_transaction(conn, beta.client_id):
        conn.execute("INSERT INTO lead_notes (lead_id, client_id, note) VALUES (%s, %s, 'x')",
                     (a_lead, alpha.client_id))
