"""Knowledge-base retrieval on the demo KB: top-1 accuracy, threshold, language preference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml
from psycopg.rows import dict_row

from agents.faq import ranked
from agents.nlu.evaluation import FaqQuestion, evaluate_faq
from agents.nlu.model import UnderstandingModel
from agents.nlu.reader import Reader
from knowledge.demo import demo_knowledge
from knowledge.embeddings import OfflineEmbeddings
from knowledge.faq import DEFAULT_MIN_SCORE, KnowledgeHit, index_knowledge, search_knowledge, upsert_knowledge
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


@pytest.fixture(scope="module")
def reader(shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings) -> Reader:
    """The bot's understanding model for the demo KB (its topic model knows the entries)."""
    return UnderstandingModel(embedder).reader(shared_kb[0])


def _best(conn: psycopg.Connection, reader: Reader | None, embedder: OfflineEmbeddings, text: str,
          lang: str) -> KnowledgeHit | None:
    hits = ranked(conn, reader, vector=embedder.embed_query(text), text=text, lang=lang)
    return hits[0] if hits else None


def test_top1_accuracy_and_threshold(
    shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings, reader: Reader
) -> None:
    conn, _ = shared_kb
    questions = [FaqQuestion(q=q["q"], lang=q["lang"], expect=q["expect"])
                 for q in EVAL["questions"] + EVAL["held_out"]]
    report = evaluate_faq(conn, embedder, questions, reader=reader,
                          off_topic=[q["q"] for q in EVAL["off_topic"]])
    print(report.as_json())
    assert report.questions >= 30
    assert report.top1 >= 0.9, report.misses
    assert report.answered >= 0.85, report.misses  # the threshold keeps most right answers
    assert report.off_topic_answered == 0


def test_a_question_the_knowledge_base_must_not_answer_is_no_top1_miss(
    shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings, reader: Reader
) -> None:
    """`expect: none` (off-topic, or about a shown profile): right when nothing is answered,
    counted with the off-topic messages, never in top-1 (it has no entry to be first)."""
    questions = [FaqQuestion(q="combien coûte un contact ?", lang="fr", expect="tarifs"),
                 FaqQuestion(q="il pleut beaucoup à Kribi ce matin", lang="fr", expect="none")]
    report = evaluate_faq(shared_kb[0], embedder, questions, reader=reader)
    assert (report.questions, report.top1, report.off_topic, report.off_topic_answered) == (1, 1.0, 1, 0)


def test_held_out_questions_alone(
    shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings, reader: Reader
) -> None:
    conn, _ = shared_kb
    questions = [FaqQuestion(q=q["q"], lang=q["lang"], expect=q["expect"]) for q in EVAL["held_out"]]
    assert evaluate_faq(conn, embedder, questions, reader=reader).top1 >= 0.85


def test_retrieval_alone_ranks_the_right_entry_first(
    shared_kb: tuple[psycopg.Connection, dict[int, str]], embedder: OfflineEmbeddings
) -> None:
    """Without the topic model (it has not been trained yet), vectors and words still find
    the entry for plain questions."""
    conn, _ = shared_kb
    for text, lang, expect in [("combien coûte un contact ?", "fr", "tarifs"),
                               ("comment supprimer mes données", "fr", "suppression"),
                               ("how do I pay", "en", "paiement")]:
        hit = _best(conn, None, embedder, text, lang)
        assert hit is not None and hit.category == expect and hit.language == lang, (text, hit)


def test_language_preference_and_fallback(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, kb: dict[int, str], reader: Reader
) -> None:
    english = _best(conn, reader, embedder, "how do I delete my account", "en")
    french = _best(conn, reader, embedder, "how do I delete my account", "fr")
    assert english is not None and english.language == "en" and english.category == "suppression"
    assert french is not None and french.language == "fr" and french.category == "suppression"
    # No French row any more: the English answer is better than none.
    conn.execute("UPDATE knowledge_base SET is_active = false WHERE language = 'fr'")
    fallback = ranked(conn, reader, vector=embedder.embed_query("how do I delete my account"),
                      text="how do I delete my account", lang="fr")
    assert fallback and fallback[0].language == "en" and fallback[0].score >= DEFAULT_MIN_SCORE
    assert [h.score for h in fallback] == sorted((h.score for h in fallback), reverse=True)


def test_inactive_and_stale_rows(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, kb: dict[int, str]
) -> None:
    vector = embedder.embed_query("combien ça coûte ?")
    top = search_knowledge(conn, vector=vector, language="fr", limit=1, min_score=0.3)[0]
    conn.execute("UPDATE knowledge_base SET is_active = false WHERE id = %s", (top.id,))
    assert all(h.id != top.id for h in search_knowledge(conn, vector=vector, language="fr", min_score=-1))
    assert index_knowledge(conn, embedder) == 0  # nothing stale
    conn.execute("UPDATE knowledge_base SET updated_at = now() + interval '1 second' WHERE id = %s",
                 (top.id,))
    assert index_knowledge(conn, embedder) == 1
