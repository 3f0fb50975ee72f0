"""`matchbot serve` starts, migrates, and reports health."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support import REPO_ROOT

ROOT = REPO_ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_health(url: str, proc: subprocess.Popen[str], timeout: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "server exited"
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("server did not answer in time")


def test_serve_reports_database_and_schema_version(empty_db_url: str, tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": empty_db_url,
        "MATCHBOT_HOME": str(tmp_path),
        "MATCHBOT_PORT": str(port),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--no-demo"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        response = wait_for_health(f"http://127.0.0.1:{port}/healthz", proc)
        assert response.status_code == 200
        body = response.json()
        assert body["database"] == "ok"
        assert body["schema_version"] >= 6
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_embedded_server_stops_with_the_service(tmp_path: Path) -> None:
    """SIGTERM ends `matchbot serve` cleanly and the last user of the embedded PostgreSQL stops it."""
    import signal

    port = _free_port()
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHBOT_", "DATABASE_URL"))}
    env.update({"MATCHBOT_HOME": str(home), "MATCHBOT_PORT": str(port)})
    proc = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--no-demo"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert wait_for_health(f"http://127.0.0.1:{port}/healthz", proc).status_code == 200
        postmaster = home / "pgdata" / "postmaster.pid"
        assert postmaster.exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    assert code == 0
    deadline = time.monotonic() + 20
    while postmaster.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not postmaster.exists(), "the embedded PostgreSQL is still running"
