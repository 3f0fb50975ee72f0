"""`matchbot clients create | list | rotate-key`, and signing in with what it created."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
from typer.testing import CliRunner

from bot.cli.main import app
from bot.lead_platform.store.apikeys import hash_api_key

runner = CliRunner()


def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path / "home"), "MATCHBOT_ENV": "test"}


def test_create_list_and_rotate(db_url: str, tmp_path: Path, conn: psycopg.Connection) -> None:
    created = runner.invoke(app, [
        "clients", "create", "--business-name", "Agence Cœur", "--email", "Contact@Agence.test",
        "--password", "long enough pw", "--language", "fr", "--email-tone", "Friendly",
        "--booking-link", "https://cal.example/x", "--ai-reply", "--origin", "https://Agence.test/",
        "--bot-linked", "--test", "--json",
    ], env=env(db_url, tmp_path))
    assert created.exit_code == 0, created.output
    result = json.loads(created.stdout.strip().splitlines()[-1])
    key, secret = result["form_key"], result["secret_key"]
    assert key.startswith("pk_test_") and secret.startswith("sk_test_") and len(key) > 30 and len(secret) > 30
    row = conn.execute("SELECT * FROM clients WHERE client_id = %s", (result["client_id"],)).fetchone()
    assert row["api_key"] == hash_api_key(key) and key not in json.dumps(row, default=str)
    assert row["secret_key_hash"] == hash_api_key(secret) and secret not in json.dumps(row, default=str)
    assert row["api_key_prefix"] == key[:12] and row["secret_key_prefix"] == secret[:12]
    assert row["password_hash"].startswith("$argon2id$")
    assert (row["language"], row["email_tone"], row["ai_personalized_reply"], row["bot_linked"], row["is_test"]) == \
        ("fr", "Friendly", True, True, True)
    assert row["allowed_origins"] == ["https://agence.test"]

    listed = runner.invoke(app, ["clients", "list"], env=env(db_url, tmp_path))
    assert listed.exit_code == 0 and "Agence" in listed.output and key not in listed.output
    assert secret not in listed.output and f"{key[:12]}…" in listed.output and f"{secret[:12]}…" in listed.output

    rotated = runner.invoke(app, ["clients", "rotate-key", result["client_id"]], env=env(db_url, tmp_path))
    assert rotated.exit_code == 0, rotated.output
    assert "new form key (publishable" in rotated.output and "pk_test_" in rotated.output
    hashes = conn.execute("SELECT api_key, secret_key_hash FROM clients WHERE client_id = %s",
                          (result["client_id"],)).fetchone()
    assert hashes["api_key"] != hash_api_key(key) and hashes["secret_key_hash"] == hash_api_key(secret)
    assert runner.invoke(app, ["clients", "rotate-key", "not-a-uuid"], env=env(db_url, tmp_path)).exit_code == 1


def test_rotate_key_secret_issues_a_first_secret_key_and_leaves_the_form_key(db_url: str, tmp_path: Path,
                                                                            conn: psycopg.Connection) -> None:
    """A client from before there were two kinds of key: its published key is its form key."""
    row = conn.execute(
        "INSERT INTO clients (business_name, email, api_key, api_key_prefix) "
        "VALUES ('Legacy', 'legacy@example.test', %s, 'mb_live_abcd') RETURNING client_id",
        (hash_api_key("mb_live_abcdefgh"),),
    ).fetchone()
    client_id = str(row["client_id"])
    listed = runner.invoke(app, ["clients", "list"], env=env(db_url, tmp_path))
    assert "form key (publishable)  mb_live_abcd…" in listed.output
    assert "secret key              none yet (rotate-key --secret)" in listed.output
    issued = runner.invoke(app, ["clients", "rotate-key", client_id, "--secret"], env=env(db_url, tmp_path))
    assert issued.exit_code == 0, issued.output
    assert "new secret key (server side only" in issued.output
    secret = next(word for word in issued.output.split() if word.startswith("sk_live_"))
    hashes = conn.execute("SELECT api_key, secret_key_hash, secret_key_prefix FROM clients WHERE client_id = %s",
                          (client_id,)).fetchone()
    assert hashes == {"api_key": hash_api_key("mb_live_abcdefgh"), "secret_key_hash": hash_api_key(secret),
                      "secret_key_prefix": secret[:12]}
    again = runner.invoke(app, ["clients", "rotate-key", client_id, "--secret", "--json"], env=env(db_url, tmp_path))
    result = json.loads(again.stdout)
    assert result["kind"] == "secret" and result["key"].startswith("sk_live_") and result["key"] != secret
    assert secret[:12] not in runner.invoke(app, ["clients", "list"], env=env(db_url, tmp_path)).output


def test_refuses_bad_options_and_duplicates(db_url: str, tmp_path: Path) -> None:
    base = ["clients", "create", "--business-name", "X", "--email", "x@x.test", "--password", "long enough pw"]
    assert runner.invoke(app, [*base, "--email-tone", "Rude"], env=env(db_url, tmp_path)).exit_code != 0
    assert runner.invoke(app, [*base, "--language", "de"], env=env(db_url, tmp_path)).exit_code != 0
    assert runner.invoke(app, base, env=env(db_url, tmp_path)).exit_code == 0
    again = runner.invoke(app, [*base[:4], "--email", "X@X.test", "--password", "long enough pw"],
                          env=env(db_url, tmp_path))
    assert again.exit_code == 1 and "already exists" in again.output
