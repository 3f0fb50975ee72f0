"""Matching on a 60k-row catalogue (the OkCupid data set): indexing speed and query latency.

    python -m bench matching [--queries 1000] [--embed-budget 300]

Steps: migrate a fresh database; load all 59,946 profiles; index a first sample through
`knowledge.profiles.index_profiles` (the production path: search text, offline
embedding, UPDATE) to measure throughput; embed the remaining rows with the same model
if the measured rate fits the time budget, else give them blends of the sample's
vectors (the query's cost does not depend on the values; the report says which); build
the HNSW index; then time `match_profiles` (filtered top-10) for 1,000 different leads,
warm cache, and compare with an HNSW iterative scan (latency and recall).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from pgvector.utils import HalfVector
from psycopg.rows import dict_row

from bench.database import fresh_database
from bench.okcupid import read_rows, to_profiles
from knowledge import profiles as profiles_module
from knowledge.demo_vocabulary import word_lists
from knowledge.embeddings import OfflineEmbeddings, to_halfvec
from knowledge.profiles import (
    MatchCriteria,
    Profile,
    build_search_text,
    count_compatible,
    index_profiles,
    match_profiles,
)
from schema.migrate import migrate

RESULTS = Path(__file__).parent / "results" / "matching.json"
DIMS = 512
COLUMNS = ("code", "name", "first_name", "age", "gender", "city", "neighborhood", "profession",
           "description_short", "description_long", "hobbies", "religion", "children",
           "search_age_min", "search_age_max", "status", "photos",
           "search_text", "embedding", "embedding_model", "indexed_at")
TYPES = ["varchar", "varchar", "varchar", "int4", "varchar", "varchar", "varchar", "varchar",
         "text", "text", "text", "varchar", "int4", "int4", "int4", "varchar", "text[]",
         "text", "halfvec", "varchar", "timestamptz"]


class TimedEmbeddings(OfflineEmbeddings):
    """The offline model, counting the seconds spent embedding."""

    seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        try:
            return super().embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - started


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = np.array(samples)
    return {
        "p50_ms": round(float(np.percentile(ordered, 50)), 2),
        "p95_ms": round(float(np.percentile(ordered, 95)), 2),
        "p99_ms": round(float(np.percentile(ordered, 99)), 2),
        "mean_ms": round(float(ordered.mean()), 2),
        "max_ms": round(float(ordered.max()), 2),
    }


def copy_profiles(conn: psycopg.Connection[Any], rows: list[dict[str, Any]],
                  vectors: np.ndarray | None, *, model: str | None) -> None:
    """Bulk-load rows (binary COPY), with vectors and search text when given."""
    indexed_at = dt.datetime.now(dt.UTC)
    with conn.cursor() as cur, cur.copy(
        f"COPY profiles ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT BINARY)"
    ) as copy:
        copy.set_types(TYPES)
        for i, row in enumerate(rows):
            text = build_search_text(Profile(id=0, **row)) if vectors is not None else None
            vector = HalfVector(vectors[i]) if vectors is not None else None
            copy.write_row([*(row[c] for c in COLUMNS[:17]), text, vector,
                            model if vectors is not None else None,
                            indexed_at if vectors is not None else None])


def blended(sample: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Unit vectors between two real profile vectors each (plus a little noise).

    Copies of a few thousand real vectors would form tight clusters that an HNSW graph
    cannot leave (its neighbour lists fill up with near-duplicates), which no real
    catalogue looks like; blends spread over the same region as the real vectors.
    """
    first = sample[rng.integers(0, len(sample), count)]
    second = sample[rng.integers(0, len(sample), count)]
    weight = rng.uniform(0.25, 0.75, size=(count, 1)).astype(np.float32)
    mixed = weight * first + (1 - weight) * second
    mixed += rng.normal(0, 0.2 / np.sqrt(DIMS), size=mixed.shape).astype(np.float32)
    return mixed / np.linalg.norm(mixed, axis=1, keepdims=True)


def make_leads(conn: psycopg.Connection[Any], profiles: list[dict[str, Any]], *, count: int,
               rng: random.Random, embedder: OfflineEmbeddings) -> list[tuple[MatchCriteria, list[float]]]:
    """Leads drawn from the data set itself: their age, orientation, a city half the time,
    a wish written in French, and a few profiles already seen."""
    words = word_lists()
    people = rng.sample(profiles, count)
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO leads (phone) VALUES (%s)",
                        [(f"+2376{n:08d}",) for n in range(count)])
    max_id = conn.execute("SELECT max(id) AS m FROM profiles").fetchone()["m"]  # type: ignore[index]
    views = [(lead_id, rng.randint(1, max_id)) for lead_id in range(1, count + 1)
             for _ in range(rng.choice([0, 0, 3, 10, 30]))]
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO profile_views (lead_id, profile_id) VALUES (%s, %s)"
                        " ON CONFLICT DO NOTHING", views)
    leads, wishes = [], []
    for lead_id, person in enumerate(people, start=1):
        other = "female" if person["gender"] == "male" else "male"
        wanted = {"straight": other, "gay": person["gender"]}.get(
            person["orientation"], rng.choice([other, person["gender"]]))
        low, high = person["search_age_min"], person["search_age_max"]
        leads.append(MatchCriteria(
            lead_id=lead_id, wanted_gender=wanted,
            age_min=low if rng.random() < 0.9 else None, age_max=high if rng.random() < 0.9 else None,
            lead_age=person["age"], city=person["city"] if rng.random() < 0.5 else None,
        ))
        # "une personne" takes the feminine, whoever is sought.
        trait = rng.choice(words["traits_feminine"])
        wishes.append(f"Je cherche une personne {trait} qui aime {rng.choice(words['hobbies'])}")
    return list(zip(leads, embedder.embed_documents(wishes), strict=True))


def hnsw_iterative(conn: psycopg.Connection[Any], criteria: MatchCriteria, vector: list[float],
                   *, ef_search: int) -> list[int]:
    """The alternative measured against: HNSW scan with pgvector's iterative filtering."""
    with conn.transaction():
        conn.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
        conn.execute(f"SET LOCAL hnsw.ef_search = {int(ef_search)}")
        rows = conn.execute(
            """SELECT id FROM (
                 SELECT p.id, p.embedding <=> %(v)s::halfvec AS d FROM profiles p
                 WHERE p.status = 'active' AND p.gender = %(g)s
                   AND (%(lo)s::int IS NULL OR p.age >= %(lo)s) AND (%(hi)s::int IS NULL OR p.age <= %(hi)s)
                   AND (p.search_age_min IS NULL OR p.search_age_min <= %(la)s)
                   AND (p.search_age_max IS NULL OR p.search_age_max >= %(la)s)
                   AND (%(c)s::text IS NULL OR lower(p.city) = lower(%(c)s))
                   AND NOT EXISTS (SELECT 1 FROM profile_views v WHERE v.lead_id = %(l)s AND v.profile_id = p.id)
                 ORDER BY d LIMIT 10) t ORDER BY d""",
            {"v": to_halfvec(vector), "g": criteria.wanted_gender, "lo": criteria.age_min,
             "hi": criteria.age_max, "la": criteria.lead_age, "c": criteria.city, "l": criteria.lead_id},
        ).fetchall()
    return [r["id"] for r in rows]


def time_queries(conn: psycopg.Connection[Any], leads: list[tuple[MatchCriteria, list[float]]],
                 *, mode: str) -> dict[str, list[Any]]:
    """Latency (ms) and result ids of one strategy, after a warm-up pass."""
    def query(criteria: MatchCriteria, vector: list[float]) -> list[int]:
        if mode == "hnsw_iterative":
            return hnsw_iterative(conn, criteria, vector, ef_search=profiles_module.HNSW_EF_SEARCH)
        found = match_profiles(conn, criteria=criteria, query_vector=vector, limit=10)
        return [p.id for p in found]

    shipped = profiles_module.EXACT_SCAN_MAX_ROWS
    if mode == "exact":
        profiles_module.EXACT_SCAN_MAX_ROWS = 10**9
    backend = conn.execute("SELECT pg_backend_pid() AS pid").fetchone()["pid"]  # type: ignore[index]
    try:
        for criteria, vector in leads:
            query(criteria, vector)
        ms, ids = [], []
        server_cpu, client_cpu = cpu_seconds(backend), time.process_time()
        for criteria, vector in leads:
            t0 = time.perf_counter()
            ids.append(query(criteria, vector))
            ms.append((time.perf_counter() - t0) * 1000)
        server_cpu = cpu_seconds(backend) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        profiles_module.EXACT_SCAN_MAX_ROWS = shipped
    return {"ms": ms, "ids": ids,
            "cpu_ms_per_query": [round((server_cpu + client_cpu) / len(leads) * 1000, 2)]}


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a local process (0 when it is not on this machine).

    Wall-clock latency on a busy machine includes waiting for a CPU; the CPU time the
    PostgreSQL backend and this client spend per query is what an idle machine's mean
    latency would be (the data is in memory)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def recall(got: list[list[int]], exact: list[list[int]]) -> float:
    scores = [len(set(g) & set(e)) / len(e) for g, e in zip(got, exact, strict=True) if e]
    return round(float(np.mean(scores)), 3)


def table_sizes(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    row = conn.execute(
        """SELECT count(*) AS rows,
                  pg_total_relation_size('profiles') AS total,
                  pg_relation_size('profiles') AS heap,
                  pg_indexes_size('profiles') AS indexes,
                  pg_relation_size('profiles_embedding_hnsw') AS hnsw,
                  pg_relation_size('profiles_match_idx') AS match_idx,
                  pg_relation_size('profiles_match_cover_idx') AS match_cover_idx,
                  pg_relation_size('profiles_match_city_idx') AS match_city_idx
           FROM profiles"""
    ).fetchone()
    assert row is not None
    mb = {k: round(v / 2**20, 1) for k, v in row.items() if k != "rows"}
    return {"rows": row["rows"], **{f"{k}_mb": v for k, v in mb.items()}}


def run(*, queries: int = 1000, sample: int = 3000, embed_budget: float = 300.0,
        seed: int = 7, limit_rows: int | None = None) -> dict[str, Any]:
    rng = random.Random(seed)
    started = time.perf_counter()
    raw = read_rows()[:limit_rows]
    profiles = list(to_profiles(raw))
    rows = [{k: v for k, v in p.items() if k != "orientation"} for p in profiles]
    summary: dict[str, Any] = {
        "dataset_rows": len(raw), "embedding_model": "usem3-multilingual",
        # Other work on the machine skews every timing: recorded, not hidden.
        "cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "exact_scan_max_rows": profiles_module.EXACT_SCAN_MAX_ROWS,
    }
    embedder = TimedEmbeddings(batch_size=256)
    embedder.embed_query("warm-up")
    with fresh_database() as url, psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        migrate(conn, embedding_dim=DIMS)  # type: ignore[arg-type]  # works with any row factory
        register_vector(conn)
        conn.execute("DROP INDEX profiles_embedding_hnsw")  # built once at the end, like reindex

        # 1. The production indexing path on a sample.
        copy_profiles(conn, rows[:sample], None, model=None)
        t0 = time.perf_counter()
        indexed = index_profiles(conn, embedder, batch_size=256)
        elapsed = time.perf_counter() - t0
        summary["indexing_sample"] = {
            "rows": indexed, "seconds": round(elapsed, 1),
            "rows_per_second": round(indexed / elapsed, 1),
            "embedding_ms_per_row": round(embedder.seconds / indexed * 1000, 2),
            "mean_search_text_chars": round(conn.execute(
                "SELECT avg(length(search_text))::float AS a FROM profiles").fetchone()["a"], 1),  # type: ignore[index]
        }

        # 2. The rest of the catalogue: embedded if the measured rate fits the budget.
        rest = rows[sample:]
        estimate = len(rest) * embedder.seconds / indexed
        t0 = time.perf_counter()
        if estimate <= embed_budget:
            texts = [build_search_text(Profile(id=0, **r)) for r in rest]
            vectors = np.array(embedder.embed_documents(texts), dtype=np.float32)
            summary["rest_vectors"] = "embedded"
        else:
            vectors_sample = np.array([
                np.array(r["embedding"].to_list(), dtype=np.float32) for r in conn.execute(
                    "SELECT embedding FROM profiles WHERE embedding IS NOT NULL").fetchall()])
            vectors = blended(vectors_sample, len(rest), np.random.default_rng(seed))
            summary["rest_vectors"] = (
                f"blended from the {len(vectors_sample)} real vectors: embedding {len(rest)} more"
                f" rows would take ~{estimate:.0f} s at the measured rate (budget {embed_budget:.0f} s)")
        copy_profiles(conn, rest, vectors, model="usem3-multilingual")
        summary["load_rest_seconds"] = round(time.perf_counter() - t0, 1)

        t0 = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("CREATE INDEX profiles_embedding_hnsw ON profiles USING hnsw (embedding halfvec_cosine_ops)")
        summary["hnsw_build_seconds"] = round(time.perf_counter() - t0, 1)
        conn.execute("VACUUM ANALYZE profiles")
        summary["table"] = table_sizes(conn)

        # 3. The matching query, warm cache, 1,000 different leads: as shipped, exact
        # scan only, HNSW iterative scan only. Recall is against the exact top 10.
        leads = make_leads(conn, profiles, count=queries, rng=rng, embedder=embedder)
        conn.execute("ANALYZE profile_views")
        candidates = [count_compatible(conn, criteria=c) for c, _ in leads]
        summary["leads"] = {
            "queries": len(leads), "limit": 10,
            "with_city": sum(1 for c, _ in leads if c.city),
            "compatible_median": int(statistics.median(candidates)),
            "compatible_p95": int(np.percentile(candidates, 95)),
        }
        exact = time_queries(conn, leads, mode="exact")
        for mode in ("exact", "match_profiles", "hnsw_iterative"):
            timing = exact if mode == "exact" else time_queries(conn, leads, mode=mode)
            summary[f"matching_{mode}"] = {
                **percentiles(timing["ms"]),
                "cpu_ms_per_query_mean": timing["cpu_ms_per_query"][0],
                "recall_at_10_vs_exact": recall(timing["ids"], exact["ids"]),
                "queries_with_fewer_than_10": sum(1 for r in timing["ids"] if len(r) < 10),
            }
        paths = ["city" if c.city else "large_band" if profiles_module._band_is_large(conn, c)
                 else "small_band" for c, _ in leads]
        shipped = time_queries(conn, leads, mode="match_profiles")["ms"]
        summary["match_profiles_by_path"] = {
            path: {"queries": paths.count(path),
                   **percentiles([m for m, p in zip(shipped, paths, strict=True) if p == path])}
            for path in ("city", "small_band", "large_band") if path in paths
        }
        summary["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    summary["total_seconds"] = round(time.perf_counter() - started, 1)
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench matching", description=__doc__)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=3000, help="rows indexed through index_profiles")
    parser.add_argument("--embed-budget", type=float, default=300.0,
                        help="seconds allowed for embedding the remaining rows")
    parser.add_argument("--rows", type=int, default=None, help="use only the first N rows (smoke test)")
    args = parser.parse_args(argv)
    summary = run(queries=args.queries, sample=args.sample, embed_budget=args.embed_budget,
                  limit_rows=args.rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(summary, indent=2, ensure_ascii=False))
