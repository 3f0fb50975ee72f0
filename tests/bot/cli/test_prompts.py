"""`matchbot prompts`: list, show, edit, activate, A/B tests (start, status, stop, check), evolve."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from agents.prompts import FAQ
from bot.cli.main import app as cli
from bot.core.db import service_transaction
from bot.prompts import registry

Run = Callable[..., str]


@pytest.fixture
def invoke(db_url: str, tmp_path: Path) -> Run:
    env = {"DATABASE_URL": db_url, "MATCHBOT_ENV": "test", "MATCHBOT_HOME": str(tmp_path / "home"),
           "MATCHBOT_EMBEDDING_PROVIDER": "offline", "MATCHBOT_CHAT_PROVIDER": "offline"}
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, ["prompts", *args], env=env)
        assert result.exit_code == code, result.output
        return result.output

    return run


def test_the_registry_from_the_command_line(invoke: Run, tmp_path: Path, conn: psycopg.Connection) -> None:
    listed = invoke("list")
    assert re.search(r"^faq\s+v1\s+0 calls", listed, re.M) and "lead_analysis" in listed
    assert "Never give anyone's name" in invoke("show", "faq")
    edited = tmp_path / "faq.txt"
    edited.write_text(FAQ.text.replace("1-3 short", "1-2 short"))
    assert "faq v2 saved" in invoke("edit", "faq", "--file", str(edited), "--note", "shorter")
    bad = tmp_path / "bad.txt"
    bad.write_text("Reply in {lang}.")
    assert "unknown placeholder {lang}" in invoke("edit", "faq", "--file", str(bad), code=1)
    assert re.search(r"^  v2   .* cli .* shorter$", invoke("show", "faq"), re.M)
    assert "1-2 short" in invoke("show", "faq", "--version", "2")

    started = invoke("ab", "start", "faq", "--version", "2", "--split", "25", "--min-sample", "50")
    test_id = re.search(r"test (\S+) started", started).group(1)  # type: ignore[union-attr]
    assert "v2 (25 %) against v1" in started
    assert "already running" in invoke("ab", "start", "faq", "--version", "2", code=1)
    assert "A/B test is running" in invoke("activate", "faq", "2", code=1)
    status = invoke("ab", "status", "faq")
    assert f"{test_id} faq v2 (25 %) vs v1 · running" in status and "control 0/0" in status
    assert "no test to conclude" in invoke("ab", "check")
    assert "stays active" in invoke("ab", "stop", test_id)
    assert "stopped by cli" in invoke("ab", "status", "faq")
    assert "faq v2 is active" in invoke("activate", "faq", "2")

    variant = tmp_path / "variant.txt"
    variant.write_text(FAQ.text + "\nAnswer the question first.")
    assert "no LLM is configured" in invoke("evolve", "faq", code=1)
    evolved = invoke("evolve", "faq", "--text-file", str(variant), "--split", "10")
    assert "faq v3 (manual edit" in evolved and "against v2" in evolved
    with service_transaction(conn):
        assert [v.version for v in registry.history(conn, "faq")] == [3, 2, 1]
    assert "not a test id" in invoke("ab", "stop", "nope", code=2)
