"""The bot's readings as predictions (bot/lead_platform/store/feedback.py): written as the agency,
scored by where the member's conversation went, folded into accuracy by the job, erased with the
member."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings

from bot.core.db import open_pool
from bot.core.prompts import PromptCall, Variant
from bot.core.services import Services
from bot.core.settings import Settings
from bot.lead_platform.learning import apply_feedback
from bot.lead_platform.store import feedback
from bot.store import conversations as repo
from bot.store.erasure import forget


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    built = Services(settings=settings, pool=open_pool(db_url, max_size=2), database_url=db_url,
                     embedder=FakeEmbeddings(size=8))
    yield built
    built.pool.close()


def read(conn: psycopg.Connection, member_id: int, intent: str, *, confidence: float = 0.8,
         prompt: PromptCall | None = None, hours_ago: int = 0) -> uuid.UUID:
    """A turn's reading, as the understanding node records it (in the turn's transaction, as the owner)."""
    with conn.transaction():
        found = feedback.record_understanding(
            conn, member_id=member_id, intent=intent, confidence=confidence, context="none", language="fr",
            engine="llm" if prompt else "classifier", model="features-v3", prompt=prompt)
    conn.execute("UPDATE feedback_tracking SET created_at = now() - make_interval(hours => %s) WHERE id = %s",
                 (hours_ago, found))
    return found


def row(conn: psycopg.Connection, prediction: uuid.UUID) -> dict[str, Any]:
    found = conn.execute("SELECT * FROM feedback_tracking WHERE id = %s", (prediction,)).fetchone()
    assert found is not None
    return found


def test_a_reading_is_the_agencys_and_an_llm_reading_names_its_prompt_and_call(conn: psycopg.Connection) -> None:
    member = repo.upsert_lead(conn, channel="local", phone="+237690055501")
    before = read(conn, member, "answer")
    assert row(conn, before)["client_id"] is None  # no internal client yet: the job adopts it (below)
    conn.execute("INSERT INTO clients (business_name, email, api_key, api_key_prefix, is_internal) "
                 "VALUES ('Internal sales', 'internal@agence.test', 'k-internal', 'internal', TRUE)")
    internal = conn.execute("SELECT client_id FROM clients WHERE is_internal").fetchone()["client_id"]
    variant = Variant(id=uuid.uuid4(), name="understand", variant_id="understand-v2", version=2, text="…")
    call = PromptCall(name="understand", text="…", variant=variant, subject=f"member:{member}")
    conn.execute("INSERT INTO prompt_performance (execution_id, prompt_name, subject) VALUES (%s, 'understand', %s)",
                 (call.execution_id, call.subject))
    by_model = read(conn, member, "interest", confidence=0.8, prompt=call)
    found = row(conn, by_model)
    assert (found["client_id"], found["subject"], found["action_type"], found["outcome"]) == (
        internal, f"member:{member}", "system_performance", "neutral")
    context = found["context_data"]
    assert (context["kind"], context["engine"], context["prediction"]["intent"]) == ("understanding", "llm", "interest")
    assert context["prompt"] == {"name": "understand", "execution_id": call.execution_id,
                                 "variant_id": "understand-v2", "version": 2}
    linked = conn.execute("SELECT feedback_id FROM prompt_performance WHERE execution_id = %s",
                          (call.execution_id,)).fetchone()
    assert linked["feedback_id"] == by_model
    assert found["notes_fr"] == "Lu comme interest par llm."


def test_a_contact_request_confirms_the_conversation_a_handoff_refutes_the_misread_turns(
        conn: psycopg.Connection) -> None:
    member = repo.upsert_lead(conn, channel="local", phone="+237690055502")
    stale = read(conn, member, "greeting", hours_ago=30)  # before the conversation's window
    corrected = read(conn, member, "answer")
    with conn.transaction():
        feedback.understanding_corrected(conn, corrected, intent="question")  # an admin said otherwise
    recent = [read(conn, member, intent) for intent in ("show_profiles", "next_profile", "interest")]
    with conn.transaction():
        assert feedback.conversation_outcome(conn, member_id=member, event="contact_request") == 3
    assert [row(conn, p)["outcome"] for p in recent] == ["positive"] * 3
    assert row(conn, recent[0])["context_data"]["evidence"]["intent"]["source"] == "contact_request"
    assert (row(conn, stale)["learning_impact"], row(conn, corrected)["outcome"]) == (None, "negative")

    other = repo.upsert_lead(conn, channel="local", phone="+237690055503")
    understood = read(conn, other, "answer")
    misread = [read(conn, other, "chitchat", confidence=0.35), read(conn, other, "unclear", confidence=0.3)]
    with conn.transaction():
        assert feedback.conversation_outcome(conn, member_id=other, event="handoff", last=2) == 2
    assert [(row(conn, p)["outcome"], float(row(conn, p)["learning_impact"])) for p in misread] == [
        ("negative", 0.175), ("negative", 0.15)]  # implicit (0.5) × the confidence they claimed
    assert "Intention fausse : prédit unclear, en réalité pas unclear" in row(conn, misread[1])["notes_fr"]
    assert row(conn, understood)["learning_impact"] is None


def test_the_job_adopts_the_agencys_readings_and_counts_them_per_intent(
        services: Services, conn: psycopg.Connection) -> None:
    member = repo.upsert_lead(conn, channel="local", phone="+237690055504")
    readings = {intent: read(conn, member, intent) for intent in ("answer", "question", "interest")}
    with conn.transaction():
        feedback.understanding_corrected(conn, readings["answer"], intent="change_criteria")
        feedback.conversation_outcome(conn, member_id=member, event="contact_request")
    result = apply_feedback(services)
    internal = conn.execute("SELECT client_id FROM clients WHERE is_internal").fetchone()["client_id"]
    assert result["clients"][str(internal)]["predictions"] == 3
    assert conn.execute("SELECT count(*) AS n FROM feedback_tracking WHERE client_id IS NULL").fetchone()["n"] == 0
    rows = conn.execute("SELECT metadata->>'key' AS key, (metadata->>'correct')::int AS correct, "
                        "(metadata->>'judged')::int AS judged FROM performance_metrics "
                        "WHERE client_id = %s AND metadata->>'dimension' = 'understanding' ORDER BY 1",
                        (internal,)).fetchall()
    assert [(r["key"], r["correct"], r["judged"]) for r in rows] == [
        ("all", 2, 3), ("answer", 0, 1), ("interest", 1, 1), ("question", 1, 1)]


def test_forgetting_a_member_erases_the_readings_of_their_messages(conn: psycopg.Connection) -> None:
    member = repo.upsert_lead(conn, channel="local", phone="+237690055505")
    someone_else = read(conn, repo.upsert_lead(conn, channel="local", phone="+237690055506"), "greeting")
    read(conn, member, "greeting")
    result = forget(conn, phone="+237690055505")
    assert result.rows["feedback_tracking"] == 1
    assert conn.execute("SELECT count(*) AS n FROM feedback_tracking WHERE subject = %s",
                        (f"member:{member}",)).fetchone()["n"] == 0
    assert row(conn, someone_else)["outcome"] == "neutral"  # still there
