"""Dashboard sessions end on the server: logout, password change (in the dashboard or with
`matchbot clients set-password`), expiry, logout everywhere."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
from click.testing import Result
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.store.retention import prune
from tests.bot.lead_platform.dashboard.test_dashboard import csrf_of, sign_in
from tests.bot.lead_platform.leadkit import Tenant

NEW_PASSWORD = "a brand new secret"


def browser(api: TestClient) -> TestClient:
    """A second browser on the same running app (its own cookie jar)."""
    return TestClient(api.app, base_url=str(api.base_url))


def signed_in(api: TestClient) -> bool:
    return api.get("/dashboard/leads", follow_redirects=False).status_code == 200


def with_cookie(api: TestClient, value: str) -> TestClient:
    api.cookies.clear()
    api.cookies.set("mb_dashboard", value, path="/dashboard")
    return api


def test_a_cookie_copied_before_logout_is_refused_after(api: TestClient, alpha: Tenant) -> None:
    assert sign_in(api, alpha)[0] == 303
    copied = api.cookies.get("mb_dashboard")
    assert copied and signed_in(api)
    token = csrf_of(api.get("/dashboard/leads").text)
    assert api.post("/dashboard/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert not signed_in(with_cookie(api, copied))


def change_password(api: TestClient, tenant: Tenant, *, current: str, new: str, confirm: str | None = None) -> int:
    token = csrf_of(api.get("/dashboard/password").text)
    return api.post("/dashboard/password", follow_redirects=False, data={
        "csrf_token": token, "current": current, "new": new, "confirm": new if confirm is None else confirm,
    }).status_code


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    api: TestClient, alpha: Tenant, beta: Tenant
) -> None:
    other, beta_browser = browser(api), browser(api)
    assert sign_in(other, alpha)[0] == 303 and sign_in(beta_browser, beta)[0] == 303
    assert sign_in(api, alpha)[0] == 303
    page = api.get("/dashboard/password").text
    assert "cette session" in page and page.count("<tr>") == 3  # alpha's two sessions, not beta's
    assert change_password(api, alpha, current="wrong password", new=NEW_PASSWORD) == 400
    assert change_password(api, alpha, current=alpha.password, new="short") == 400
    assert change_password(api, alpha, current=alpha.password, new=NEW_PASSWORD, confirm="typo") == 400
    assert signed_in(other)  # refused changes end nothing
    assert change_password(api, alpha, current=alpha.password, new=NEW_PASSWORD) == 303
    assert signed_in(api) and not signed_in(other)
    assert signed_in(beta_browser)  # another client's sessions are not touched
    assert sign_in(other, alpha)[0] == 401
    assert sign_in(other, alpha, password=NEW_PASSWORD)[0] == 303 and signed_in(other)


def test_sessions_expire_after_their_lifetime_and_when_idle(
    api: TestClient, alpha: Tenant, conn: psycopg.Connection
) -> None:
    assert sign_in(api, alpha)[0] == 303 and signed_in(api)
    conn.execute("UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE client_id = %s",
                 (alpha.client_id,))
    assert not signed_in(api)

    assert sign_in(api, alpha)[0] == 303 and signed_in(api)
    idle = api.app.state.settings.session_idle_seconds  # type: ignore[attr-defined]
    conn.execute("UPDATE web_sessions SET last_seen_at = now() - make_interval(secs => %s + 1) "
                 "WHERE client_id = %s AND revoked_at IS NULL", (idle, alpha.client_id))
    assert not signed_in(api)


def test_logout_everywhere_ends_every_session_of_the_client(api: TestClient, alpha: Tenant) -> None:
    other = browser(api)
    assert sign_in(other, alpha)[0] == 303 and sign_in(api, alpha)[0] == 303
    token = csrf_of(api.get("/dashboard/password").text)
    done = api.post("/dashboard/logout-everywhere", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/dashboard/login"
    assert not signed_in(api) and not signed_in(other)


def test_ended_sessions_are_purged_by_the_retention_job(
    api: TestClient, alpha: Tenant, conn: psycopg.Connection
) -> None:
    assert sign_in(api, alpha)[0] == 303
    token = csrf_of(api.get("/dashboard/leads").text)
    api.post("/dashboard/logout", data={"csrf_token": token})
    assert sign_in(api, alpha)[0] == 303
    conn.execute("UPDATE web_sessions SET revoked_at = now() - interval '31 days' WHERE revoked_at IS NOT NULL")
    assert prune(conn)["web_sessions"] == 1
    assert signed_in(api)  # the live session stays


def test_a_password_set_from_the_cli_ends_every_session_of_the_client(
    api: TestClient, alpha: Tenant, beta: Tenant, db_url: str, tmp_path: Path
) -> None:
    first, second, beta_browser = browser(api), browser(api), browser(api)
    assert sign_in(first, alpha)[0] == 303 and sign_in(second, alpha)[0] == 303
    assert sign_in(beta_browser, beta)[0] == 303
    env = {"DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path / "home"), "MATCHBOT_ENV": "test"}

    def set_password(client: str, password: str) -> Result:
        return CliRunner().invoke(cli, ["clients", "set-password", client, "--password", password], env=env)

    done = set_password(alpha.email.upper(), NEW_PASSWORD)  # the login email, as the client gives it
    assert done.exit_code == 0, done.output
    assert f"dashboard password changed for {alpha.email}; 2 open session(s) ended" in done.output
    assert not signed_in(first) and not signed_in(second)
    assert signed_in(beta_browser)  # another client's sessions are not touched
    assert sign_in(first, alpha)[0] == 401
    assert sign_in(first, alpha, password=NEW_PASSWORD)[0] == 303 and signed_in(first)
    by_id = set_password(str(alpha.client_id), "yet another secret")  # or its client_id
    assert by_id.exit_code == 0 and "1 open session(s) ended" in by_id.output and not signed_in(first)

    assert set_password("nobody@example.org", NEW_PASSWORD).exit_code == 1
    assert set_password(str(uuid.uuid4()), NEW_PASSWORD).exit_code == 1
    short = set_password(alpha.email, "short")
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    assert sign_in(first, alpha, password="yet another secret")[0] == 303
