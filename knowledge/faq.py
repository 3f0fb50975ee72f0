"""The knowledge base: indexing and retrieval of the agency's answers (FR and EN)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from psycopg import sql
from psycopg.rows import dict_row

from bot.core.connections import Conn
from knowledge.embeddings import Embedder, to_halfvec

# Measured with the offline model on tests/knowledge/faq_eval.yaml (71 FR/EN member
# questions, 6 off-topic ones): top-1 is right for 66 of 71; 59 of those 66 score
# >= 0.30, and no off-topic question scores above 0.26.
DEFAULT_MIN_SCORE = 0.30

# How many nearest rows to look at before applying the language preference.
_CANDIDATES = 12


@dataclass
class KnowledgeHit:
    """One knowledge-base answer and how close it is to the question (1 = same meaning)."""

    id: int
    title: str | None
    question: str
    answer: str
    category: str | None
    language: str
    score: float


def entry_text(*, question: str, keywords: Sequence[str] = ()) -> str:
    """The text embedded for an entry: its question and keywords.

    Measured (tests/knowledge/faq_eval.yaml): question + keywords retrieves best; adding
    the title changes little, adding the answer dilutes the vector and lowers scores.
    """
    parts = [question.strip().rstrip("?").strip(), *keywords]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def search_knowledge(
    conn: Conn,
    *,
    vector: list[float],
    language: str | None = None,
    limit: int = 3,
    min_score: float = DEFAULT_MIN_SCORE,
) -> list[KnowledgeHit]:
    """Best active answers for a question's vector, in the member's language when possible.

    Rows of the member's language come first; when none of them reaches min_score, the
    other language's rows that do are returned instead (better an English answer than
    none). The knowledge base is small, so the distance is computed exactly.
    """
    query = sql.SQL(
        """WITH scored AS MATERIALIZED (
               SELECT id, title, question, answer, category, language,
                      1 - (embedding <=> %(vector)s::halfvec) AS score
               FROM knowledge_base WHERE is_active AND embedding IS NOT NULL
           )
           SELECT * FROM scored WHERE score >= %(min_score)s
           ORDER BY score DESC, id LIMIT %(candidates)s"""
    )
    params = {"vector": to_halfvec(vector), "min_score": min_score,
              "candidates": max(_CANDIDATES, limit * 4)}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query, params).fetchall()
    hits = [KnowledgeHit(**{**row, "score": float(row["score"])}) for row in rows]
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
            sql.SQL("SELECT id, question, keywords FROM knowledge_base {} ORDER BY id")
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
            " indexed_at = now() WHERE id = %s",
            [(to_halfvec(v), embedder.model_name, r["id"]) for r, v in zip(rows, vectors, strict=True)],
        )
    if progress:
        progress(len(rows), len(rows))
    return len(rows)


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
