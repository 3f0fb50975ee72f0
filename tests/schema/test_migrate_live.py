"""Migrations marked `-- migrate: no-transaction` (live-safe: CREATE INDEX CONCURRENTLY,
batched backfills) run statement by statement and can be run again after a failure."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from schema.migrate import Migration, _apply, discover, split_statements

SCRIPT = """-- migrate: no-transaction
-- a comment; with a semicolon
CREATE TABLE IF NOT EXISTS live_probe (id INT PRIMARY KEY, note TEXT DEFAULT 'a;b');
CREATE OR REPLACE FUNCTION live_probe_f() RETURNS TEXT LANGUAGE plpgsql AS $body$
BEGIN
    RETURN 'x;y';
END
$body$;
DO $$
BEGIN
    INSERT INTO live_probe (id) VALUES (1) ON CONFLICT DO NOTHING;
    COMMIT;  -- only possible outside a transaction block
END
$$;
DROP INDEX CONCURRENTLY IF EXISTS live_probe_note_idx;
CREATE INDEX CONCURRENTLY live_probe_note_idx ON live_probe (note);
"""


def test_statements_split_outside_comments_quotes_and_dollar_quotes() -> None:
    statements = split_statements(SCRIPT)
    assert len(statements) == 5
    assert statements[0].startswith("-- migrate: no-transaction") and "'a;b'" in statements[0]
    assert statements[1].startswith("CREATE OR REPLACE FUNCTION") and "'x;y'" in statements[1]
    assert statements[2].startswith("DO $$") and statements[2].endswith("$$;")
    assert split_statements("SELECT 1; -- trailing comment\n") == ["SELECT 1;"]


def test_a_no_transaction_migration_runs_again_after_a_failure(
    empty_db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "0999_live_probe.sql"
    path.write_text(SCRIPT + "SELECT 1 / 0;\n")
    migration = Migration(999, "live_probe", path)
    assert not migration.transactional
    with psycopg.connect(empty_db_url, autocommit=True, row_factory=dict_row) as conn:
        conn.execute("CREATE TABLE schema_migrations (version INT PRIMARY KEY, name TEXT NOT NULL, "
                     "checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        with pytest.raises(psycopg.errors.DivisionByZero):
            _apply(conn, migration, embedding_dim=512)
        # What ran before the failure is there and committed; the version is not recorded.
        assert conn.execute("SELECT count(*) AS n FROM live_probe").fetchone() == {"n": 1}
        assert conn.execute("SELECT count(*) AS n FROM schema_migrations").fetchone() == {"n": 0}
        path.write_text(SCRIPT)
        _apply(conn, migration, embedding_dim=512)
        index = conn.execute(
            "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = 'live_probe_note_idx'::regclass"
        ).fetchone()
        assert index == {"indisvalid": True}
        assert conn.execute("SELECT version FROM schema_migrations").fetchall() == [{"version": 999}]


def test_the_console_migration_is_marked_live_safe() -> None:
    console = next(m for m in discover() if m.name == "console_indexes")
    assert not console.transactional
    assert all("CONCURRENTLY" in s for s in split_statements(console.path.read_text()) if "CREATE INDEX" in s
               and "agent_performance_snapshot" not in s)
