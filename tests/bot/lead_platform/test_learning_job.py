"""The `learning_feedback` job's failures: a failed run leaves nothing, the queue retries it, and
after the last attempt the next periodic run is still scheduled."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings

from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.learning import JOB, job_handlers


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    built = Services(settings=settings, pool=open_pool(db_url, max_size=2), database_url=db_url,
                     embedder=FakeEmbeddings(size=8))
    yield built
    built.pool.close()


def test_a_failed_run_leaves_nothing_and_the_next_run_is_still_scheduled(
        services: Services, db_url: str, conn: psycopg.Connection) -> None:
    client = conn.execute("INSERT INTO clients (business_name, email, api_key, api_key_prefix) "
                          "VALUES ('Shop', 'shop@x.test', 'k-shop', 'shop') RETURNING client_id").fetchone()["client_id"]
    evidence = {"intent": {"actual": "Spam", "error": "not a number", "weight": 1, "source": "edit"}}
    prediction = conn.execute(
        """INSERT INTO feedback_tracking (client_id, action_type, outcome, learning_impact, context_data)
           VALUES (%s, 'system_performance', 'negative', 0.9, %s) RETURNING id""",
        (client, json.dumps({"kind": "lead_analysis", "prediction": {"intent": "Other"}, "evidence": evidence})),
    ).fetchone()["id"]
    worker = Worker(services.pool, job_handlers(services), database_url=db_url)  # seeds the periodic run
    conn.execute("UPDATE queue_jobs SET run_at = now(), max_attempts = 1 WHERE job_type = %s", (JOB,))
    worker.run_one()

    jobs = conn.execute("SELECT status, error, run_at > now() + interval '10 minutes' AS later FROM queue_jobs "
                        "WHERE job_type = %s ORDER BY created_at", (JOB,)).fetchall()
    assert [(j["status"], j["later"]) for j in jobs] == [("failed", False), ("pending", True)]
    assert "InvalidTextRepresentation" in jobs[0]["error"]
    row = conn.execute("SELECT learning_applied, processed_at FROM feedback_tracking WHERE id = %s",
                       (prediction,)).fetchone()
    assert (row["learning_applied"], row["processed_at"]) == (False, None)
    assert conn.execute("SELECT count(*) AS n FROM performance_metrics").fetchone()["n"] == 0

    # Once the row reads, the next run applies it.
    evidence["intent"]["error"] = 1  # type: ignore[assignment]
    conn.execute("UPDATE feedback_tracking SET context_data = jsonb_set(context_data, '{evidence}', %s) WHERE id = %s",
                 (json.dumps(evidence), prediction))
    conn.execute("UPDATE queue_jobs SET run_at = now() WHERE job_type = %s AND status = 'pending'", (JOB,))
    worker.run_one()
    assert conn.execute("SELECT learning_applied FROM feedback_tracking WHERE id = %s",
                        (prediction,)).fetchone()["learning_applied"]
    accuracy = conn.execute("SELECT ai_accuracy, metadata FROM performance_metrics WHERE client_id = %s",
                            (client,)).fetchone()
    assert (float(accuracy["ai_accuracy"]), accuracy["metadata"]["judged"]) == (0.0, 1)
