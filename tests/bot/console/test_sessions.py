"""Console sessions end on the server: logout, password change, deactivation (in the console
or with `matchbot admin`), expiry."""

from __future__ import annotations

import psycopg
from click.testing import Result
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.console import users
from bot.web.sessions import Signer
from tests.bot.console.conftest import Account, csrf_of, module_fixtures, sign_in, token

db_url, settings, app_client = module_fixtures()

NEW_PASSWORD = "another long secret"


def browser(client: TestClient) -> TestClient:
    """A second browser on the same running app (its own cookie jar)."""
    return TestClient(client.app, base_url=str(client.base_url))


def signed_in(client: TestClient) -> bool:
    return client.get("/admin/inbox", follow_redirects=False).status_code == 200


def copy_of(client: TestClient) -> str:
    value = client.cookies.get("mb_admin")
    assert value
    return value


def with_cookie(client: TestClient, value: str) -> TestClient:
    client.cookies.clear()
    client.cookies.set("mb_admin", value, path="/admin")
    return client


def settings_secret(client: TestClient) -> str:
    return client.app.state.settings.secret_key.get_secret_value()  # type: ignore[attr-defined]


def test_a_cookie_copied_before_logout_is_refused_after(client: TestClient, admin_account: Account) -> None:
    assert sign_in(client, admin_account) == 303
    copied = copy_of(client)
    assert signed_in(client)
    assert client.post("/admin/logout", data={"csrf_token": token(client)}, follow_redirects=False).status_code == 303
    assert not signed_in(with_cookie(client, copied))


def test_a_signed_cookie_without_a_server_session_signs_nobody_in(
    client: TestClient, admin_account: Account
) -> None:
    """The secret alone no longer makes a session: the server must have started it."""
    forged = Signer(settings_secret(client), salt="session:mb_admin").dumps(
        {"admin_id": admin_account.id, "sid": "made-up-token"}
    )
    assert not signed_in(with_cookie(client, forged))


def test_signing_in_again_ends_the_previous_session_of_that_browser(
    client: TestClient, admin_account: Account
) -> None:
    assert sign_in(client, admin_account) == 303
    first = copy_of(client)
    assert sign_in(client, admin_account) == 303
    assert copy_of(client) != first and signed_in(client)
    assert not signed_in(with_cookie(browser(client), first))


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    client: TestClient, admin_account: Account, conn: psycopg.Connection
) -> None:
    other = browser(client)
    assert sign_in(other, admin_account) == 303 and signed_in(other)
    assert sign_in(client, admin_account) == 303
    page = client.get("/admin/password").text
    assert page.count("<tr>") >= 3 and "cette session" in page  # header + both sessions
    changed = client.post(
        "/admin/password",
        data={"csrf_token": csrf_of(page), "current": admin_account.password, "new": NEW_PASSWORD,
              "confirm": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert signed_in(client)
    assert not signed_in(other)
    assert sign_in(other, admin_account, password=NEW_PASSWORD) == 303 and signed_in(other)
    ended = conn.execute(
        "SELECT count(*) FILTER (WHERE revoked_at IS NOT NULL) AS n FROM web_sessions WHERE admin_id = %s",
        (admin_account.id,),
    ).fetchone()
    assert ended["n"] >= 1


def test_a_deactivated_account_is_signed_out_everywhere(
    client: TestClient, admin_account: Account, agent_account: Account
) -> None:
    agent_a, agent_b = browser(client), browser(client)
    assert sign_in(agent_a, agent_account) == 303 and sign_in(agent_b, agent_account) == 303
    assert sign_in(client, admin_account) == 303
    client.post(f"/admin/users/{agent_account.id}/active",
                data={"csrf_token": token(client, "/admin/users"), "active": "false"})
    client.post(f"/admin/users/{agent_account.id}/active",
                data={"csrf_token": token(client, "/admin/users"), "active": "true"})
    # Reactivated, yet the sessions opened before the deactivation stay ended.
    assert not signed_in(agent_a) and not signed_in(agent_b)
    assert sign_in(agent_a, agent_account) == 303 and signed_in(agent_a)


def test_sessions_expire_after_their_lifetime_and_when_idle(
    client: TestClient, admin_account: Account, conn: psycopg.Connection
) -> None:
    assert sign_in(client, admin_account) == 303 and signed_in(client)
    conn.execute("UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE admin_id = %s",
                 (admin_account.id,))
    assert not signed_in(client)

    assert sign_in(client, admin_account) == 303 and signed_in(client)
    idle = client.app.state.settings.session_idle_seconds  # type: ignore[attr-defined]
    conn.execute(
        "UPDATE web_sessions SET last_seen_at = now() - make_interval(secs => %s + 1) "
        "WHERE admin_id = %s AND revoked_at IS NULL AND expires_at > now()",
        (idle, admin_account.id),
    )
    assert not signed_in(client)


def test_a_request_refreshes_the_idle_clock_at_most_once_a_minute(
    client: TestClient, admin_account: Account, conn: psycopg.Connection
) -> None:
    assert sign_in(client, admin_account) == 303
    live = "admin_id = %s AND revoked_at IS NULL AND expires_at > now()"
    conn.execute(f"UPDATE web_sessions SET last_seen_at = now() - interval '10 minutes' WHERE {live}",
                 (admin_account.id,))
    assert signed_in(client)
    seen = f"SELECT last_seen_at > now() - interval '20 seconds' AS fresh FROM web_sessions WHERE {live}"
    assert conn.execute(seen, (admin_account.id,)).fetchone()["fresh"] is True
    # Seen 30 s ago: recent enough, no write.
    conn.execute(f"UPDATE web_sessions SET last_seen_at = now() - interval '30 seconds' WHERE {live}",
                 (admin_account.id,))
    assert signed_in(client)
    assert conn.execute(seen, (admin_account.id,)).fetchone()["fresh"] is False


def test_logout_everywhere_ends_every_session_of_the_account(
    client: TestClient, admin_account: Account
) -> None:
    other = browser(client)
    assert sign_in(other, admin_account) == 303
    assert sign_in(client, admin_account) == 303
    done = client.post("/admin/logout-everywhere", data={"csrf_token": token(client, "/admin/password")},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/login"
    assert not signed_in(client) and not signed_in(other)


def test_a_cli_password_reset_or_deactivation_ends_the_accounts_sessions(
    client: TestClient, admin_account: Account, agent_account: Account, conn: psycopg.Connection, db_url: str
) -> None:
    first, second = browser(client), browser(client)
    assert sign_in(first, agent_account) == 303 and sign_in(second, agent_account) == 303
    assert sign_in(client, admin_account) == 303
    env = {"DATABASE_URL": db_url, "MATCHBOT_ENV": "test"}

    def admin(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["admin", *args], input=stdin, env=env)

    def can_sign_in(password: str) -> bool:  # checked in the database: no failed attempt counted here
        return users.check_login(conn, email=agent_account.email, password=password).admin_id is not None

    reset = admin("set-password", agent_account.email.upper(), "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert reset.exit_code == 0, reset.output
    assert f"password changed for {agent_account.email}; 2 open session(s) ended" in reset.output
    assert not signed_in(first) and not signed_in(second)
    assert signed_in(client)  # another account's session is not touched
    assert can_sign_in(NEW_PASSWORD) and not can_sign_in(agent_account.password)
    assert sign_in(first, agent_account, password=NEW_PASSWORD) == 303 and signed_in(first)
    short = admin("set-password", agent_account.email, "--password-stdin", stdin="court\n")
    assert short.exit_code == 1 and "at least 10" in short.output and signed_in(first)

    off = admin("deactivate", agent_account.email)
    assert off.exit_code == 0 and "deactivated; 1 open session(s) ended" in off.output
    assert not signed_in(first) and not can_sign_in(NEW_PASSWORD)
    on = admin("activate", agent_account.email)
    assert on.exit_code == 0 and can_sign_in(NEW_PASSWORD)
    assert not signed_in(first)  # reactivation brings no ended session back
    assert admin("deactivate", "nobody@agence.test").exit_code == 1
    assert admin("set-password", "nobody@agence.test", "--password-stdin", stdin=NEW_PASSWORD + "\n").exit_code == 1
