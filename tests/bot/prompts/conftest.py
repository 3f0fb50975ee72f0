"""One database per test module (creating one takes seconds), Services over it, and prompts of
a test's own: each test registers prompts under fresh names, so tests never meet."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings
from psycopg.rows import dict_row

from bot.core.db import open_pool, service_transaction
from bot.core.prompts import PromptSpec, placeholders
from bot.core.services import Services
from bot.core.settings import Settings
from bot.prompts import abtests, registry
from tests.conftest import create_database, drop_database


@pytest.fixture(scope="module")
def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    url = create_database(pg_admin_url, template=template_db)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture(scope="module")
def settings(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(_env_file=None, environment="test", database_url=db_url,  # type: ignore[call-arg]
                    home=tmp_path_factory.mktemp("home"), chat_provider="offline", embedding_provider="offline")


@pytest.fixture(scope="module")
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    pool = open_pool(db_url, max_size=3)
    yield Services(settings=settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8))
    pool.close()


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as connection:
        yield connection


def register(conn: psycopg.Connection, text: str, *, parameters: dict[str, float] | None = None) -> PromptSpec:
    """A prompt of the test's own, version 1 active, as migration 0020 seeds the real ones."""
    name = f"t_{uuid.uuid4().hex[:10]}"
    conn.execute(
        """INSERT INTO prompt_registry (prompt_name, variant_version, variant_id, prompt_text, model_parameters,
               placeholders, is_active, created_by, activated_at)
           VALUES (%s, 1, %s, %s, %s, %s, TRUE, 'test', now())""",
        (name, f"{name}-v1", text, json.dumps(parameters or {}), placeholders(text)))
    return PromptSpec(name, text)


def record_calls(conn: psycopg.Connection, test: abtests.ABTest, *, arm: str, calls: int, good: int,
                 refuted: int = 0) -> None:
    """`calls` recorded calls of an arm: `good` succeed; of the rest, `refuted` made a prediction the
    outcome contradicted (a negative feedback row), the others answered out of format."""
    version = test.treatment_version if arm == "treatment" else test.control_version
    with service_transaction(conn):
        variant = registry.get_version(conn, test.prompt_name, version)
        assert variant is not None
        for n in range(calls):
            feedback = None
            if good <= n < good + refuted:
                feedback = conn.execute("INSERT INTO feedback_tracking (action_type, outcome) "
                                        "VALUES ('system_performance', 'negative') RETURNING id").fetchone()["id"]
            conn.execute(
                """INSERT INTO prompt_performance (prompt_registry_id, prompt_name, execution_id, subject, ab_test_id,
                       test_arm, consistency_score, error_occurred, feedback_id, environment)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, FALSE, %s, 'test')""",
                (variant.id, test.prompt_name, uuid.uuid4().hex, f"lead:{uuid.uuid4()}", test.id, arm,
                 1.0 if n < good + refuted else 0.0, feedback))
