"""Contact request actions (repository and pages) and `matchbot admin create`."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.store import contacts
from tests.bot.console.conftest import PASSWORD, Account, csrf_of, member, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()


def _request(conn: psycopg.Connection) -> tuple[int, int]:
    lead_id = member(conn, "Je veux le contact de ce profil")
    code = f"F{lead_id}"
    profile_id = conn.execute(
        "INSERT INTO profiles (code, first_name, name, age, gender) "
        "VALUES (%s, 'Mireille', 'Mireille Ngo', 29, 'female') RETURNING id",
        (code,),
    ).fetchone()["id"]
    request_id, _ = contacts.create_request(
        conn,
        lead_id=lead_id,
        profile_id=profile_id,
        profile_code=code,
        message="intéressé",
        amount=15000,
        currency="XAF",
    )  # type: ignore[arg-type]
    return lead_id, request_id


def test_request_lifecycle_is_recorded_and_logged(
    conn: psycopg.Connection, admin_account: Account
) -> None:
    lead_id, request_id = _request(conn)
    admin = admin_account.id
    assert (
        contacts.mark_shared(conn, request_id, admin_id=admin) is False
    )  # nothing to share before approval
    assert contacts.approve_request(conn, request_id, admin_id=admin, note="profil vérifié")
    assert contacts.approve_request(conn, request_id, admin_id=admin) is False
    assert contacts.mark_paid(
        conn, request_id, admin_id=admin, payment_method="Orange Money", reference="OM123"
    )
    payment = conn.execute(
        "SELECT status, paid_at IS NOT NULL AS paid, recorded_by, payment_method, "
        "provider_reference FROM transactions WHERE contact_request_id = %s",
        (request_id,),
    ).fetchone()
    assert payment == {
        "status": "paid",
        "paid": True,
        "recorded_by": admin,
        "payment_method": "Orange Money",
        "provider_reference": "OM123",
    }
    assert contacts.mark_shared(conn, request_id, admin_id=admin)
    assert contacts.reject_request(conn, request_id, admin_id=admin) is False
    row = contacts.get_request_row(conn, request_id)
    assert row and row.status == "shared" and row.shared_at and row.admin_note == "profil vérifié"
    history = contacts.request_history(conn, request_id)
    assert [h["action"] for h in history] == ["approve", "mark_paid", "share_contact"]
    logged = conn.execute(
        "SELECT DISTINCT admin_id FROM logs WHERE source = 'admin' AND lead_id = %s", (lead_id,)
    ).fetchall()
    assert logged == [{"admin_id": admin}]
    assert request_id in [r.id for r in contacts.list_requests(conn, status="shared")]
    assert contacts.list_requests(conn, status="pending", lead_id=lead_id) == []


def test_rejecting_cancels_the_pending_payment(
    conn: psycopg.Connection, admin_account: Account
) -> None:
    _, request_id = _request(conn)
    assert contacts.reject_request(
        conn, request_id, admin_id=admin_account.id, note="profil indisponible"
    )
    assert (
        conn.execute(
            "SELECT status FROM transactions WHERE contact_request_id = %s", (request_id,)
        ).fetchone()["status"]
        == "cancelled"
    )
    assert contacts.mark_paid(conn, request_id, admin_id=admin_account.id) is False


def test_sharing_from_the_console_sends_what_the_admin_typed(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    lead_id, request_id = _request(conn)
    assert sign_in(client, admin_account) == 303
    page = client.get(f"/admin/contacts/{request_id}")
    assert page.status_code == 200 and "Mireille Ngo" in page.text
    csrf = csrf_of(page.text)
    assert (
        client.post(
            f"/admin/contacts/{request_id}/approve",
            data={"csrf_token": csrf},
            follow_redirects=False,
        ).status_code
        == 303
    )
    outbound = "SELECT count(*) AS n FROM conversations WHERE direction = 'out' AND lead_id = %s"
    assert conn.execute(outbound, (lead_id,)).fetchone()["n"] == 0
    client.post(
        f"/admin/contacts/{request_id}/share",
        data={"csrf_token": csrf, "details": "Mireille : +237 6 99 11 22 33"},
    )
    sent = conn.execute(
        "SELECT id, content, sender_type, sender_id, metadata->>'purpose' AS purpose "
        "FROM conversations WHERE direction = 'out' AND lead_id = %s",
        (lead_id,),
    ).fetchall()
    message_id = sent[0].pop("id")
    assert sent == [
        {
            "content": "Mireille : +237 6 99 11 22 33",
            "sender_type": "admin",
            "sender_id": admin_account.id,
            "purpose": "admin",
        }
    ]
    assert (
        conn.execute(
            "SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'deliver_message' "
            "AND (payload->>'message_id')::int = %s",
            (message_id,),
        ).fetchone()["n"]
        == 1
    )
    assert (
        conn.execute("SELECT status FROM contact_requests WHERE id = %s", (request_id,)).fetchone()[
            "status"
        ]
        == "shared"
    )
    listing = client.get("/admin/contacts")
    assert listing.status_code == 200 and f"#{request_id}" in listing.text
    assert "share_contact" not in listing.text  # the list shows statuses, not raw actions


def test_cli_creates_accounts(db_url: str, conn: psycopg.Connection) -> None:
    runner = CliRunner()
    env = {"DATABASE_URL": db_url, "MATCHBOT_ENV": "test"}
    result = runner.invoke(
        cli,
        ["admin", "create", "Agent@Agence.test", "--role", "agent", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
    )
    assert result.exit_code == 0, result.output
    row = conn.execute(
        "SELECT email, role, password_hash FROM admin_users WHERE email ILIKE 'agent@agence.test'"
    ).fetchone()
    assert (
        row["email"] == "Agent@Agence.test"
        and row["role"] == "agent"
        and row["password_hash"].startswith("$argon2id$")
    )
    again = runner.invoke(
        cli,
        ["admin", "create", "agent@agence.test", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
    )
    assert again.exit_code == 1 and "already exists" in again.output
    short = runner.invoke(
        cli, ["admin", "create", "b@agence.test", "--password-stdin"], input="court\n", env=env
    )
    assert short.exit_code == 1 and "at least 10" in short.output
    prompted = runner.invoke(
        cli, ["admin", "create", "c@agence.test"], input=f"{PASSWORD}\n{PASSWORD}\n", env=env
    )
    assert prompted.exit_code == 0, prompted.output
    listed = runner.invoke(cli, ["admin", "list"], env=env)
    assert "c@agence.test\tadmin\tactive" in listed.output
