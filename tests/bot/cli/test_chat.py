"""`matchbot chat` with stdin not a terminal: one line in, one JSON object per bot message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support import REPO_ROOT

ROOT = REPO_ROOT


def test_chat_reads_lines_and_prints_json(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path),
           "MATCHBOT_CHAT_PROVIDER": "offline", "MATCHBOT_EMBEDDING_PROVIDER": "offline"}
    result = subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "chat", "--phone", "+237690000111"],
        input="Bonjour\nje suis une femme\nj'ai 28 ans\n",
        env=env, cwd=ROOT, capture_output=True, check=False, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    messages = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(messages) == 4  # welcome + question, then one question per answer
    assert all({"text", "media", "intent", "agent"} <= set(m) for m in messages)
    assert "homme ou une femme" in messages[1]["text"]
    assert messages[1]["buttons"][0]["title"] == "Un homme"
    assert "Quel âge" in messages[2]["text"]
    assert "ville" in messages[3]["text"]
    assert {m["agent"] for m in messages} == {"qualification"}
