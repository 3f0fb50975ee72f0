"""The client dashboard: sign-in (CSRF, throttle, cookie), lead pages and actions, tenant isolation."""

from __future__ import annotations

import re

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.core.settings import Settings
from bot.lead_platform.dashboard.auth import web
from tests.bot.lead_platform.leadkit import Tenant, post_lead

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, page
    return match.group(1)


def sign_in(api: TestClient, tenant: Tenant, *, password: str | None = None) -> tuple[int, str]:
    token = csrf_of(api.get("/dashboard/login").text)
    response = api.post("/dashboard/login", data={"csrf_token": token, "email": tenant.email.upper(),
                                                   "password": password or tenant.password},
                        follow_redirects=False)
    return response.status_code, response.text


def test_sign_in_sets_a_safe_cookie_and_shows_only_own_leads(api: TestClient, alpha: Tenant, beta: Tenant) -> None:
    post_lead(api, alpha, name="Alpha Person")
    post_lead(api, beta, name="Beta Person")
    assert api.get("/dashboard/leads", follow_redirects=False).headers["location"] == "/dashboard/login"
    token = csrf_of(api.get("/dashboard/login").text)
    response = api.post("/dashboard/login", data={"csrf_token": token, "email": alpha.email,
                                                   "password": alpha.password}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dashboard/leads"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Path=/dashboard" in cookie
    page = api.get("/dashboard/leads")
    assert page.status_code == 200 and "Alpha Person" in page.text and "Beta Person" not in page.text
    assert "Leads" in page.text and "Se déconnecter" in page.text  # alpha's language is French
    assert api.get("/dashboard/activity").status_code == 200


def test_post_forms_need_the_csrf_token(api: TestClient, alpha: Tenant) -> None:
    lead_id = post_lead(api, alpha).json()["lead_id"]
    assert api.post("/dashboard/login", data={"email": alpha.email, "password": alpha.password}).status_code == 403
    assert sign_in(api, alpha)[0] == 303
    assert api.post(f"/dashboard/leads/{lead_id}/tag", data={"tag": "x"}).status_code == 403
    assert api.post(f"/dashboard/leads/{lead_id}/tag", data={"tag": "x", "csrf_token": "forged"}).status_code == 403


def _from(api: TestClient, address: str) -> TestClient:
    """The same app, reached from another address (no cookies)."""
    return TestClient(api.app, base_url=str(api.base_url), client=(address, 50000))


@pytest.fixture
def frozen_throttle(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The login throttle's clock stands still: a delay never runs out during the test."""
    monkeypatch.setattr(web(api.app).throttle, "clock", lambda: 1000.0)


@pytest.mark.usefixtures("frozen_throttle")
def test_wrong_passwords_are_refused_then_slowed_down(api: TestClient, alpha: Tenant) -> None:
    codes = [sign_in(api, alpha, password="wrong password")[0] for _ in range(5)]
    assert codes == [401] * 5
    status, text = sign_in(api, alpha)  # even the right password waits now, from this address
    assert status == 429 and ("Réessayez" in text or "Try again" in text)
    unknown = Tenant(alpha.client_id, "", "nobody@example.test")
    assert sign_in(api, unknown)[0] == 429  # whatever the account
    assert sign_in(_from(api, "198.51.100.9"), unknown)[0] == 401


@pytest.mark.usefixtures("frozen_throttle")
def test_a_strangers_failures_do_not_lock_the_owner_out(api: TestClient, alpha: Tenant) -> None:
    stranger = _from(api, "203.0.113.66")
    codes = [sign_in(stranger, alpha, password="wrong password")[0] for _ in range(10)]
    assert codes == [401] * 5 + [429] * 5
    assert sign_in(_from(api, "198.51.100.7"), alpha)[0] == 303  # the owner, from elsewhere
    assert sign_in(stranger, alpha)[0] == 429


@pytest.mark.usefixtures("frozen_throttle")
def test_an_account_is_slowed_down_at_a_much_higher_threshold(
        api: TestClient, alpha: Tenant, lead_settings: Settings) -> None:
    limit = lead_settings.login_account_free_attempts
    assert limit >= 10 * lead_settings.login_free_attempts
    for n in range(limit):
        assert sign_in(_from(api, f"10.7.{n // 200}.{n % 200 + 1}"), alpha, password="wrong password")[0] == 401
    assert sign_in(_from(api, "198.51.100.8"), alpha)[0] == 429


def test_tampered_cookie_is_a_signed_out_visitor(api: TestClient, alpha: Tenant) -> None:
    assert sign_in(api, alpha)[0] == 303
    value = api.cookies.get("mb_dashboard")
    api.cookies.clear()
    body, _, mac = value.partition(".")
    api.cookies.set("mb_dashboard", body + "." + mac[::-1], path="/dashboard")
    assert api.get("/dashboard/leads", follow_redirects=False).status_code == 303


def test_lead_actions_from_the_dashboard(api: TestClient, alpha: Tenant, conn: psycopg.Connection) -> None:
    lead_id = post_lead(api, alpha, name="Awa").json()["lead_id"]
    assert sign_in(api, alpha)[0] == 303
    page = api.get(f"/dashboard/leads/{lead_id}")
    assert page.status_code == 200 and "Awa" in page.text
    token = csrf_of(page.text)

    def post(path: str, **data: str) -> int:
        return api.post(f"/dashboard/leads/{lead_id}/{path}", data={"csrf_token": token, **data},
                        follow_redirects=False).status_code

    assert post("tag", tag="Lead Chaud") == 303
    assert post("reanalyze") == 303
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'enrich_lead'").fetchone()["n"] == 2
    assert post("state", action="archived") == 303
    assert post("state", action="reactivated") == 303
    assert post("convert") == 303
    assert post("revert", reason="") == 303  # refused with a flash message, nothing recorded
    assert post("revert", reason="Client a annulé") == 303
    assert post("notes", note="Première note") == 303
    note_id = conn.execute("SELECT id FROM lead_notes WHERE lead_id = %s", (lead_id,)).fetchone()["id"]
    assert post(f"notes/{note_id}/edit", note="Note modifiée") == 303
    assert "Note modifiée" in api.get(f"/dashboard/leads/{lead_id}").text
    assert post(f"notes/{note_id}/delete") == 303
    assert post("state", action="deleted") == 303
    rows = conn.execute("SELECT action_type, performed_by, reversion_reason FROM lead_actions WHERE lead_id = %s "
                        "ORDER BY timestamp", (lead_id,)).fetchall()
    assert [r["action_type"] for r in rows] == ["created", "tagged", "reanalysis_requested", "archived", "reactivated", "converted",
                                                "reverted", "note_added", "note_edited", "note_deleted", "deleted"]
    assert {r["performed_by"] for r in rows[1:]} == {alpha.email}
    assert rows[6]["reversion_reason"] == "Client a annulé"
    assert "fait." in api.get(f"/dashboard/leads/{lead_id}").text  # flash message, in French


def test_dashboard_cannot_reach_another_tenants_lead(api: TestClient, alpha: Tenant, beta: Tenant,
                                                     conn: psycopg.Connection) -> None:
    b_lead = post_lead(api, beta, name="Beta Person").json()["lead_id"]
    assert sign_in(api, alpha)[0] == 303
    page = api.get(f"/dashboard/leads/{b_lead}")
    assert page.status_code == 404 and "Beta Person" not in page.text
    token = csrf_of(api.get("/dashboard/leads").text)
    for path, data in [("tag", {"tag": "x"}), ("state", {"action": "deleted"}), ("convert", {}),
                       ("revert", {"reason": "x"}), ("notes", {"note": "x"})]:
        response = api.post(f"/dashboard/leads/{b_lead}/{path}", data={"csrf_token": token, **data},
                            follow_redirects=False)
        assert response.status_code == 404, path
    assert "Beta Person" not in api.get("/dashboard/leads?status=all&q=Beta").text
    assert "Beta Person" not in api.get("/dashboard/activity").text
    lead = conn.execute("SELECT deleted, current_tag FROM lead_memory WHERE id = %s", (b_lead,)).fetchone()
    assert lead == {"deleted": False, "current_tag": None}
    assert conn.execute("SELECT count(*) AS n FROM lead_notes").fetchone()["n"] == 0


def test_sign_out(api: TestClient, alpha: Tenant) -> None:
    assert sign_in(api, alpha)[0] == 303
    token = csrf_of(api.get("/dashboard/leads").text)
    assert api.post("/dashboard/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert api.get("/dashboard/leads", follow_redirects=False).status_code == 303
    assert api.get("/web-static/style.css").status_code == 200
    assert api.get("/web-static/..%2Fsessions.py").status_code == 404
