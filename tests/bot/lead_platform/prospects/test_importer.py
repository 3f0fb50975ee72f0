"""`matchbot prospects import`: columns named as the table's, all or nothing, errors naming row and
column, one prospect per website and client; `prospects list` shows them, best first."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app
from bot.core.connections import Conn
from bot.core.db import tenant_transaction
from bot.lead_platform.prospects.importer import import_prospects_csv
from tests.bot.lead_platform.leadkit import make_tenant

runner = CliRunner()
GOOD = """business_name,website,contact_email,industry,language,contacted,metadata
Boulangerie Durand,https://www.boulangerie-durand.fr/,Bonjour@Durand.fr,Bakery,français,non,"{""fair"": ""Lyon 2026""}"
Cabinet Martin,cabinet-martin.example,,Dental Practice,en,,
"""


def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path / "home"), "MATCHBOT_ENV": "test"}


def test_a_bad_file_imports_nothing_and_says_where(db_url: str, conn: Conn, tmp_path: Path) -> None:
    alpha = make_tenant(db_url, "alpha")
    bad = tmp_path / "bad.csv"
    bad.write_text("business_name;website;language;contact_email;metadata\n"
                   "Durand;boulangerie-durand.fr;fr;;\n"
                   ";https://martin.example;en;;\n"
                   "Martin;ftp://martin.example;de;martin-at-example;[1]\n"
                   "Durand again;http://www.Boulangerie-Durand.fr/;fr;;\n")
    report = import_prospects_csv(conn, bad, client_id=alpha.client_id)
    assert [str(e) for e in report.errors] == [
        "row 3, column business_name: is required",
        "row 4, column website: 'ftp://martin.example' is not an http(s) address",
        "row 4, column language: 'de' is not en or fr",
        "row 4, column contact_email: 'martin-at-example' is not an e-mail address",
        "row 4, column metadata: must be a JSON object such as {\"source\": \"fair 2026\"}",
        "row 5, column website: http://www.boulangerie-durand.fr is already on row 2",
    ]
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("business_name,website,automation_need_score\nX,x.example,95\n")
    first_error = import_prospects_csv(conn, unknown, client_id=alpha.client_id).errors[0]
    assert str(first_error).startswith(
        "row 1, column automation_need_score: unknown column (allowed: business_name, website")
    with tenant_transaction(conn, alpha.client_id):
        assert conn.execute("SELECT count(*) AS n FROM prospect_candidates").fetchone()["n"] == 0


def test_import_and_list_from_the_command_line(db_url: str, conn: Conn, tmp_path: Path) -> None:
    alpha = make_tenant(db_url, "alpha")
    good = tmp_path / "prospects.csv"
    good.write_text(GOOD)
    first = runner.invoke(app, ["prospects", "import", str(good), "--client", str(alpha.client_id)],
                          env=env(db_url, tmp_path))
    assert first.exit_code == 0, first.output
    assert "2 prospect(s) added, 0 already known" in first.output
    again = runner.invoke(app, ["prospects", "import", str(good), "--client", str(alpha.client_id)],
                          env=env(db_url, tmp_path))
    assert again.exit_code == 0 and "0 prospect(s) added, 2 already known" in again.output
    # Without --client: the internal client's prospects (the platform's own sales), here none.
    internal = runner.invoke(app, ["prospects", "list", "--json"], env=env(db_url, tmp_path))
    assert internal.exit_code == 0 and internal.stdout.strip() == ""
    listed = runner.invoke(app, ["prospects", "list", "--json", "--client", str(alpha.client_id)],
                           env=env(db_url, tmp_path))
    rows = [json.loads(line) for line in listed.stdout.strip().splitlines()]
    assert {(r["business_name"], r["website"], r["industry"], r["language"], r["contact_email"],
             r["automation_need_score"]) for r in rows} == {
        ("Boulangerie Durand", "https://www.boulangerie-durand.fr", "bakery", "fr", "bonjour@durand.fr", 70),
        ("Cabinet Martin", "https://cabinet-martin.example", "dental practice", "en", None, 70)}
    with tenant_transaction(conn, alpha.client_id):
        row = conn.execute("SELECT metadata FROM prospect_candidates WHERE industry = 'bakery'").fetchone()
    assert row["metadata"] == {"fair": "Lyon 2026", "source": "import"}
    wrong = runner.invoke(app, ["prospects", "list", "--client", "not-a-client"], env=env(db_url, tmp_path))
    assert wrong.exit_code == 1 and "no client not-a-client" in wrong.output
