"""The profile catalogue: rows, search text, indexing, and the matching query."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from bot.core.connections import Conn
from knowledge.embeddings import Embedder, to_halfvec
from knowledge.text import ACCENTED, PLAIN, fold

Progress = Callable[[int, int], None]
"""Called with (done, total) as indexing advances."""

PUBLIC_FIELDS = (
    "code", "first_name", "age", "city", "neighborhood", "profession",
    "description_short", "hobbies", "photos",
)


@dataclass
class Profile:
    """A catalogue profile (every column but the embedding). `name` is admin-only."""

    id: int
    code: str
    first_name: str
    age: int
    gender: str
    name: str | None = None
    city: str | None = None
    neighborhood: str | None = None
    profession: str | None = None
    description_short: str | None = None
    description_long: str | None = None
    hobbies: str | None = None
    religion: str | None = None
    children: int | None = None
    search_age_min: int | None = None
    search_age_max: int | None = None
    search_city: str | None = None
    status: str = "active"
    photos: list[str] = field(default_factory=list)
    search_text: str | None = None
    vector_metadata: dict[str, Any] = field(default_factory=dict)
    embedding_model: str | None = None
    indexed_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Profile:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in row.items() if k in names})

    def public_fields(self) -> dict[str, Any]:
        """What a member may see of this profile: never the surname, religion or search ranges."""
        return {name: getattr(self, name) for name in PUBLIC_FIELDS}


# Every column a Profile carries, for SELECT lists (the embedding stays in the database).
PROFILE_COLUMNS = sql.SQL(", ").join(
    sql.Identifier("p", f.name) for f in fields(Profile)
)


@dataclass
class MatchCriteria:
    """What one lead asks for, plus what the profiles' own ranges need to know about them."""

    lead_id: int
    wanted_gender: str | None  # None matches nobody (the lead has not said yet)
    age_min: int | None = None
    age_max: int | None = None
    lead_age: int | None = None
    city: str | None = None
    also_cities: tuple[str, ...] = ()  # other cities the member accepts ("Douala aussi")
    exclude_religions: tuple[str, ...] = ()  # turned down for their religion
    without_children: bool = False  # turned down for having children


def build_search_text(profile: Profile) -> str:
    """Text embedded for a profile: public fields, long description, religion, children.

    Never the surname (`name`): vectors and search text can reach members indirectly.
    """
    parts = [
        f"{profile.first_name}, {profile.age} ans",
        profile.profession,
        ", ".join(p for p in (profile.neighborhood, profile.city) if p),
        profile.description_short,
        profile.description_long,
        f"Loisirs : {profile.hobbies}" if profile.hobbies else None,
        f"Religion : {profile.religion}" if profile.religion else None,
    ]
    if profile.children is not None:
        parts.append("Sans enfant" if profile.children == 0 else f"{profile.children} enfant(s)")
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())


# The distinct stored spellings of the cities (lower-cased), read from the lower(city)
# index by a skip scan: one probe per city, however large the catalogue.
_CITY_SPELLINGS = sql.SQL(
    """WITH RECURSIVE spelling AS (
           SELECT min(lower(city)) AS v FROM profiles
           UNION ALL
           SELECT (SELECT min(lower(city)) FROM profiles WHERE lower(city) > s.v)
           FROM spelling s WHERE s.v IS NOT NULL
       )
       SELECT v FROM spelling
       WHERE v IS NOT NULL AND btrim(translate(v, {accented}, {plain})) = %s"""
).format(accented=sql.Literal(ACCENTED), plain=sql.Literal(PLAIN))


def city_spellings(conn: Conn, city: str) -> list[str]:
    """How the catalogue spells a city (lower-cased), for any case or accents asked.

    The match filter is then `lower(city) = ANY(these)`: known values let the planner
    combine the city and (gender, age) indexes, where folding every candidate row cost
    more than the rest of the query (measured in bench/matching.py).
    """
    with conn.cursor(row_factory=dict_row) as cur:
        return [r["v"] for r in cur.execute(_CITY_SPELLINGS, (fold(city),)).fetchall()]


# Above this many active profiles of the wanted gender and ages (and no city asked),
# the exact scan reads too much of the table; the HNSW index with pgvector's iterative
# scan answers faster, with ~97-99 % of the exact top 10 (bench/matching.py).
EXACT_SCAN_MAX_ROWS = 4000
HNSW_EF_SEARCH = 100


def _match_filter(
    criteria: MatchCriteria, *, include_seen: bool, cities: list[str] | None = None
) -> tuple[sql.Composable, dict[str, Any]]:
    """WHERE clause with only the constraints that apply (so the planner sees constants).

    `cities`: the stored spellings of criteria.city (city_spellings), when it is set.
    """
    clauses: list[sql.Composable] = [
        sql.SQL("p.status = 'active'"),
        sql.SQL("p.gender = %(gender)s"),
    ]
    params: dict[str, Any] = {"gender": criteria.wanted_gender, "lead_id": criteria.lead_id}
    if criteria.age_min is not None:
        clauses.append(sql.SQL("p.age >= %(age_min)s"))
        params["age_min"] = criteria.age_min
    if criteria.age_max is not None:
        clauses.append(sql.SQL("p.age <= %(age_max)s"))
        params["age_max"] = criteria.age_max
    if criteria.lead_age is not None:
        clauses.append(sql.SQL(
            "(p.search_age_min IS NULL OR p.search_age_min <= %(lead_age)s)"
            " AND (p.search_age_max IS NULL OR p.search_age_max >= %(lead_age)s)"
        ))
        params["lead_age"] = criteria.lead_age
    if criteria.city and criteria.city.strip():
        clauses.append(sql.SQL("lower(p.city) = ANY(%(cities)s)"))
        params["cities"] = cities or []
    if criteria.exclude_religions:
        clauses.append(sql.SQL("(p.religion IS NULL OR NOT lower(p.religion) = ANY(%(religions)s))"))
        params["religions"] = [r.lower() for r in criteria.exclude_religions]
    if criteria.without_children:
        clauses.append(sql.SQL("coalesce(p.children, 0) = 0"))
    if not include_seen:
        clauses.append(sql.SQL(
            "NOT EXISTS (SELECT 1 FROM profile_views v"
            " WHERE v.lead_id = %(lead_id)s AND v.profile_id = p.id)"
        ))
    return sql.SQL(" AND ").join(clauses), params


def _band_is_large(conn: Conn, criteria: MatchCriteria) -> bool:
    """Whether more than EXACT_SCAN_MAX_ROWS profiles have the wanted gender and ages
    (an index-only count on profiles_match_idx, stopped at the bound)."""
    band = MatchCriteria(lead_id=criteria.lead_id, wanted_gender=criteria.wanted_gender,
                         age_min=criteria.age_min, age_max=criteria.age_max)
    where, params = _match_filter(band, include_seen=True)
    params["bound"] = EXACT_SCAN_MAX_ROWS + 1
    query = sql.SQL(
        "SELECT count(*) AS n FROM (SELECT 1 FROM profiles p WHERE {} LIMIT %(bound)s) band"
    ).format(where)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, params).fetchone()
    return bool(row and row["n"] > EXACT_SCAN_MAX_ROWS)


def _ranked(
    conn: Conn, *, where: sql.Composable, params: dict[str, Any], hnsw: bool
) -> list[Profile]:
    """The closest rows that pass the filter.

    Exact: every row that passes gets its distance (MATERIALIZED keeps the planner from
    answering ORDER BY <=> with the HNSW index, which with a selective WHERE returns too
    few rows). HNSW: the index is scanned iteratively until enough rows pass; the order
    is relaxed, so the outer query sorts again.
    """
    if hnsw:
        best = sql.SQL(
            """best AS MATERIALIZED (
                   SELECT p.id, p.embedding <=> %(vector)s::halfvec AS distance
                   FROM profiles p WHERE {where} ORDER BY distance LIMIT %(limit)s
               )"""
        ).format(where=where)
    else:
        best = sql.SQL(
            """candidates AS MATERIALIZED (
                   SELECT p.id, p.embedding <=> %(vector)s::halfvec AS distance
                   FROM profiles p WHERE {where}
               ), best AS (
                   SELECT id, distance FROM candidates
                   ORDER BY distance NULLS LAST, id LIMIT %(limit)s
               )"""
        ).format(where=where)
    query = sql.SQL(
        """WITH {best}
           SELECT {cols} FROM best b JOIN profiles p ON p.id = b.id
           ORDER BY b.distance NULLS LAST, b.id"""
    ).format(best=best, cols=PROFILE_COLUMNS)
    with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        if hnsw:
            # With the band's real size in view the planner would rather filter with the
            # btree and sort every distance (the exact plan, slower here): no sort node
            # leaves it the HNSW index scan.
            cur.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),"
                        " set_config('hnsw.ef_search', %s, true),"
                        " set_config('enable_sort', 'off', true)", (str(HNSW_EF_SEARCH),))
        rows = cur.execute(query, params).fetchall()
    return [Profile.from_row(row) for row in rows]


def match_profiles(
    conn: Conn,
    *,
    criteria: MatchCriteria,
    query_vector: list[float] | None,
    limit: int = 1,
    include_seen: bool = False,
) -> list[Profile]:
    """Compatible profiles (hard constraints both ways), most similar first.

    The hard constraints are always the WHERE clause. Ranking is exact over the rows
    that pass when they are few (the usual case: the btree index (gender, age) and the
    city index find them); when many pass, the HNSW index ranks them approximately and
    the exact scan is the fallback whenever it returns fewer than `limit` rows.
    """
    cities = ([s for c in (criteria.city, *criteria.also_cities) for s in city_spellings(conn, c)]
              if criteria.city else None)
    if criteria.city and not cities:
        return []  # no profile lives in that city
    where, params = _match_filter(criteria, include_seen=include_seen, cities=cities)
    params["limit"] = limit
    if query_vector is None:
        query = sql.SQL(
            "SELECT {cols} FROM profiles p WHERE {where} ORDER BY p.id LIMIT %(limit)s"
        ).format(cols=PROFILE_COLUMNS, where=where)
        with conn.cursor(row_factory=dict_row) as cur:
            return [Profile.from_row(r) for r in cur.execute(query, params).fetchall()]
    params["vector"] = to_halfvec(query_vector)
    if not criteria.city and _band_is_large(conn, criteria):
        try:
            found = _ranked(conn, where=where, params=params, hnsw=True)
        except psycopg.errors.Error:  # pgvector < 0.8: no iterative scan
            found = []
        if len(found) >= limit:
            return found
    return _ranked(conn, where=where, params=params, hnsw=False)


def count_compatible(
    conn: Conn, *, criteria: MatchCriteria, include_seen: bool = False
) -> int:
    """How many profiles match_profiles could still propose to this lead."""
    cities = city_spellings(conn, criteria.city) if criteria.city else None
    where, params = _match_filter(criteria, include_seen=include_seen, cities=cities)
    query = sql.SQL("SELECT count(*) AS n FROM profiles p WHERE {}").format(where)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, params).fetchone()
    return int(row["n"]) if row else 0


def get_profile_by_code(conn: Conn, code: str) -> Profile | None:
    """The profile with this code (case-insensitive), whatever its status."""
    query = sql.SQL("SELECT {} FROM profiles p WHERE upper(p.code) = upper(%s)").format(
        PROFILE_COLUMNS
    )
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, (code.strip(),)).fetchone()
    return Profile.from_row(row) if row else None


def is_compatible(conn: Conn, *, criteria: MatchCriteria, profile_id: int) -> bool:
    """Whether a profile passes a member's hard constraints both ways (seen or not)."""
    cities = ([s for c in (criteria.city, *criteria.also_cities) for s in city_spellings(conn, c)]
              if criteria.city else None)
    if criteria.city and not cities:
        return False
    where, params = _match_filter(criteria, include_seen=True, cities=cities)
    params["profile_id"] = profile_id
    query = sql.SQL("SELECT 1 FROM profiles p WHERE p.id = %(profile_id)s AND {}").format(where)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, params).fetchone() is not None


def shown_profiles(conn: Conn, *, lead_id: int) -> list[Profile]:
    """The profiles shown to a member, in the order they were shown."""
    query = sql.SQL(
        "SELECT {} FROM profile_views v JOIN profiles p ON p.id = v.profile_id"
        " WHERE v.lead_id = %s ORDER BY v.shown_at, p.id"
    ).format(PROFILE_COLUMNS)
    with conn.cursor(row_factory=dict_row) as cur:
        return [Profile.from_row(r) for r in cur.execute(query, (lead_id,)).fetchall()]


def record_view(conn: Conn, *, lead_id: int, profile_id: int) -> None:
    """Remember that this profile was shown to this lead (a repeat is a no-op)."""
    conn.execute(
        "INSERT INTO profile_views (lead_id, profile_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        (lead_id, profile_id),
    )


def reset_views(conn: Conn, *, lead_id: int) -> int:
    """Forget which profiles this lead has seen (they asked to see them again)."""
    return conn.execute("DELETE FROM profile_views WHERE lead_id = %s", (lead_id,)).rowcount


def catalogue_cities(conn: Conn) -> list[str]:
    """Cities of active profiles, most members first (what the bot names when it lists cities)."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "SELECT city FROM profiles WHERE status = 'active' AND city IS NOT NULL"
            " AND btrim(city) <> '' GROUP BY city ORDER BY count(*) DESC, city"
        ).fetchall()
    return [row["city"] for row in rows]


def index_profiles(
    conn: Conn,
    embedder: Embedder,
    *,
    only_stale: bool = True,
    batch_size: int = 256,
    progress: Progress | None = None,
) -> int:
    """(Re)compute search_text and embedding; returns how many profiles were indexed.

    Stale: no embedding, another model's embedding, or edited since last indexed.
    """
    stale = sql.SQL(
        "WHERE p.embedding IS NULL OR p.embedding_model IS DISTINCT FROM %(model)s"
        " OR p.indexed_at IS NULL OR p.updated_at > p.indexed_at"
    ) if only_stale else sql.SQL("")
    params = {"model": embedder.model_name}
    with conn.cursor(row_factory=dict_row) as cur:
        ids = [r["id"] for r in cur.execute(
            sql.SQL("SELECT p.id FROM profiles p {} ORDER BY p.id").format(stale), params
        ).fetchall()]
    metadata = json.dumps({"model": embedder.model_name, "dims": embedder.dimensions})
    done = 0
    if progress:
        progress(0, len(ids))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        query = sql.SQL("SELECT {} FROM profiles p WHERE p.id = ANY(%s) ORDER BY p.id").format(
            PROFILE_COLUMNS
        )
        with conn.cursor(row_factory=dict_row) as cur:
            profiles = [Profile.from_row(r) for r in cur.execute(query, (chunk,)).fetchall()]
        texts = [build_search_text(p) for p in profiles]
        vectors = embedder.embed_documents(texts)
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                """UPDATE profiles SET search_text = %s, embedding = %s::halfvec,
                       embedding_model = %s, indexed_at = now(),
                       vector_metadata = vector_metadata || %s::jsonb
                   WHERE id = %s""",
                [
                    (text, to_halfvec(vec), embedder.model_name, metadata, p.id)
                    for p, text, vec in zip(profiles, texts, vectors, strict=True)
                ],
            )
        done += len(profiles)
        if progress:
            progress(done, len(ids))
    return done

