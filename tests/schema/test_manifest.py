"""The migrated database holds every table, column and view the source documents name."""

from __future__ import annotations

from pathlib import Path

import psycopg
import yaml

MANIFEST = yaml.safe_load((Path(__file__).parent / "manifest.yaml").read_text())


def _columns(conn: psycopg.Connection) -> dict[str, set[str]]:
    rows = conn.execute(
        """SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = 'public'"""
    ).fetchall()
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["table_name"], set()).add(row["column_name"])
    return found


def _relations(conn: psycopg.Connection, kind: str) -> set[str]:
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = %s",
        (kind,),
    ).fetchall()
    return {row["relname"] for row in rows}


def test_every_table_and_column_of_both_documents_exists(conn: psycopg.Connection) -> None:
    columns = _columns(conn)
    tables = _relations(conn, "r")
    missing = []
    for source in ("source_004_matchmaking_bot", "source_000_lead_platform"):
        for table, wanted in MANIFEST[source]["tables"].items():
            if table not in tables:
                missing.append(table)
                continue
            missing.extend(f"{table}.{c}" for c in wanted if c not in columns[table])
    assert missing == []


def test_platform_document_tables_are_all_listed() -> None:
    # The document announces 24 tables but describes 26 (section 3 has seven); all count.
    assert len(MANIFEST["source_000_lead_platform"]["tables"]) == 26


def test_views_exist_and_answer(conn: psycopg.Connection) -> None:
    views = _relations(conn, "v")
    for view in MANIFEST["source_004_matchmaking_bot"]["views"]:
        assert view in views
        conn.execute(f"SELECT * FROM {view} LIMIT 1").fetchall()


def test_embedding_columns_are_compact_and_hnsw_indexed(conn: psycopg.Connection) -> None:
    for table in MANIFEST["embedding_tables"]:
        kind = conn.execute(
            """SELECT format_type(a.atttypid, a.atttypmod) AS t FROM pg_attribute a
               WHERE a.attrelid = %s::regclass AND a.attname = 'embedding'""",
            (table,),
        ).fetchone()
        assert kind["t"] == "halfvec(512)"
        index = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE '%%hnsw%%'",
            (table,),
        ).fetchone()
        assert index is not None and "halfvec_cosine_ops" in index["indexdef"]


def test_constraints_and_defaults_stated_by_the_platform_document(conn: psycopg.Connection) -> None:
    unique = {
        row["conname"]
        for row in conn.execute("SELECT conname FROM pg_constraint WHERE contype = 'u'").fetchall()
    }
    assert {
        "growth_brain_client_unique",
        "prospect_candidates_website_unique",
        "prospect_industry_performance_industry_unique",
    } <= unique
    row = conn.execute(
        """INSERT INTO prompt_ab_tests (test_name, prompt_name) VALUES ('t', 'p')
           RETURNING min_sample_size, max_duration_days, significance_level"""
    ).fetchone()
    assert (row["min_sample_size"], row["max_duration_days"], float(row["significance_level"])) == (
        100, 7, 0.05,
    )
    ages = conn.execute(
        """SELECT
             (SELECT column_default FROM information_schema.columns
              WHERE table_name = 'feedback_tracking' AND column_name = 'expires_at') AS feedback,
             (SELECT column_default FROM information_schema.columns
              WHERE table_name = 'translation_cache' AND column_name = 'expires_at') AS cache"""
    ).fetchone()
    assert "1 year" in ages["feedback"]
    assert "90 days" in ages["cache"]


def test_foreign_keys_are_indexed(conn: psycopg.Connection) -> None:
    """Every foreign key column leads some index (joins and cascades stay fast)."""
    unindexed = conn.execute(
        """
        SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (
              SELECT 1 FROM pg_index i
              WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
        """
    ).fetchall()
    assert [f"{r['tbl']}.{r['col']}" for r in unindexed] == []
