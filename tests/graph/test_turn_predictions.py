"""Whole turns record the bot's readings as predictions (one row in the turn's transaction), and
where the conversation goes scores them: a contact request confirms the readings that led to it,
a handoff after misunderstanding refutes the turns not understood; the job counts them for the
agency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.lead_platform.learning import apply_feedback
from bot.runtime import build_services
from knowledge.profile_store import upsert_profile
from knowledge.profiles import index_profiles

AWA = {"code": "MAT-2025-401", "first_name": "Awa", "age": 34, "gender": "female", "city": "Douala",
       "search_age_min": 30, "search_age_max": 50, "status": "active", "description_short": "Souriante."}


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    built = build_services(settings, db_url, pool_size=3)
    with built.pool.connection() as conn:
        upsert_profile(conn, {"name": "Awa Testnom", **AWA})
        index_profiles(conn, built.embedder)
    yield built
    built.pool.close()


def chat(services: Services, db_url: str, phone: str) -> LocalChat:
    return LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url), phone=phone)


def predictions(conn: psycopg.Connection, lead_id: int) -> list[dict[str, Any]]:
    return conn.execute("SELECT * FROM feedback_tracking WHERE subject = %s ORDER BY created_at",
                        (f"member:{lead_id}",)).fetchall()


def test_turns_record_their_readings_and_the_conversations_outcome_scores_them(
        services: Services, db_url: str, conn: psycopg.Connection) -> None:
    awa_fan = chat(services, db_url, "+237690077701")
    awa_fan.send("Bonjour, je suis un homme de 40 ans à Douala, je cherche une femme entre 30 et 45 ans")
    assert any(m.profile_code == AWA["code"] for m in awa_fan.send("à Douala"))
    read = predictions(conn, awa_fan.lead_id)
    assert len(read) == 2 and all(r["outcome"] == "neutral" and r["learning_impact"] is None for r in read)
    context = read[0]["context_data"]
    assert (context["kind"], context["engine"]) == ("understanding", "classifier")
    # Each message keeps the id of its turn's reading: what an admin's correction scores.
    messages = conn.execute("SELECT metadata->'reading' AS reading FROM conversations WHERE lead_id = %s "
                            "AND direction = 'in' ORDER BY id", (awa_fan.lead_id,)).fetchall()
    assert [m["reading"]["feedback_id"] for m in messages] == [str(r["id"]) for r in read]
    assert [m["reading"]["intent"] for m in messages] == [r["context_data"]["prediction"]["intent"] for r in read]

    awa_fan.send("je suis intéressé")
    assert conn.execute("SELECT count(*) AS n FROM contact_requests WHERE lead_id = %s",
                        (awa_fan.lead_id,)).fetchone()["n"] == 1
    scored = predictions(conn, awa_fan.lead_id)
    assert [r["outcome"] for r in scored] == ["positive"] * 3
    assert {r["context_data"]["evidence"]["intent"]["source"] for r in scored} == {"contact_request"}

    lost = chat(services, db_url, "+237690077702")
    for line in ("Bonjour", "blablabla", "zzzz qwerty"):  # two turns not understood: handed over
        lost.send(line)
    assert conn.execute("SELECT handoff_reason FROM leads WHERE id = %s",
                        (lost.lead_id,)).fetchone()["handoff_reason"] == "not_understood"
    assert [r["outcome"] for r in predictions(conn, lost.lead_id)] == ["neutral", "negative", "negative"]

    result = apply_feedback(services)
    internal = conn.execute("SELECT client_id FROM clients WHERE is_internal").fetchone()["client_id"]
    assert result["clients"][str(internal)]["predictions"] == 5
    accuracy = conn.execute("SELECT metadata FROM performance_metrics WHERE client_id = %s "
                            "AND metadata->>'dimension' = 'understanding' AND metadata->>'key' = 'all'",
                            (internal,)).fetchone()["metadata"]
    assert (accuracy["correct"], accuracy["judged"]) == (3, 5)
