"""The migration runner: full run on an empty database, no-op rerun, concurrent runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from schema.migrate import current_version, discover, migrate
from tests.support import REPO_ROOT

ROOT = REPO_ROOT


def test_migrations_are_numbered_without_gaps() -> None:
    versions = [m.version for m in discover()]
    assert versions == list(range(1, len(versions) + 1))
    assert [m.name for m in discover()][:3] == ["bot_v1", "bot_v2", "bot_v3"]


def test_empty_database_then_noop(empty_db_url: str) -> None:
    with psycopg.connect(empty_db_url, autocommit=True, row_factory=dict_row) as conn:
        assert current_version(conn) is None
        applied = migrate(conn, embedding_dim=512)
        assert [m.version for m in applied] == [m.version for m in discover()]
        assert migrate(conn, embedding_dim=512) == []
        assert current_version(conn) == discover()[-1].version


def test_two_concurrent_cli_migrations_both_succeed(empty_db_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": empty_db_url,
        "MATCHBOT_HOME": str(tmp_path),
        "MATCHBOT_CHAT_PROVIDER": "offline",
        "MATCHBOT_EMBEDDING_PROVIDER": "offline",
    }
    cli = [sys.executable, "-c", "from bot.cli.main import main; main()", "migrate"]
    procs = [
        subprocess.Popen(cli, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], "\n".join(err for _, err in outputs)
    said = "".join(err for _, err in outputs)
    assert said.count("applied 0001") == 1
    assert "database is up to date" in said
    with psycopg.connect(empty_db_url, row_factory=dict_row) as conn:
        rows = conn.execute("SELECT count(*) AS n FROM schema_migrations").fetchone()
        assert rows["n"] == len(discover())
        # LangGraph's checkpoint tables are set up by the same command.
        assert conn.execute("SELECT to_regclass('checkpoints') AS t").fetchone()["t"] == "checkpoints"
