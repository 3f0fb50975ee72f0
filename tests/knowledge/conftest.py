"""Fixtures for the knowledge package: the offline embedder and small catalogue helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from knowledge.embeddings import OfflineEmbeddings, to_halfvec
from knowledge.profile_store import upsert_profile


@pytest.fixture(scope="session")
def embedder() -> OfflineEmbeddings:
    """The offline model, loaded once for the session."""
    model = OfflineEmbeddings()
    model.embed_query("warm-up")
    return model


@pytest.fixture
def make_lead(conn: psycopg.Connection) -> Callable[[], int]:
    """Create a lead and return its id."""
    counter = iter(range(1, 10_000))

    def make() -> int:
        row = conn.execute(
            "INSERT INTO leads (phone) VALUES (%s) RETURNING id", (f"+23769900{next(counter):04d}",)
        ).fetchone()
        assert row is not None
        return int(row["id"])

    return make


@pytest.fixture
def add_profile(conn: psycopg.Connection) -> Callable[..., int]:
    """Insert a profile (sensible defaults, any column overridable) and return its id.

    `vector=` stores that embedding as is, so that ranking tests control distances.
    """
    counter = iter(range(1, 100_000))

    def add(*, vector: list[float] | None = None, **columns: Any) -> int:
        row = {
            "code": f"TST-{next(counter):05d}", "first_name": "Test", "age": 30,
            "gender": "female", "city": "Douala", "status": "active",
            "search_age_min": None, "search_age_max": None, **columns,
        }
        upsert_profile(conn, row)
        found = conn.execute("SELECT id FROM profiles WHERE code = %s", (row["code"],)).fetchone()
        assert found is not None
        if vector is not None:
            conn.execute(
                "UPDATE profiles SET embedding = %s::halfvec WHERE id = %s",
                (to_halfvec(vector), found["id"]),
            )
        return int(found["id"])

    return add


def unit_vector(index: int, *, dims: int = 512, weight: float = 1.0) -> list[float]:
    """A vector pointing mostly along one axis (cosine distances are easy to predict)."""
    vector = [0.01] * dims
    vector[index] = weight
    return vector
