"""Switching embedding model: re-type the embedding columns and re-embed, never mixing spaces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from psycopg import sql
from psycopg.rows import dict_row

from bot.core.connections import Conn
from knowledge.embeddings import Embedder, to_halfvec
from knowledge.faq import index_knowledge
from knowledge.profiles import index_profiles
from schema.migrate import embedding_dim

# Each table with an embedding column, and the name its HNSW index has in the migrations.
HNSW_INDEXES = {
    "profiles": "profiles_embedding_hnsw",
    "knowledge_base": "knowledge_base_embedding_hnsw",
    "avenir_profile_embeddings": "avenir_profile_embeddings_hnsw",
}

StageProgress = Callable[[str, int, int], None]
"""Called with (table, done, total)."""


@dataclass
class ReindexReport:
    """What reindex changed."""

    model: str
    dimensions: int
    retyped: dict[str, int] = field(default_factory=dict)  # table -> previous width
    cleared: dict[str, int] = field(default_factory=dict)  # table -> other-model vectors dropped
    indexed: dict[str, int] = field(default_factory=dict)  # table -> rows embedded


def prepare_columns(conn: Conn, embedder: Embedder) -> ReindexReport:
    """Give every embedding column the model's width and drop vectors of any other model.

    One transaction, before any new vector is written: a search can find no vector for a
    row for a while, but never compare vectors of two models.
    """
    report = ReindexReport(model=embedder.model_name, dimensions=embedder.dimensions)
    with conn.transaction():
        for table, index in HNSW_INDEXES.items():
            width = embedding_dim(conn, table)
            if width is None:
                continue  # table absent (database older than the migration)
            if width != embedder.dimensions:
                conn.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(index)))
                conn.execute(sql.SQL(
                    "ALTER TABLE {} ALTER COLUMN embedding TYPE halfvec({}) USING NULL"
                ).format(sql.Identifier(table), sql.Literal(embedder.dimensions)))
                conn.execute(sql.SQL("UPDATE {} SET embedding_model = NULL").format(
                    sql.Identifier(table)))
                report.retyped[table] = width
            else:
                cleared = conn.execute(sql.SQL(
                    "UPDATE {} SET embedding = NULL WHERE embedding IS NOT NULL"
                    " AND embedding_model IS DISTINCT FROM %s"
                ).format(sql.Identifier(table)), (embedder.model_name,)).rowcount
                if cleared:
                    report.cleared[table] = cleared
    return report


def ensure_indexes(conn: Conn) -> None:
    """Create the HNSW indexes that prepare_columns dropped (built once, after the data)."""
    for table, index in HNSW_INDEXES.items():
        if embedding_dim(conn, table) is None:
            continue
        conn.execute(sql.SQL(
            "CREATE INDEX IF NOT EXISTS {} ON {} USING hnsw (embedding halfvec_cosine_ops)"
        ).format(sql.Identifier(index), sql.Identifier(table)))


def index_chunks(
    conn: Conn, embedder: Embedder, *, batch_size: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed the platform's profile chunks that have no vector of this model."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "SELECT id, chunk_text FROM avenir_profile_embeddings"
            " WHERE embedding IS NULL OR embedding_model IS DISTINCT FROM %s ORDER BY id",
            (embedder.model_name,),
        ).fetchall()
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        vectors = embedder.embed_documents([r["chunk_text"] for r in batch])
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                "UPDATE avenir_profile_embeddings SET embedding = %s::halfvec, embedding_model = %s"
                " WHERE id = %s",
                [(to_halfvec(v), embedder.model_name, r["id"]) for r, v in zip(batch, vectors, strict=True)],
            )
        if progress:
            progress(start + len(batch), len(rows))
    return len(rows)


def reindex(
    conn: Conn, embedder: Embedder, *, progress: StageProgress | None = None
) -> ReindexReport:
    """Bring every embedding column to the embedder's width and model; safe to re-run."""
    report = prepare_columns(conn, embedder)

    def stage(table: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: progress(table, done, total)) if progress else None

    report.indexed["profiles"] = index_profiles(conn, embedder, progress=stage("profiles"))
    report.indexed["knowledge_base"] = index_knowledge(conn, embedder, progress=stage("knowledge_base"))
    report.indexed["avenir_profile_embeddings"] = index_chunks(
        conn, embedder, progress=stage("avenir_profile_embeddings"))
    ensure_indexes(conn)
    return report
