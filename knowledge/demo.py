"""Demo content for a fresh installation: a bilingual knowledge base and a catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from psycopg.rows import dict_row

from bot.core.connections import Conn
from knowledge.demo_profiles import generate_profiles
from knowledge.embeddings import Embedder
from knowledge.faq import index_knowledge, upsert_knowledge
from knowledge.profile_store import upsert_profile
from knowledge.profiles import Progress, index_profiles
from knowledge.translations import add_to_dictionary

DEMO_KB = Path(__file__).parent / "data" / "demo_kb.yaml"
DEMO_PROFILE_COUNT = 240


def demo_knowledge() -> list[dict[str, Any]]:
    """The demo knowledge base as knowledge_base rows (French and English)."""
    with DEMO_KB.open(encoding="utf-8") as handle:
        topics = yaml.safe_load(handle)
    rows = []
    for topic in topics:
        for language in ("fr", "en"):
            entry = topic[language]
            rows.append({
                "category": topic["category"],
                "language": language,
                "title": entry["title"],
                "question": entry["question"],
                "answer": " ".join(entry["answer"].split()),
                "keywords": [str(k) for k in entry.get("keywords", [])],
                "is_active": True,
            })
    return rows


def database_is_empty(conn: Conn) -> bool:
    """True when there are no profiles and no knowledge rows (first start)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM profiles)"
            " AND NOT EXISTS (SELECT 1 FROM knowledge_base) AS empty"
        ).fetchone()
    return bool(row and row["empty"])


def load_demo(
    conn: Conn, embedder: Embedder, *, progress: Progress | None = None
) -> dict[str, int]:
    """Insert the demo knowledge base and profiles (existing rows are left alone) and
    index whatever needs it; running it twice changes nothing."""
    rows = generate_profiles(DEMO_PROFILE_COUNT)
    with conn.transaction():
        kb = [upsert_knowledge(conn, row, update=False) for row in demo_knowledge()]
        profiles = [upsert_profile(conn, row, update=False) for row in rows]
        # English cards: the profiles' short descriptions (the catalogue's vocabulary, such
        # as professions and hobbies, is seeded by migration 0019).
        words = add_to_dictionary(conn, [
            (r["description_short"], r["description_short_en"], "description") for r in rows
            if r.get("description_short") and r.get("description_short_en")
        ])
    return {
        "knowledge_inserted": kb.count("inserted"),
        "profiles_inserted": profiles.count("inserted"),
        "translations": words,
        "knowledge_indexed": index_knowledge(conn, embedder),
        "profiles_indexed": index_profiles(conn, embedder, progress=progress),
    }
