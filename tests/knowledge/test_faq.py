"""Knowledge-base retrieval on the demo KB: top-1 accuracy, threshold, language preference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml
from psycopg.rows import dict_row

from knowledge.demo import demo_knowledge
from knowledge.embeddings import OfflineEmbeddings
from knowledge.faq import DEFAULT_MIN_SCORE, index_knowledge, search_knowledge, upsert_knowledge
from tests.conftest import create_database, drop_database

EVAL = yaml.safe_load((Path(__file__).parent / "faq_eval.yaml").read_text(encoding="utf-8"))


def _load_kb(conn: psycopg.Connection, embedder: OfflineEmbeddings) -> dict[int, str]:
    for row in demo_knowledge():
        upsert_knowledge(conn, row)
    assert index_knowledge(conn, embedder) == len(demo_knowledge())
    return {r["id"]: r["category"] for r in conn.execute("SELECT id, category FROM knowledge_base")}


@pytest.fixture
def kb(conn: psycopg.Connection, embedder: OfflineEmbeddings) -> dict[int, str]:
    """The demo knowledge base, indexed, in this test's database; id -> category."""
    return _load_kb(conn, embedder)


@pytest.fixture(scope="module")
def shared_kb(
    pg_admin_url: str, template_db: str, embedder: OfflineEmbeddings
) -> Iterator[tuple[psycopg.Connection, dict[int, str]]]:
    """One indexed demo KB for the read-only tests of this module."""
    url = create_database(pg_admin_url, template=template_db)
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as connection:
        yield connection, _load_kb(connection, embedder)
    drop_database(pg_admin_url, url)


def test_top1_accuracy_and_threshold(
    shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings
) -> None:
    conn, kb = shared_kb
    questions = EVAL["questions"] + EVAL["held_out"]
    vectors = embedder.embed_documents([q["q"] for q in questions])
    correct, answered, misses = 0, 0, []
    for question, vector in zip(questions, vectors, strict=True):
        hits = search_knowledge(conn, vector=vector, language=question["lang"], limit=1, min_score=0.0)
        if hits and kb[hits[0].id] == question["expect"]:
            correct += 1
            answered += hits[0].score >= DEFAULT_MIN_SCORE
        else:
            misses.append((question["q"], hits[0].category if hits else None))
    accuracy = correct / len(questions)
    print(f"top-1 {correct}/{len(questions)} = {accuracy:.0%}; answered above threshold {answered}")
    assert len(questions) >= 30
    assert accuracy >= 0.85, misses
    assert answered >= 0.8 * len(questions)  # the threshold keeps most right answers


def test_held_out_questions_alone(
    shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings
) -> None:
    conn, kb = shared_kb
    questions = EVAL["held_out"]
    vectors = embedder.embed_documents([q["q"] for q in questions])
    correct = sum(
        kb[search_knowledge(conn, vector=v, language=q["lang"], limit=1, min_score=0.0)[0].id] == q["expect"]
        for q, v in zip(questions, vectors, strict=True)
    )
    assert correct / len(questions) >= 0.85


def test_off_topic_questions_fall_under_the_threshold(
    shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings
) -> None:
    conn, _ = shared_kb
    for question in EVAL["off_topic"]:
        vector = embedder.embed_query(question["q"])
        assert search_knowledge(conn, vector=vector, language=question["lang"]) == [], question


def test_language_preference_and_fallback(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, kb: dict[int, str]
) -> None:
    vector = embedder.embed_query("how do I delete my account")
    english = search_knowledge(conn, vector=vector, language="en")
    french = search_knowledge(conn, vector=vector, language="fr")
    assert english[0].language == "en" and english[0].category == "suppression"
    assert french[0].language == "fr" and french[0].category == "suppression"
    # No French row passes the threshold any more: the English answer is better than none.
    conn.execute("UPDATE knowledge_base SET is_active = false WHERE language = 'fr'")
    fallback = search_knowledge(conn, vector=vector, language="fr")
    assert fallback and fallback[0].language == "en"
    assert all(h.score >= DEFAULT_MIN_SCORE for h in fallback)
    assert [h.score for h in fallback] == sorted((h.score for h in fallback), reverse=True)


def test_inactive_and_stale_rows(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, kb: dict[int, str]
) -> None:
    vector = embedder.embed_query("combien ça coûte ?")
    top = search_knowledge(conn, vector=vector, language="fr", limit=1)[0]
    conn.execute("UPDATE knowledge_base SET is_active = false WHERE id = %s", (top.id,))
    assert all(h.id != top.id for h in search_knowledge(conn, vector=vector, language="fr"))
    assert index_knowledge(conn, embedder) == 0  # nothing stale
    conn.execute("UPDATE knowledge_base SET updated_at = now() + interval '1 second' WHERE id = %s",
                 (top.id,))
    assert index_knowledge(conn, embedder) == 1
