"""Migration 0014: prospects written before it become the internal client's, their form tests
and outreach log follow, and a website is unique per client whatever its spelling."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row

from schema.migrate import _apply, discover


def test_older_prospects_go_to_the_internal_client(empty_db_url: str) -> None:
    with psycopg.connect(empty_db_url, autocommit=True, row_factory=dict_row) as conn:
        migrations = {m.version: m for m in discover()}
        conn.execute("CREATE TABLE schema_migrations (version INT PRIMARY KEY, name TEXT NOT NULL, "
                     "checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        for version in range(1, 14):
            _apply(conn, migrations[version], embedding_dim=8)
        prospect = conn.execute(
            "INSERT INTO prospect_candidates (business_name, website) VALUES ('Old', 'https://old.example') "
            "RETURNING id").fetchone()["id"]
        conn.execute("INSERT INTO prospect_form_tests (prospect_id) VALUES (%s)", (prospect,))
        conn.execute("INSERT INTO prospect_outreach_log (prospect_id) VALUES (%s)", (prospect,))

        _apply(conn, migrations[14], embedding_dim=8)

        internal = conn.execute("SELECT client_id, is_internal FROM clients").fetchall()
        assert len(internal) == 1 and internal[0]["is_internal"]
        owner = internal[0]["client_id"]
        for table in ("prospect_candidates", "prospect_form_tests", "prospect_outreach_log"):
            assert conn.execute(f"SELECT client_id FROM {table}").fetchone() == {"client_id": owner}, table
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO prospect_candidates (client_id, business_name, website) "
                         "VALUES (%s, 'Same', 'http://www.OLD.example/')", (owner,))
