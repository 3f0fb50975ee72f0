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
    key = result["api_key"]
    assert key.startswith("mb_test_") and len(key) > 30
    row = conn.execute("SELECT * FROM clients WHERE client_id = %s", (result["client_id"],)).fetchone()
    assert row["api_key"] == hash_api_key(key) and key not in json.dumps(row, default=str)
    assert row["api_key_prefix"] == key[:12] and row["password_hash"].startswith("$argon2id$")
    assert (row["language"], row["email_tone"], row["ai_personalized_reply"], row["bot_linked"], row["is_test"]) == \
        ("fr", "Friendly", True, True, True)
    assert row["allowed_origins"] == ["https://agence.test"]

    listed = runner.invoke(app, ["clients", "list"], env=env(db_url, tmp_path))
    assert listed.exit_code == 0 and "Agence" in listed.output and key not in listed.output

    rotated = runner.invoke(app, ["clients", "rotate-key", result["client_id"]], env=env(db_url, tmp_path))
    assert rotated.exit_code == 0, rotated.output
    new_hash = conn.execute("SELECT api_key FROM clients WHERE client_id = %s", (result["client_id"],)).fetchone()
    assert new_hash["api_key"] != hash_api_key(key)
    assert runner.invoke(app, ["clients", "rotate-key", "not-a-uuid"], env=env(db_url, tmp_path)).exit_code == 1


def test_refuses_bad_options_and_duplicates(db_url: str, tmp_path: Path) -> None:
    base = ["clients", "create", "--business-name", "X", "--email", "x@x.test", "--password", "long enough pw"]
    assert runner.invoke(app, [*base, "--email-tone", "Rude"], env=env(db_url, tmp_path)).exit_code != 0
    assert runner.invoke(app, [*base, "--language", "de"], env=env(db_url, tmp_path)).exit_code != 0
    assert runner.invoke(app, base, env=env(db_url, tmp_path)).exit_code == 0
    again = runner.invoke(app, [*base[:4], "--email", "X@X.test", "--password", "long enough pw"],
                          env=env(db_url, tmp_path))
    assert again.exit_code == 1 and "already exists" in again.output
