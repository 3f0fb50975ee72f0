"""The matching query: hard constraints both ways, seen profiles, ranking, filtered recall."""

from __future__ import annotations

import random
from collections.abc import Callable

import psycopg
import pytest

from knowledge import profiles
from knowledge.embeddings import OfflineEmbeddings, to_halfvec
from knowledge.profiles import (
    MatchCriteria,
    catalogue_cities,
    count_compatible,
    get_profile_by_code,
    match_profiles,
    record_view,
    reset_views,
)

from .conftest import unit_vector

AddProfile = Callable[..., int]


def _ids(conn: psycopg.Connection, criteria: MatchCriteria, **kwargs: object) -> list[int]:
    return [p.id for p in match_profiles(conn, criteria=criteria, query_vector=None, limit=50, **kwargs)]  # type: ignore[arg-type]


@pytest.fixture
def criteria(make_lead: Callable[[], int]) -> MatchCriteria:
    """A 40-year-old man looking for a woman aged 30 to 38 in Yaoundé."""
    return MatchCriteria(lead_id=make_lead(), wanted_gender="female", age_min=30, age_max=38,
                         lead_age=40, city="Yaoundé")


# Each case violates exactly one constraint of `criteria` (one database for all: each
# takes a profile that passes everything else, then removes it).
VIOLATIONS = {
    "inactive": {"status": "inactive"},
    "married": {"status": "married"},
    "wrong gender": {"gender": "male"},
    "too young": {"age": 29},
    "too old": {"age": 39},
    "lead older than the profile accepts": {"search_age_min": 28, "search_age_max": 39},
    "lead younger than the profile accepts": {"search_age_min": 41, "search_age_max": 50},
    "other city": {"city": "Douala"},
    "no city": {"city": None},
}


def test_a_profile_violating_one_constraint_is_excluded(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria
) -> None:
    good = add_profile(age=34, city="Yaoundé", search_age_min=35, search_age_max=45)
    for violation, columns in VIOLATIONS.items():
        bad = add_profile(**{"age": 34, "city": "Yaoundé", "search_age_min": 35,
                             "search_age_max": 45, **columns})
        assert _ids(conn, criteria) == [good], violation
        assert bad not in _ids(conn, criteria, include_seen=True), violation
        assert count_compatible(conn, criteria=criteria) == 1, violation
        conn.execute("DELETE FROM profiles WHERE id = %s", (bad,))


def test_age_bounds_are_inclusive_and_open_ends_allowed(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria
) -> None:
    low, high = add_profile(age=30, city="Yaoundé"), add_profile(age=38, city="Yaoundé")
    assert _ids(conn, criteria) == [low, high]
    older = add_profile(age=60, city="Yaoundé")
    criteria.age_max = None
    assert _ids(conn, criteria) == [low, high, older]
    criteria.age_min, criteria.age_max = None, 30
    assert _ids(conn, criteria) == [low]


def test_lead_age_inside_profile_range_with_null_bounds(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria
) -> None:
    no_bounds = add_profile(age=33, city="Yaoundé")
    only_min = add_profile(age=33, city="Yaoundé", search_age_min=40)
    only_max = add_profile(age=33, city="Yaoundé", search_age_max=40)
    add_profile(age=33, city="Yaoundé", search_age_max=39)
    add_profile(age=33, city="Yaoundé", search_age_min=41)
    assert _ids(conn, criteria) == [no_bounds, only_min, only_max]
    criteria.lead_age = None  # unknown: the profiles' ranges cannot be checked yet
    assert len(_ids(conn, criteria)) == 5


def test_city_is_case_and_accent_insensitive_and_optional(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria
) -> None:
    accented = add_profile(age=33, city="Yaoundé")
    plain = add_profile(age=33, city="YAOUNDÉ ")
    montreal = add_profile(age=33, city="Montréal")
    criteria.city = "yaounde"
    assert _ids(conn, criteria) == [accented, plain]
    criteria.city = "MONTREAL"
    assert _ids(conn, criteria) == [montreal]
    criteria.city = None
    assert _ids(conn, criteria) == [accented, plain, montreal]


def test_seen_profiles_are_not_shown_again_unless_asked(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria,
    make_lead: Callable[[], int],
) -> None:
    first, second = add_profile(age=33, city="Yaoundé"), add_profile(age=34, city="Yaoundé")
    record_view(conn, lead_id=criteria.lead_id, profile_id=first)
    record_view(conn, lead_id=criteria.lead_id, profile_id=first)  # idempotent
    assert _ids(conn, criteria) == [second]
    assert _ids(conn, criteria, include_seen=True) == [first, second]
    other_lead = MatchCriteria(**{**criteria.__dict__, "lead_id": make_lead()})
    assert _ids(conn, other_lead) == [first, second]  # views are per lead
    assert count_compatible(conn, criteria=criteria) == 1
    assert count_compatible(conn, criteria=criteria, include_seen=True) == 2
    assert reset_views(conn, lead_id=criteria.lead_id) == 1
    assert _ids(conn, criteria) == [first, second]


def test_ranked_by_similarity_then_id(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria
) -> None:
    far = add_profile(age=33, city="Yaoundé", vector=unit_vector(1))
    near = add_profile(age=33, city="Yaoundé", vector=unit_vector(0))
    nearer_twin = add_profile(age=33, city="Yaoundé", vector=unit_vector(0))
    unindexed = add_profile(age=33, city="Yaoundé")
    found = match_profiles(conn, criteria=criteria, query_vector=unit_vector(0), limit=10)
    assert [p.id for p in found] == [near, nearer_twin, far, unindexed]
    top = match_profiles(conn, criteria=criteria, query_vector=unit_vector(1))
    assert [p.id for p in top] == [far]


def test_ranking_with_real_embeddings(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria,
    embedder: OfflineEmbeddings,
) -> None:
    texts = {
        "sport": "Sportive, je cours tous les matins et je joue au basket le week-end.",
        "cuisine": "Je passe mes dimanches à cuisiner des plats traditionnels pour ma famille.",
        "lecture": "Grande lectrice, j'aime les romans et les bibliothèques calmes.",
    }
    ids = {key: add_profile(age=33, city="Yaoundé", vector=embedder.embed_query(text))
           for key, text in texts.items()}
    query = embedder.embed_query("je veux une femme qui fait du sport")
    assert match_profiles(conn, criteria=criteria, query_vector=query)[0].id == ids["sport"]
    query = embedder.embed_query("elle doit aimer lire des livres")
    assert match_profiles(conn, criteria=criteria, query_vector=query)[0].id == ids["lecture"]


def test_filter_is_exact_when_few_rows_match_among_thousands(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria
) -> None:
    """4,000 non-matching rows sit right next to the query vector; the 5 matching rows
    are farther away. An HNSW scan filtered afterwards would return fewer than 5."""
    rng = random.Random(7)
    query = unit_vector(0)
    conn.execute(
        """INSERT INTO profiles (code, first_name, age, gender, city, status, embedding)
           SELECT 'NOISE-' || g, 'Noise', 20 + g %% 40,
                  CASE WHEN g %% 3 = 0 THEN 'male' ELSE 'female' END,
                  CASE WHEN g %% 2 = 0 THEN 'Douala' ELSE 'Yaoundé' END,
                  CASE WHEN g %% 5 = 0 THEN 'inactive' ELSE 'active' END,
                  %s::halfvec
           FROM generate_series(1, 4000) g
           WHERE NOT (g %% 3 <> 0 AND g %% 2 = 1 AND g %% 5 <> 0 AND 20 + g %% 40 BETWEEN 30 AND 38)""",
        (to_halfvec(query),),
    )
    expected = []
    for rank in range(5):
        vector = unit_vector(0, weight=1.0 - 0.15 * (rank + 1))
        vector[1 + rank] = 0.5 + rng.random() * 0.01
        expected.append(add_profile(age=30 + rank, city="Yaoundé", vector=vector))
    conn.execute("ANALYZE profiles")
    found = match_profiles(conn, criteria=criteria, query_vector=query, limit=10)
    assert [p.id for p in found] == expected
    assert count_compatible(conn, criteria=criteria) == 5
    # The trap this avoids: the same filter answered through the HNSW index.
    with conn.transaction():
        conn.execute("SET LOCAL enable_sort = off")  # what the planner picks at scale
        naive = conn.execute(
            """SELECT id FROM profiles WHERE status = 'active' AND gender = 'female'
               AND age BETWEEN 30 AND 38 AND city = 'Yaoundé'
               ORDER BY embedding <=> %s::halfvec LIMIT 10""",
            (to_halfvec(query),),
        ).fetchall()
    assert len(naive) < 5


def test_lookups(conn: psycopg.Connection, add_profile: AddProfile) -> None:
    add_profile(code="MAT-2025-007", first_name="Carine", city="Douala", name="Carine Mbarga")
    add_profile(city="Yaoundé")
    add_profile(city="Paris", status="married")
    profile = get_profile_by_code(conn, "mat-2025-007")
    assert profile is not None and profile.first_name == "Carine"
    assert "name" not in profile.public_fields()
    assert set(profile.public_fields()) == {
        "code", "first_name", "age", "city", "neighborhood", "profession",
        "description_short", "hobbies", "photos",
    }
    assert get_profile_by_code(conn, "MAT-2025-999") is None
    assert catalogue_cities(conn) == ["Douala", "Yaoundé"]


def _hnsw_scans(conn: psycopg.Connection) -> int:
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT pg_stat_clear_snapshot()")
    row = conn.execute(
        "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'profiles_embedding_hnsw'"
    ).fetchone()
    assert row is not None
    return int(row["idx_scan"])


def test_large_bands_rank_through_hnsw_and_keep_every_constraint(
    conn: psycopg.Connection, add_profile: AddProfile, criteria: MatchCriteria,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(profiles, "EXACT_SCAN_MAX_ROWS", 3)  # every band counts as large
    rng = random.Random(3)
    valid = [add_profile(age=30 + i % 9, city="Yaoundé" if i % 2 else "Paris",
                         vector=[rng.random() for _ in range(512)]) for i in range(20)]
    for violation in VIOLATIONS.values():
        if "city" not in violation:
            add_profile(**{"age": 34, "vector": unit_vector(0), "search_age_min": 35,
                           "search_age_max": 45, **violation})
    criteria.city = None
    query = unit_vector(0)
    # At this size the planner would rather sort; at 60k rows it picks the index itself.
    conn.execute("SET enable_seqscan = off")
    conn.execute("SET enable_sort = off")
    before = _hnsw_scans(conn)
    found = match_profiles(conn, criteria=criteria, query_vector=query, limit=10)
    assert _hnsw_scans(conn) > before
    assert len(found) == 10 and {p.id for p in found} <= set(valid)
    # More wanted than there are: the index scan yields 20 < 100, the exact scan answers.
    exact = [p.id for p in match_profiles(conn, criteria=criteria, query_vector=query, limit=100)]
    assert sorted(exact) == sorted(valid)
    assert [p.id for p in found] == exact[:10]  # 20 rows: the graph search is exhaustive
