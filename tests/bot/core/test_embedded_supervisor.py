"""A killed embedded PostgreSQL: `serve` answers 503 meanwhile, restarts it, and still stops within 10 s.

These run `matchbot serve` on the embedded default, as a user does, and kill its
postmaster with SIGKILL (a crash, the OOM killer).
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import REPO_ROOT, free_port

CONSOLE = "/admin/inbox"  # with a session cookie, every console page looks it up in the database first
LEADS = "/api/leads"


class Serve:
    """A running `matchbot serve` on the embedded default."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.base = f"http://127.0.0.1:{free_port()}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHBOT_", "DATABASE_URL"))}
        env.update({"MATCHBOT_HOME": str(home), "MATCHBOT_PORT": self.base.rsplit(":", 1)[1]})
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--no-demo"],
            env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()
        self.browser = httpx.Client(base_url=self.base, timeout=10, follow_redirects=False)

    def _collect(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    def get(self, path: str) -> httpx.Response:
        # A fresh key each time: the lead API caches a key's (missing) owner.
        return self.browser.get(path, headers={"X-API-Key": f"sk_{secrets.token_hex(16)}"})

    def sign_in(self) -> None:
        """Sign in as the first admin, with the one-time password `serve` printed."""
        found = re.search(r"one-time password: (\S+)", self.output())
        assert found, self.output()
        page = self.browser.get("/admin/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, page
        answer = self.browser.post("/admin/login", data={
            "email": "admin@matchbot.local", "password": found.group(1), "csrf_token": token.group(1)})
        assert answer.status_code == 303 and answer.headers["location"].endswith("/admin/inbox"), answer.text

    def health(self) -> dict[str, object]:
        body: dict[str, object] = self.get("/healthz").json()
        return body

    def kill_postmaster(self) -> None:
        pid = int((self.home / "pgdata" / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)

    def stop(self) -> float:
        """SIGTERM; the seconds it took to exit."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            assert self.proc.wait(timeout=60) == 0, self.output()
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        return time.monotonic() - started

    def output(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    server = Serve(tmp_path / "home")
    deadline = time.monotonic() + 120
    while True:
        assert server.proc.poll() is None, server.output()
        assert time.monotonic() < deadline, "serve did not start"
        try:
            if server.get("/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    server.sign_in()
    yield server
    if server.proc.poll() is None:
        server.proc.kill()
        server.proc.wait()


def _timed(serve: Serve, path: str) -> tuple[int, float]:
    started = time.monotonic()
    status = serve.get(path).status_code
    return status, time.monotonic() - started


def test_a_killed_embedded_server_is_restarted_and_routes_answer_503_meanwhile(serve: Serve) -> None:
    up = {CONSOLE: serve.get(CONSOLE).status_code, LEADS: serve.get(LEADS).status_code}
    assert up == {CONSOLE: 303, LEADS: 401}  # the first admin must change its password; an unknown key
    assert serve.get(CONSOLE).headers["location"].endswith("/admin/password")
    before = serve.health()
    assert before["server"] == "embedded"
    assert before["supervisor"] == {"state": "running", "restarts": 0, "last_restart": None}

    serve.kill_postmaster()
    seen: dict[str, list[int]] = {CONSOLE: [], LEADS: []}
    deadline = time.monotonic() + 30
    while True:
        for path in (CONSOLE, LEADS):
            status, took = _timed(serve, path)
            assert status in (503, up[path]), f"{path} answered {status} with the database away"
            assert took < 3.0, f"{path} took {took:.1f} s"
            seen[path].append(status)
        health = serve.health()
        back = all(statuses[-1] == up[path] for path, statuses in seen.items())
        if health["database"] == "ok" and back:
            break
        assert time.monotonic() < deadline, f"not back after 30 s: {health}, {seen}\n{serve.output()}"
        time.sleep(0.2)

    # Every answer meanwhile was a 503 or the normal one (checked above); under load the
    # restart can be quicker than one route's next poll, so one route's 503 suffices.
    assert 503 in seen[CONSOLE] + seen[LEADS]
    supervisor = health["supervisor"]
    assert isinstance(supervisor, dict)
    assert supervisor["restarts"] == 1 and supervisor["state"] == "running" and supervisor["last_restart"]
    assert serve.get(CONSOLE).status_code == 303 and serve.get(LEADS).status_code == 401
    assert serve.stop() < 10.0
    assert "restarted the embedded PostgreSQL" in serve.output()
    assert not (serve.home / "pgdata" / "postmaster.pid").exists(), "the embedded PostgreSQL outlived serve"


def test_serve_stops_within_10_s_while_the_embedded_server_is_dead(serve: Serve) -> None:
    serve.kill_postmaster()
    statuses = {_timed(serve, path)[0] for path in (CONSOLE, LEADS)}
    assert statuses == {503}
    assert serve.stop() < 10.0
