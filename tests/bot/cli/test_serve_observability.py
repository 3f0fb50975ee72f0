"""`matchbot serve` as an operator runs it: JSON log lines on stderr, /metrics behind a token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.bot.cli.test_serve import ROOT, _free_port, wait_for_health

TOKEN = "metrics-token-0123456789abcdef"


def test_json_lines_with_request_ids_and_metrics_behind_the_token(db_url: str, tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHBOT_", "DATABASE_URL"))}
    env.update({"DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path), "MATCHBOT_PORT": str(port),
                "MATCHBOT_LOG_FORMAT": "json", "MATCHBOT_METRICS_TOKEN": TOKEN,
                "MATCHBOT_EMBEDDED_WORKER": "false"})
    proc = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--no-demo"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(f"{base}/healthz", proc)
        assert httpx.get(f"{base}/healthz", headers={"X-Request-ID": "probe-1"}).status_code == 200
        assert httpx.get(f"{base}/metrics").status_code == 401
        metrics = httpx.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert metrics.status_code == 200 and "matchbot_database_up 1.0" in metrics.text
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]  # every line is JSON
    assert {"time", "level", "logger", "message", "request_id", "job_id", "lead_id"} <= set(lines[0])
    access = [line for line in lines if line["logger"] == "uvicorn.access"]
    assert any(line["request_id"] == "probe-1" and "/healthz" in line["message"] for line in access)
    assert any("Uvicorn running on" in line["message"] for line in lines)
