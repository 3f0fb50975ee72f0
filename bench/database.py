"""A throw-away database for benchmarks: on DATABASE_URL's server, else an embedded one."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from bot.core.db import embedded_server


def _with_database(url: str, name: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo(**info)  # type: ignore[arg-type]


@contextmanager
def fresh_database() -> Iterator[str]:
    """URL of a new, empty database, dropped (with its server, if embedded) afterwards."""
    external = os.environ.get("DATABASE_URL")
    base: Path | None = None
    server = None
    if external:
        admin_url = external
    else:
        base = Path(tempfile.mkdtemp(prefix="matchbot-bench-pg-"))
        base.chmod(0o755)  # as root the server runs as another user, which must reach it
        server = embedded_server(base / "pgdata", cleanup_mode="delete")
        admin_url = server.get_uri()
    name = f"mbbench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if server is not None:
            server.cleanup()
        if base is not None:
            shutil.rmtree(base, ignore_errors=True)
