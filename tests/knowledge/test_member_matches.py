"""Matching read the other way agrees with matching: the members a new profile suits are exactly
those `match_profiles` would show it to (the same hard constraints both ways), newest first."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import psycopg

from agents.matching import criteria_for
from bot.store import conversations as repo
from knowledge.member_matches import newest_matches
from knowledge.profile_store import upsert_profile
from knowledge.profiles import match_profiles, record_view

CITIES = ["Douala", "Yaoundé", "Yaounde", "Kribi", "Bafoussam", None]
RELIGIONS = ["Catholique", "Musulmane", "Protestante", None]


def _catalogue(conn: psycopg.Connection, rng: random.Random) -> list[int]:
    """120 profiles across every constraint; a few older than the members, some inactive."""
    ids = []
    for n in range(120):
        low = rng.choice([None, 20, 25, 30, 35, 40])
        row = {"code": f"REV-{n:04d}", "first_name": f"P{n}", "age": rng.randint(20, 60),
               "gender": rng.choice(["female", "male"]), "city": rng.choice(CITIES),
               "religion": rng.choice(RELIGIONS), "children": rng.choice([None, 0, 0, 2]),
               "search_age_min": low, "search_age_max": None if low is None else low + rng.choice([8, 15, 30]),
               "status": rng.choice(["active"] * 6 + ["inactive", "married"])}
        upsert_profile(conn, row)
        found = conn.execute("SELECT id FROM profiles WHERE code = %s", (row["code"],)).fetchone()
        assert found is not None
        # Added over the last day, one minute apart (the first ones before the members came).
        conn.execute("UPDATE profiles SET created_at = now() - make_interval(mins => %s) WHERE id = %s",
                     (26 * 60 - n * 10, found["id"]))
        ids.append(int(found["id"]))
    return ids


def _members(conn: psycopg.Connection, rng: random.Random) -> list[int]:
    """30 qualified members with every kind of criteria, who joined 25 hours ago."""
    ids = []
    for n in range(30):
        lead_id = repo.upsert_lead(conn, channel="local", phone=f"+2376990{n:05d}")
        low = rng.choice([None, 20, 28, 35])
        metadata: dict[str, object] = {}
        city = rng.choice(["Douala", "Yaoundé", "yaounde", None, None])
        if city and rng.random() < 0.4:
            metadata["also_cities"] = ["Kribi"]
        if rng.random() < 0.3:
            metadata["exclude_religions"] = ["Musulmane"]
        if rng.random() < 0.3:
            metadata["without_children"] = True
        repo.update_lead(
            conn, lead_id, age=rng.choice([None, 24, 31, 38, 45, 52]), gender="male",
            looking_for_gender=rng.choice(["female", "female", "male", None]),
            preferred_age_min=low, preferred_age_max=None if low is None else low + rng.choice([5, 12, 25]),
            preferred_city=city, qualification_complete=True, metadata=metadata)
        conn.execute("UPDATE leads SET created_at = now() - interval '25 hours' WHERE id = %s", (lead_id,))
        ids.append(lead_id)
    return ids


def test_reverse_matching_finds_exactly_the_compatible_pairs_newest_first(conn: psycopg.Connection) -> None:
    rng = random.Random(12)
    profiles = _catalogue(conn, rng)
    members = _members(conn, rng)
    joined = {r["id"]: r["created_at"] for r in conn.execute(
        "SELECT id, created_at FROM leads WHERE id = ANY(%s)", (members,)).fetchall()}
    added = {r["id"]: r["created_at"] for r in conn.execute(
        "SELECT id, created_at FROM profiles WHERE id = ANY(%s)", (profiles,)).fetchall()}
    since = datetime.now(UTC) - timedelta(hours=20)
    expected = set()
    for lead_id in members:
        criteria = criteria_for(repo.get_lead(conn, lead_id))  # type: ignore[arg-type]
        suitable = match_profiles(conn, criteria=criteria, query_vector=None, limit=500, include_seen=True)
        expected |= {(lead_id, p.id) for p in suitable if added[p.id] > max(since, joined[lead_id])}
    assert 50 < len(expected) < 1000  # the random draw does exercise both sides
    first = newest_matches(conn, lead_ids=members, added_since=since)
    assert newest_matches(conn, lead_ids=members, added_since=since, limit=2) == first[:2]  # by member id

    found: list[tuple[int, int]] = []
    while batch := newest_matches(conn, lead_ids=members, added_since=since):
        for match in batch:
            found.append((match.lead_id, match.profile.id))
            record_view(conn, lead_id=match.lead_id, profile_id=match.profile.id)  # never proposed twice
    assert set(found) == expected and len(found) == len(expected)
    for lead_id in members:  # each member's profiles came newest first
        order = [added[p] for m, p in found if m == lead_id]
        assert order == sorted(order, reverse=True)

