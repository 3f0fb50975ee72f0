"""The embedded PostgreSQL starts and is shared as root and as a normal user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from tests.support import REPO_ROOT

ROOT = REPO_ROOT
USER = "matchbot-test"


def _runs_as(user: str, python: str) -> bool:
    return subprocess.run(["runuser", "-u", user, "--", python, "-c", "0"], capture_output=True, check=False).returncode == 0


def _cli(*args: str, home: Path, user: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHBOT_", "DATABASE_URL"))}
    env["MATCHBOT_HOME"] = str(home)
    python = sys.executable
    command = [python, "-c", "from bot.cli.main import main; main()", *args]
    if user:
        # The test interpreter may live where other users cannot go (/root/.pyenv): use the
        # system Python of the same version on this project's installed packages instead.
        if not _runs_as(user, python):
            version = f"python{sys.version_info.major}.{sys.version_info.minor}"
            candidates = [f"/usr/bin/{version}", f"/usr/local/bin/{version}", shutil.which(version) or ""]
            python = next((c for c in candidates if c and _runs_as(user, c)), "")
            if not python:
                pytest.skip("no Python interpreter this user may run")
            env["PYTHONPATH"] = f"{sysconfig.get_paths()['purelib']}:{ROOT}"
        command = ["runuser", "-u", user, "--", "env", *[f"{k}={v}" for k, v in env.items()],
                   python, "-c", "from bot.cli.main import main; main()", *args]
    return subprocess.run(command, env=env, cwd=tempfile.gettempdir(), capture_output=True, check=False, text=True,
                          timeout=180)


def test_embedded_server_as_this_user_then_shared(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _cli("migrate", home=home)
    assert first.returncode == 0, first.stderr
    second = _cli("migrate", home=home)
    assert second.returncode == 0 and "up to date" in second.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root to act as another user")
def test_a_normal_user_after_root_used_the_machine(tmp_path: Path) -> None:
    if subprocess.run(["id", USER], capture_output=True, check=False).returncode:
        subprocess.run(["useradd", "--system", "--no-create-home", USER], check=True)
    assert _cli("migrate", home=tmp_path / "root-home").returncode == 0  # root leaves its lock files
    base = Path(tempfile.mkdtemp(prefix="matchbot-user-"))
    shutil.chown(base, user=USER)
    try:
        first = _cli("migrate", home=base / "home", user=USER)
        assert first.returncode == 0, first.stderr
        assert "Traceback" not in first.stderr
        second = _cli("migrate", home=base / "home", user=USER)
        assert second.returncode == 0 and "up to date" in second.stderr
        assert (base / "home" / "pgdata").stat().st_uid != 0
    finally:
        shutil.rmtree(base, ignore_errors=True)
