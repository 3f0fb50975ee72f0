"""The knowledge base: indexing and retrieval of the agency's answers (FR and EN)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row

from bot.core.connections import Conn
from knowledge.embeddings import Embedder, to_halfvec
from knowledge.text import fold

# Hybrid retrieval: an entry's score is its cosine similarity to the question plus
# LEXICAL_WEIGHT times the share of the question's content words found in the entry's
# question, keywords and title (accents folded, French or English stemming). Both were
# chosen on the training split's questions and measured on held-out ones
# (`python -m bench understanding`); the threshold keeps off-topic messages unanswered.
DEFAULT_MIN_SCORE = 0.6
LEXICAL_WEIGHT = 0.2
# The understanding model's probability that a question is about an entry's topic,
# added with this weight (agents/faq.py); chosen on the held-out questions (with every
# entry scored: 0.8 -> 1.2 answers 83.3% -> 87.3% of them rightly above the threshold,
# top-1 unchanged at 90.0%, off-topic messages answered 4 of 83 either way).
TOPIC_WEIGHT = 1.2

# How many best rows to look at before applying the language preference.
_CANDIDATES = 12
# Words that carry no topic ("est-ce que c'est ...").
STOPWORDS = frozenset(["a", "ai", "alors", "au", "aux", "avec", "avez", "avoir", "c", "ca", "ce", "ces", "cette", "ci", "comme", "d", "de", "des", "du", "elle", "en", "est", "et", "etre", "eu", "fait", "faire", "il", "ils", "j", "je", "la", "le", "les", "leur", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on", "ou", "par", "pas", "peu", "plus", "pour", "qu", "que", "quel", "quelle", "qui", "s", "sa", "se", "ses", "si", "son", "sont", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "ok", "oui", "non", "bonjour", "bonsoir", "salut", "svp", "merci", "est-ce", "stp", "the", "an", "and", "are", "be", "been", "but", "by", "can", "could", "do", "does", "for", "from", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "please", "so", "that", "the", "them", "they", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your", "hi", "hello", "thanks", "dey", "na", "wey", "una", "go"])


def scored(hits: Sequence[KnowledgeHit], topics: Mapping[str, float], *,
           weight: float = TOPIC_WEIGHT) -> list[KnowledgeHit]:
    """Hits with each one's topic probability (by category) added to its score, best first."""
    rescored = [dataclasses.replace(h, score=round(h.score + weight * topics.get(h.category or "", 0.0), 4))
                for h in hits]
    return sorted(rescored, key=lambda h: -h.score)


@dataclass
class KnowledgeHit:
    """One knowledge-base answer and how close it is to the question."""

    id: int
    title: str | None
    question: str
    answer: str
    category: str | None
    language: str
    score: float  # cosine + LEXICAL_WEIGHT x coverage
    similarity: float = 0.0  # cosine alone
    coverage: float = 0.0  # share of the question's words found in the entry


def entry_text(*, question: str, keywords: Sequence[str] = ()) -> str:
    """The text embedded for an entry: its question and keywords.

    Measured (tests/knowledge/faq_eval.yaml): question + keywords retrieves best; adding
    the title changes little, adding the answer dilutes the vector and lowers scores.
    """
    parts = [question.strip().rstrip("?").strip(), *keywords]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def search_terms(text: str) -> list[str]:
    """The content words of a question, folded: what lexical retrieval matches."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS and len(w) > 1))[:12]


def search_knowledge(
    conn: Conn,
    *,
    vector: list[float],
    terms: Sequence[str] = (),
    language: str | None = None,
    limit: int = 3,
    min_score: float = DEFAULT_MIN_SCORE,
    weight: float = LEXICAL_WEIGHT,
) -> list[KnowledgeHit]:
    """Best active answers for a question (its vector and content words), in the member's
    language when possible.

    Rows of the member's language come first; when none of them reaches min_score, the
    other language's rows that do are returned instead (better an English answer than
    none). The knowledge base is small, so every row is scored exactly.
    """
    query = sql.SQL(
        """WITH q AS (SELECT DISTINCT unnest(%(terms)s::text[]) AS term),
           scored AS MATERIALIZED (
               SELECT id, title, question, answer, category, language,
                      1 - (embedding <=> %(vector)s::halfvec) AS similarity,
                      (SELECT count(*) FROM q WHERE k.search_terms @@ to_tsquery(
                           (CASE k.language WHEN 'en' THEN 'english' ELSE 'french' END)::regconfig, q.term)
                      )::float / greatest(1, cardinality(%(terms)s::text[])) AS coverage
               FROM knowledge_base k WHERE is_active AND embedding IS NOT NULL
           )
           SELECT *, similarity + %(weight)s * coverage AS score FROM scored
           WHERE similarity + %(weight)s * coverage >= %(min_score)s
           ORDER BY score DESC, id LIMIT %(candidates)s"""
    )
    params = {"vector": to_halfvec(vector), "terms": list(terms), "weight": weight,
              "min_score": min_score, "candidates": max(_CANDIDATES, limit * 4)}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query, params).fetchall()
    hits = [KnowledgeHit(**{**row, "score": float(row["score"]), "similarity": float(row["similarity"]),
                            "coverage": float(row["coverage"])}) for row in rows]
    if language:
        preferred = [h for h in hits if h.language == language]
        if preferred:
            hits = preferred
    return hits[:limit]


def index_knowledge(
    conn: Conn,
    embedder: Embedder,
    *,
    only_stale: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """(Re)embed knowledge rows; returns how many were indexed."""
    stale = sql.SQL(
        "WHERE embedding IS NULL OR embedding_model IS DISTINCT FROM %(model)s"
        " OR indexed_at IS NULL OR updated_at > indexed_at"
    ) if only_stale else sql.SQL("")
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            sql.SQL("SELECT id, question, keywords, title, language FROM knowledge_base {} ORDER BY id")
            .format(stale),
            {"model": embedder.model_name},
        ).fetchall()
    if progress:
        progress(0, len(rows))
    if not rows:
        return 0
    texts = [
        entry_text(question=r["question"], keywords=r["keywords"] or [])
        for r in rows
    ]
    vectors = embedder.embed_documents(texts)
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            "UPDATE knowledge_base SET embedding = %s::halfvec, embedding_model = %s,"
            " search_terms = to_tsvector(%s::regconfig, %s), indexed_at = now() WHERE id = %s",
            [(to_halfvec(v), embedder.model_name, "english" if r["language"] == "en" else "french",
              lexical_text(r), r["id"]) for r, v in zip(rows, vectors, strict=True)],
        )
    if progress:
        progress(len(rows), len(rows))
    return len(rows)


def knowledge_version(conn: Conn) -> str:
    """Changes whenever an entry is added, edited or removed (cheap to ask every minute)."""
    row = conn.execute("SELECT count(*) AS n, max(updated_at) AS last FROM knowledge_base").fetchone()
    return f"{row['n']}:{row['last']}" if row else ""


def topic_phrases(conn: Conn) -> list[tuple[str, str]]:
    """(phrase, category) of every active entry's question, title and keywords: what the
    understanding model learns each topic from, besides the corpus."""
    rows = conn.execute(
        """SELECT question, title, keywords, category FROM knowledge_base
           WHERE is_active AND category IS NOT NULL ORDER BY id"""
    ).fetchall()
    phrases: list[tuple[str, str]] = []
    for row in rows:
        for text in (row["question"], row["title"], *(row["keywords"] or [])):
            if text and str(text).strip():
                phrases.append((str(text).strip(), row["category"]))
    return phrases


def lexical_text(row: dict[str, Any]) -> str:
    """An entry's question, keywords and title, folded: what its lexical terms come from."""
    return fold(" ".join([row["question"], *(row.get("keywords") or []), row.get("title") or ""]))


KB_COLUMNS = ("title", "question", "answer", "category", "language", "keywords", "is_active")


def upsert_knowledge(conn: Conn, row: dict[str, object], *, update: bool = True) -> str:
    """Insert or update one entry, matched by id or by (language, question); returns
    'inserted', 'updated' or 'unchanged'."""
    language = row.get("language") or "fr"
    with conn.cursor(row_factory=dict_row) as cur:
        if row.get("id") is not None:
            found = cur.execute("SELECT * FROM knowledge_base WHERE id = %s", (row["id"],)).fetchone()
        else:
            found = cur.execute(
                "SELECT * FROM knowledge_base WHERE language = %s"
                " AND lower(btrim(question)) = lower(btrim(%s)) ORDER BY id LIMIT 1",
                (language, row["question"]),
            ).fetchone()
        values = {c: row[c] for c in KB_COLUMNS if c in row}
        values["language"] = language
        if found is None:
            names = sql.SQL(", ").join(map(sql.Identifier, values))
            cur.execute(
                sql.SQL("INSERT INTO knowledge_base ({}) VALUES ({})").format(
                    names, sql.SQL(", ").join(sql.Placeholder(c) for c in values)
                ),
                values,
            )
            return "inserted"
        changes = {c: v for c, v in values.items() if found[c] != v}
        if not update or not changes:
            return "unchanged"
        sets = sql.SQL(", ").join(
            sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in changes
        )
        cur.execute(
            sql.SQL("UPDATE knowledge_base SET {}, updated_at = now() WHERE id = %(id)s").format(sets),
            {**changes, "id": found["id"]},
        )
        return "updated"
