"""Console SQL for the profile catalogue and the knowledge base (lists, edits, index status).

Writes go through knowledge.profiles.upsert_profile / knowledge.faq.upsert_knowledge, and
rows are re-indexed with the process's embedder right after, so that matching and FAQ
retrieval see the change at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row

from bot.core import like
from bot.core.connections import Conn
from knowledge.embeddings import Embedder
from knowledge.faq import index_knowledge
from knowledge.profiles import PROFILE_COLUMNS, Profile, index_profiles

PROFILE_STATUSES = ("active", "inactive", "married")
PAGE_SIZE = 50


@dataclass
class ProfileFilter:
    """What the catalogue page asks for."""

    search: str | None = None
    gender: str | None = None
    status: str | None = None
    city: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    page: int = 1


def list_profiles(conn: Conn, flt: ProfileFilter) -> tuple[list[Profile], int]:
    """One page of profiles matching the filter, and how many match in all."""
    clauses: list[sql.Composable] = [sql.SQL("TRUE")]
    params: dict[str, Any] = {"limit": PAGE_SIZE, "offset": (max(flt.page, 1) - 1) * PAGE_SIZE}
    if flt.search:
        clauses.append(
            sql.SQL(
                "(p.code ILIKE %(like)s {e} OR p.first_name ILIKE %(like)s {e} OR p.name ILIKE %(like)s {e}"
                " OR p.profession ILIKE %(like)s {e} OR p.neighborhood ILIKE %(like)s {e})"
            ).format(e=sql.SQL(like.ESCAPE))
        )
        params["like"] = like.contains(flt.search)
    for column in ("gender", "status"):
        if getattr(flt, column):
            clauses.append(sql.SQL("p.{} = %({})s").format(sql.Identifier(column), sql.SQL(column)))
            params[column] = getattr(flt, column)
    if flt.city:
        clauses.append(sql.SQL("lower(p.city) = lower(%(city)s)"))
        params["city"] = flt.city
    if flt.age_min is not None:
        clauses.append(sql.SQL("p.age >= %(age_min)s"))
        params["age_min"] = flt.age_min
    if flt.age_max is not None:
        clauses.append(sql.SQL("p.age <= %(age_max)s"))
        params["age_max"] = flt.age_max
    where = sql.SQL(" AND ").join(clauses)
    with conn.cursor(row_factory=dict_row) as cur:
        total = cur.execute(
            sql.SQL("SELECT count(*) AS n FROM profiles p WHERE {}").format(where), params
        ).fetchone()["n"]  # type: ignore[index]
        rows = cur.execute(
            sql.SQL(
                "SELECT {} FROM profiles p WHERE {} ORDER BY p.code LIMIT %(limit)s "
                "OFFSET %(offset)s"
            ).format(PROFILE_COLUMNS, where),
            params,
        ).fetchall()
    return [Profile.from_row(r) for r in rows], int(total)


def get_profile(conn: Conn, profile_id: int) -> Profile | None:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            sql.SQL("SELECT {} FROM profiles p WHERE p.id = %s").format(PROFILE_COLUMNS),
            (profile_id,),
        ).fetchone()
    return Profile.from_row(row) if row else None


def set_profile_status(conn: Conn, profile_id: int, *, status: str) -> bool:
    """Deactivate, reactivate or mark married (matching only ever proposes active profiles)."""
    if status not in PROFILE_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    cur = conn.execute(
        "UPDATE profiles SET status = %s, updated_at = now() WHERE id = %s", (status, profile_id)
    )
    return cur.rowcount == 1


def cities(conn: Conn) -> list[str]:
    return [
        r["city"]
        for r in conn.execute(
            "SELECT DISTINCT city FROM profiles WHERE city IS NOT NULL AND city <> '' ORDER BY city"
        ).fetchall()
    ]


def profile_index_status(conn: Conn, *, model: str) -> dict[str, int]:
    """How many profiles are indexed with the configured model, stale, or never indexed."""
    return conn.execute(
        """SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE embedding IS NOT NULL AND embedding_model = %(m)s
                                   AND indexed_at >= updated_at)::int AS current,
                  count(*) FILTER (WHERE embedding IS NULL)::int AS missing,
                  count(*) FILTER (WHERE embedding_model IS DISTINCT FROM %(m)s
                                   AND embedding IS NOT NULL)::int AS other_model
           FROM profiles""",
        {"m": model},
    ).fetchone()  # type: ignore[return-value]


def kb_index_status(conn: Conn, *, model: str) -> dict[str, int]:
    return conn.execute(
        """SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE embedding IS NOT NULL AND embedding_model = %(m)s
                                   AND indexed_at >= updated_at)::int AS current,
                  count(*) FILTER (WHERE embedding IS NULL)::int AS missing
           FROM knowledge_base""",
        {"m": model},
    ).fetchone()  # type: ignore[return-value]


def reindex_profiles(conn: Conn, embedder: Embedder) -> int:
    """Index every profile that is new, edited or embedded by another model."""
    return index_profiles(conn, embedder)


# -- knowledge base ----------------------------------------------------------------------


def list_knowledge(
    conn: Conn,
    *,
    search: str | None = None,
    language: str | None = None,
    active: bool | None = None,
) -> list[dict[str, Any]]:
    return conn.execute(
        f"""SELECT id, category, language, title, question, answer, keywords, is_active, embedding_model,
                  indexed_at, updated_at FROM knowledge_base
           WHERE (%(s)s::text IS NULL OR question ILIKE %(like)s {like.ESCAPE}
                  OR answer ILIKE %(like)s {like.ESCAPE} OR title ILIKE %(like)s {like.ESCAPE}
                  OR category ILIKE %(like)s {like.ESCAPE})
             AND (%(lang)s::text IS NULL OR language = %(lang)s)
             AND (%(active)s::bool IS NULL OR is_active = %(active)s)
           ORDER BY category NULLS LAST, id""",
        {"s": search, "like": like.contains(search or ""), "lang": language, "active": active},
    ).fetchall()


def get_knowledge(conn: Conn, entry_id: int) -> dict[str, Any] | None:
    return conn.execute("SELECT * FROM knowledge_base WHERE id = %s", (entry_id,)).fetchone()


def set_knowledge_active(conn: Conn, entry_id: int, *, active: bool) -> bool:
    cur = conn.execute(
        "UPDATE knowledge_base SET is_active = %s, updated_at = now() WHERE id = %s",
        (active, entry_id),
    )
    return cur.rowcount == 1


def reindex_knowledge(conn: Conn, embedder: Embedder) -> int:
    return index_knowledge(conn, embedder)
