"""Apply the numbered SQL migrations in order, once each, under an advisory lock.

A migration runs in one transaction, unless its first line is `-- migrate: no-transaction`:
then each statement runs and commits on its own, which `CREATE INDEX CONCURRENTLY` (no
lock on writes while an index builds on a live table) and batched backfills need. Such a
file must be safe to run again from the start, since a failure leaves the statements
before it applied and the version unrecorded.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any fixed 64-bit number works; it only has to be the same in every process.
MIGRATION_LOCK_KEY = 0x6D61_7463_6862_6F74  # "matchbot"
_FILENAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
NO_TRANSACTION = "-- migrate: no-transaction"
# What a semicolon can hide in: comments, quoted strings and identifiers, dollar quotes.
_SQL_TOKEN = re.compile(
    r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(\$(?:[A-Za-z_]\w*)?\$).*?\1|;", re.S
)


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    path: Path

    def render(self, *, embedding_dim: int) -> str:
        """The SQL with the configured embedding width filled in."""
        return self.path.read_text().replace("{{embedding_dim}}", str(embedding_dim))

    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    @property
    def transactional(self) -> bool:
        """False for a file marked to run statement by statement (see the module docstring)."""
        return not self.path.read_text().startswith(NO_TRANSACTION)


def split_statements(script: str) -> list[str]:
    """The statements of a SQL script: split on the semicolons outside comments and quotes."""
    statements, start = [], 0
    for token in _SQL_TOKEN.finditer(script):
        if token.group() == ";":
            statements.append(script[start : token.end()])
            start = token.end()
    statements.append(script[start:])
    return [s.strip() for s in statements if _SQL_TOKEN.sub("", s).strip()]


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """All migrations in the folder, in version order."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILENAME.match(path.name)
        if not match:
            raise ValueError(f"migration file name must look like 0001_name.sql: {path.name}")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise ValueError("two migrations share a version number")
    return found


def applied_versions(conn: psycopg.Connection[Any]) -> set[int]:
    """Versions recorded in schema_migrations (empty when the table does not exist yet)."""
    exists = conn.execute("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS e").fetchone()
    if not _first(exists):
        return set()
    return {int(str(_first(row))) for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}


def current_version(conn: psycopg.Connection[Any]) -> int | None:
    """Highest applied version, or None on an empty database."""
    versions = applied_versions(conn)
    return max(versions) if versions else None


def migrate(
    conn: psycopg.Connection[Any],
    *,
    embedding_dim: int,
    after: Callable[[psycopg.Connection[Any]], None] | None = None,
) -> list[Migration]:
    """Apply every missing migration; return those applied (empty when up to date).

    `conn` must be in autocommit mode. A session advisory lock makes concurrent runs
    wait for each other, so the second one finds nothing left to do. `after` runs under
    the same lock (set-up of libraries that keep their own tables).
    """
    _wait_for_lock(conn)
    try:
        conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version    INT PRIMARY KEY,
                   name       TEXT NOT NULL,
                   checksum   TEXT NOT NULL,
                   applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"""
        )
        done = applied_versions(conn)
        applied = []
        for migration in discover():
            if migration.version in done:
                continue
            _apply(conn, migration, embedding_dim=embedding_dim)
            applied.append(migration)
        if after is not None:
            after(conn)
        return applied
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))


def _apply(conn: psycopg.Connection[Any], migration: Migration, *, embedding_dim: int) -> None:
    """Run one migration and record it: in one transaction, or statement by statement."""
    script = migration.render(embedding_dim=embedding_dim)
    if migration.transactional:
        with conn.transaction():
            conn.execute(script.encode())
            _record(conn, migration)
        return
    for statement in split_statements(script):
        conn.execute(statement.encode())  # autocommit: each statement commits on its own
    _record(conn, migration)


def _record(conn: psycopg.Connection[Any], migration: Migration) -> None:
    conn.execute(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
        (migration.version, migration.name, migration.checksum()),
    )


def embedding_dim(conn: psycopg.Connection[Any], table: str = "profiles") -> int | None:
    """Width of a table's embedding column as the database has it (None before v2)."""
    row = conn.execute(
        """SELECT a.atttypmod FROM pg_attribute a
           WHERE a.attrelid = to_regclass(%s) AND a.attname = 'embedding' AND NOT a.attisdropped""",
        (f"public.{table}",),
    ).fetchone()
    value = _first(row)
    return int(value) if isinstance(value, int) and value > 0 else None


def _wait_for_lock(conn: psycopg.Connection[Any], *, timeout: float = 600.0) -> None:
    """Take the migration lock, polling rather than blocking.

    A blocked pg_advisory_lock() call keeps a transaction open, and LangGraph's set-up
    runs CREATE INDEX CONCURRENTLY, which waits for every open transaction: the two
    would deadlock. Polling leaves no transaction open between attempts.
    """
    deadline = time.monotonic() + timeout
    while not _first(conn.execute("SELECT pg_try_advisory_lock(%s)", (MIGRATION_LOCK_KEY,)).fetchone()):
        if time.monotonic() > deadline:
            raise TimeoutError("another process has been migrating this database for too long")
        time.sleep(0.1)


def _first(row: object) -> object:
    if row is None:
        return None
    if isinstance(row, dict):
        return next(iter(row.values()))
    return row[0]  # type: ignore[index]
