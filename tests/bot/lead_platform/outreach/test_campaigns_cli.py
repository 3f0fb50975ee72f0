"""`matchbot campaigns ...` for the internal client: a template (an unknown variable refused,
naming it), the postal address, a campaign created, started, approved, shown, paused."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
from typer.testing import CliRunner

from bot.cli.main import app
from tests.bot.lead_platform.outreach.campaignkit import starter

runner = CliRunner()


def test_the_platforms_own_campaign_from_the_command_line(db_url: str, tmp_path: Path,
                                                          conn: psycopg.Connection) -> None:
    env = {"DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path / "home"), "MATCHBOT_ENV": "test"}

    def cli(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["campaigns", *args], env=env)
        assert result.exit_code == code, result.output
        return result.output

    body = tmp_path / "body.txt"
    body.write_text("Hello {{frist_name}},")
    refused = cli("template-save", "--name", "Mine", "--language", "en", "--subject", "Hi", "--body-file", str(body),
                  code=2)
    assert "body: unknown variable {{frist_name}}" in refused
    body.write_text("Hello {{first_name|there}},\n\n{{personal_line}}\n\n{{sender_company}}")
    assert re.search(r"template [0-9a-f-]{36}", cli("template-save", "--name", "Mine", "--language", "en",
                                                     "--subject", "Hi {{company|}}", "--body-file", str(body)))
    assert "Mine (en, own)" in cli("templates") and "Introduction (fr, shared)" in cli("templates")

    intro = str(starter(conn, "Introduction"))
    bad = cli("create", "--name", "Q2", "--template", intro, "--window", "18-9", code=2)
    assert "window_end_hour: must be after the start hour" in bad
    made = cli("create", "--name", "Q2", "--template", intro, "--industry", "bakery", "--follow-up", f"4:{intro}")
    campaign_id = re.search(r"campaign ([0-9a-f-]{36})", made).group(1)  # type: ignore[union-attr]
    assert "postal_address" in cli("start", campaign_id, code=2)
    cli("address", "1 Main Street, Montréal")
    assert "is active" in cli("start", campaign_id)
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'outreach_tick'").fetchone()["n"] >= 1
    row = conn.execute("""SELECT c.status, c.target_criteria, c.follow_up_schedule, l.is_internal
                          FROM outreach_campaigns c JOIN clients l USING (client_id) WHERE c.id = %s""",
                       (campaign_id,)).fetchone()
    assert row["is_internal"] and row["target_criteria"]["industries"] == ["bakery"]
    assert row["follow_up_schedule"] == [{"delay_days": 4, "template_id": intro}]
    assert "Q2  [active]" in cli("list")
    assert "0 draft(s) approved" in cli("approve", campaign_id)
    assert "sent 0 → opened 0 → clicked 0 → replied 0" in cli("show", campaign_id)
    assert "is paused" in cli("pause", campaign_id)
    assert "suppressed" in cli("suppress", "Gone@Example.org")
    assert "no campaign" in cli("pause", "not-a-uuid", code=1)
