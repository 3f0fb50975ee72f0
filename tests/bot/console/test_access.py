"""Console access: login redirects, CSRF, roles, throttling, forced password change."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.console.users import create_admin
from bot.console.web import web
from bot.core.settings import Settings
from tests.bot.console.conftest import (
    PASSWORD,
    Account,
    csrf_of,
    member,
    module_fixtures,
    sign_in,
    token,
)

db_url, settings, app_client = module_fixtures()

PAGES = [
    "/admin",
    "/admin/inbox",
    "/admin/inbox/rows",
    "/admin/inbox/counts",
    "/admin/conversations/1",
    "/admin/conversations/1/thread",
    "/admin/profiles",
    "/admin/profiles/new",
    "/admin/profiles/1",
    "/admin/knowledge",
    "/admin/knowledge/new",
    "/admin/contacts",
    "/admin/contacts/1",
    "/admin/analytics",
    "/admin/config",
    "/admin/users",
    "/admin/simulator",
    "/admin/simulator/messages",
    "/admin/password",
    "/admin/review",
]
POSTS = [
    "/admin/conversations/1/take-over",
    "/admin/conversations/1/release",
    "/admin/conversations/1/reply",
    "/admin/profiles/save",
    "/admin/config",
    "/admin/contacts/1/approve",
    "/admin/simulator/send",
    "/admin/conversations/1/messages/1/meaning",
    "/admin/conversations/1/messages/1/meaning/delete",
    "/admin/conversations/1/reviewed",
]


def test_every_page_redirects_to_login_without_a_session(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] in ("/admin/login", "/admin/inbox"), path
    for path in POSTS:
        response = client.post(path, data={}, follow_redirects=False)
        assert response.status_code in (303, 403), path
    assert client.get("/admin/login").status_code == 200
    assert client.get("/admin/static/admin.css").status_code == 200
    assert client.get("/admin/static/..%2Fusers.py").status_code == 404


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(
    client: TestClient, admin_account: Account
) -> None:
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login",
        data={
            "csrf_token": csrf_of(page.text),
            "email": admin_account.email.upper(),
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/inbox"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/admin" in cookie
    assert client.get("/admin/inbox").status_code == 200
    out = client.post("/admin/logout", data={"csrf_token": token(client)}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/admin/inbox", follow_redirects=False).status_code == 303


def test_forms_without_their_csrf_token_are_rejected(
    client: TestClient, admin_account: Account, conn: psycopg.Connection
) -> None:
    assert (
        client.post(
            "/admin/login", data={"email": admin_account.email, "password": PASSWORD}
        ).status_code
        == 403
    )
    assert sign_in(client, admin_account) == 303
    lead_id = member(conn)
    for path, data in [
        (f"/admin/conversations/{lead_id}/take-over", {}),
        (f"/admin/conversations/{lead_id}/reply", {"text": "hello"}),
        ("/admin/config", {"currency": "EUR"}),
        ("/admin/simulator/send", {"text": "x"}),
    ]:
        assert client.post(path, data=data).status_code == 403, path
        assert client.post(path, data={**data, "csrf_token": "forged"}).status_code == 403, path
    lead = conn.execute("SELECT assigned_admin_id FROM leads WHERE id = %s", (lead_id,)).fetchone()
    assert lead["assigned_admin_id"] is None
    assert (
        conn.execute(
            "SELECT count(*) AS n FROM conversations WHERE sender_type = 'admin' AND lead_id = %s",
            (lead_id,),
        ).fetchone()["n"]
        == 0
    )


def test_an_agent_cannot_change_configuration_or_manage_accounts(
    client: TestClient, agent_account: Account, conn: psycopg.Connection
) -> None:
    assert sign_in(client, agent_account) == 303
    csrf = token(client)
    assert client.get("/admin/config").status_code == 403
    assert (
        client.post(
            "/admin/config", data={"csrf_token": csrf, "currency": "EUR", "contact_price": "1"}
        ).status_code
        == 403
    )
    assert client.get("/admin/users").status_code == 403
    assert (
        client.post(
            "/admin/users",
            data={"csrf_token": csrf, "email": "x@y.z", "password": "p" * 12, "role": "admin"},
        ).status_code
        == 403
    )
    assert (
        conn.execute("SELECT value FROM configuration WHERE key = 'currency'").fetchone()["value"]
        == "XAF"
    )
    assert (
        conn.execute("SELECT count(*) AS n FROM admin_users WHERE email = 'x@y.z'").fetchone()["n"]
        == 0
    )
    assert 'href="/admin/config"' not in client.get("/admin/inbox").text


def _from(client: TestClient, address: str) -> TestClient:
    """The same app, reached from another address (no cookies)."""
    return TestClient(client.app, base_url=str(client.base_url), client=(address, 50000))


@pytest.fixture
def frozen_throttle(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The login throttle's clock stands still: a delay never runs out during the test."""
    monkeypatch.setattr(web(client.app).throttle, "clock", lambda: 1000.0)


@pytest.mark.usefixtures("frozen_throttle")
def test_repeated_failures_are_slowed_down(
    client: TestClient, admin_account: Account, agent_account: Account, conn: psycopg.Connection
) -> None:
    address = _from(client, "203.0.113.5")
    codes = [sign_in(address, admin_account, password="wrong password!") for _ in range(5)]
    assert codes == [401] * 5
    assert sign_in(address, admin_account) == 429  # even the right password waits now
    assert sign_in(address, agent_account) == 429  # and every other account from there
    row = conn.execute(
        "SELECT failed_login_count, locked_until IS NOT NULL AS locked FROM admin_users WHERE id = %s",
        (admin_account.id,),
    ).fetchone()
    assert row == {"failed_login_count": 5, "locked": False}  # the account itself is not locked


@pytest.mark.usefixtures("frozen_throttle")
def test_a_strangers_failures_do_not_lock_the_owner_out(client: TestClient, admin_account: Account) -> None:
    stranger = _from(client, "203.0.113.66")
    codes = [sign_in(stranger, admin_account, password="wrong password!") for _ in range(10)]
    assert codes == [401] * 5 + [429] * 5
    assert sign_in(_from(client, "198.51.100.7"), admin_account) == 303  # the owner, from elsewhere
    assert sign_in(stranger, admin_account) == 429  # the stranger's address still waits


@pytest.mark.usefixtures("frozen_throttle")
def test_an_account_is_slowed_down_at_a_much_higher_threshold(
    client: TestClient, admin_account: Account, settings: Settings, conn: psycopg.Connection
) -> None:
    """Guesses spread over many addresses: the account (in the database, for every process)."""
    limit = settings.login_account_free_attempts
    assert limit >= 10 * settings.login_free_attempts
    for n in range(limit):
        assert sign_in(_from(client, f"10.7.{n // 200}.{n % 200 + 1}"), admin_account,
                       password="wrong password!") == 401
    assert sign_in(_from(client, "198.51.100.8"), admin_account) == 429
    row = conn.execute("SELECT failed_login_count, locked_until IS NOT NULL AS locked FROM admin_users "
                       "WHERE id = %s", (admin_account.id,)).fetchone()
    assert row == {"failed_login_count": limit, "locked": True}  # and across processes


def test_a_new_account_must_change_its_password_first(
    client: TestClient, conn: psycopg.Connection
) -> None:
    account = Account(
        create_admin(
            conn, email="new@agence.test", password="provisional-123", must_change_password=True
        ),
        "new@agence.test",
        "provisional-123",
    )
    assert sign_in(client, account) == 303
    assert (
        client.get("/admin/inbox", follow_redirects=False).headers["location"] == "/admin/password"
    )
    csrf = csrf_of(client.get("/admin/password").text)
    bad = client.post(
        "/admin/password",
        data={"csrf_token": csrf, "current": "provisional-123", "new": "short", "confirm": "short"},
    )
    assert bad.status_code == 400
    good = client.post(
        "/admin/password",
        data={
            "csrf_token": csrf,
            "current": "provisional-123",
            "new": "a much better secret",
            "confirm": "a much better secret",
        },
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert client.get("/admin/inbox").status_code == 200


@pytest.mark.parametrize("role", ["admin"])
def test_admin_saves_configuration(
    client: TestClient, admin_account: Account, conn: psycopg.Connection, role: str
) -> None:
    assert sign_in(client, admin_account) == 303
    csrf = csrf_of(client.get("/admin/config").text)
    form = {
        "csrf_token": csrf,
        "agency_name": "Cœurs Unis",
        "admin_phone": "+237 699 00 00 00",
        "contact_price": "20000",
        "currency": "xaf",
        "minimum_age": "21",
        "auto_release_minutes": "15",
        "bot_enabled": "yes",
        "welcome_message_fr": "Bienvenue !",
        "welcome_message_en": "",
        "payment_instructions_fr": "Payez par MoMo",
        "payment_instructions_en": "Pay by MoMo",
        "whatsapp_templates": '{"admin": {"content_sid": "HX1", "variables": ["text"]}}',
        "handback_minutes": "30",
        "adviser_day": ["1", "2", "3", "4", "5"],
        "adviser_start": "09:00",
        "adviser_end": "18:30",
        "adviser_timezone": "Africa/Abidjan",
    }
    assert client.post("/admin/config", data=form, follow_redirects=False).status_code == 303
    config = {r["key"]: r for r in conn.execute("SELECT key, value, updated_by FROM configuration")}
    assert (
        config["contact_price"]["value"] == 20000
        and config["contact_price"]["updated_by"] == admin_account.id
    )
    assert config["admin_phone"]["value"] == "+237699000000"
    assert config["welcome_message"]["value"] == {"fr": "Bienvenue !"}
    assert config["whatsapp_templates"]["value"]["admin"]["content_sid"] == "HX1"
    assert config["minimum_age"]["value"] == 21 and config["bot_enabled"]["value"] is True
    assert config["handback_minutes"]["value"] == 30
    assert config["adviser_hours"]["value"] == {"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "18:30",
                                                "timezone": "Africa/Abidjan"}
    page = client.get("/admin/config").text
    assert 'value="18:30"' in page and 'name="adviser_day" value="6" >' in page  # Saturday unticked
    bad = client.post("/admin/config", data={**form, "whatsapp_templates": "{not json"})
    assert bad.status_code == 400 and "JSON invalide" in bad.text
    for field, value, error in [("adviser_start", "9h", "illisible"), ("adviser_timezone", "Douala", "illisible"),
                                ("adviser_end", "08:00", "précéder"), ("adviser_day", [], "au moins un jour")]:
        refused = client.post("/admin/config", data={**form, field: value})
        assert refused.status_code == 400 and error in refused.text, field
    assert conn.execute("SELECT value FROM configuration WHERE key = 'adviser_hours'").fetchone()["value"][
        "start"] == "09:00"


def test_admin_creates_and_disables_accounts(
    client: TestClient, admin_account: Account, conn: psycopg.Connection
) -> None:
    assert sign_in(client, admin_account) == 303
    csrf = csrf_of(client.get("/admin/users").text)
    form = {
        "csrf_token": csrf,
        "email": "recrue@agence.test",
        "full_name": "Recrue",
        "role": "agent",
        "password": "provisoire-2026",
    }
    assert client.post("/admin/users", data=form, follow_redirects=False).status_code == 303
    assert "already exists" in client.post("/admin/users", data=form).text  # a duplicate is flashed
    row = conn.execute(
        "SELECT id, role, must_change_password FROM admin_users WHERE email = 'recrue@agence.test'"
    ).fetchone()
    assert row["role"] == "agent" and row["must_change_password"] is True
    recruit = Account(row["id"], "recrue@agence.test", "provisoire-2026")
    client.cookies.clear()
    assert sign_in(client, recruit) == 303
    recruit_cookie = dict(client.cookies)
    client.cookies.clear()
    assert sign_in(client, admin_account) == 303
    client.post(
        f"/admin/users/{recruit.id}/active", data={"csrf_token": token(client), "active": "false"}
    )
    client.post(
        f"/admin/users/{admin_account.id}/active",
        data={"csrf_token": token(client), "active": "false"},
    )  # never oneself
    rows = conn.execute(
        "SELECT id, is_active FROM admin_users WHERE id IN (%s, %s)", (recruit.id, admin_account.id)
    ).fetchall()
    active = {r["id"]: r["is_active"] for r in rows}
    assert active == {recruit.id: False, admin_account.id: True}
    client.cookies.clear()
    for name, value in recruit_cookie.items():
        client.cookies.set(name, value, path="/admin")
    assert (
        client.get("/admin/password", follow_redirects=False).headers["location"] == "/admin/login"
    )
    assert sign_in(client, recruit) == 401
