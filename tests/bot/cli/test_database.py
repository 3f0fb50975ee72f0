"""`matchbot db shell` and `matchbot db-url` on the embedded server (which stops with its last user)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO_ROOT


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("db-cli") / "home"


def _cli(*args: str, home: Path, stdin: str = "", database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHBOT_", "DATABASE_URL"))}
    env["MATCHBOT_HOME"] = str(home)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", *args],
        input=stdin, env=env, cwd=REPO_ROOT, capture_output=True, check=False, text=True, timeout=180,
    )


def test_db_shell_runs_sql_from_stdin_on_the_embedded_server(home: Path) -> None:
    result = _cli("db", "shell", home=home, stdin="SELECT 40 + 2 AS answer;\n")
    assert result.returncode == 0, result.stderr
    assert "answer" in result.stdout and "42" in result.stdout


def test_the_built_in_prompt_prints_rows_and_goes_on_after_an_error(home: Path) -> None:
    script = "SELECT 'Awa' AS first_name, 34 AS age\nUNION ALL SELECT 'Brenda', NULL;\nSELECT nope;\nSELECT 2 * 21 AS answer;\n"
    result = _cli("db", "shell", "--no-psql", home=home, stdin=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "first_name | age", "-----------+----", "Awa        | 34 ", "Brenda     |    ", "(2 rows)",
        "answer", "------", "42    ", "(1 row)",
    ]
    assert result.stderr.strip() == 'ERROR: column "nope" does not exist'


def test_db_url_prints_a_bare_url_and_says_how_long_it_lives(home: Path) -> None:
    result = _cli("db-url", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("postgresql://")
    assert "only while a matchbot process uses it" in result.stderr
    assert "matchbot db shell" in result.stderr


def test_db_url_of_a_configured_database_says_nothing_more(home: Path, db_url: str) -> None:
    result = _cli("db-url", home=home, database_url=db_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == db_url + "\n"
    assert result.stderr == ""
