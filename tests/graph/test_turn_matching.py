"""Whole turns on a tiny catalogue: hard constraints, never twice, "revoir" starts over."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.runtime import build_services
from knowledge.profile_store import upsert_profile
from knowledge.profiles import index_profiles

BASE = {"gender": "female", "city": "Douala", "search_age_min": 30, "search_age_max": 50,
        "status": "active", "description_short": "Souriante et curieuse."}
CATALOGUE = [
    {"code": "MAT-2025-101", "first_name": "Awa", "name": "Awa Testnom", "age": 34, **BASE},
    {"code": "MAT-2025-102", "first_name": "Brenda", "name": "Brenda Testnom", "age": 36, **BASE},
    # Each of these breaks exactly one hard constraint.
    {"code": "MAT-2025-103", "first_name": "Carole", "age": 35, **BASE, "status": "married"},
    {"code": "MAT-2025-104", "first_name": "Diane", "age": 35, **BASE, "gender": "male"},
    {"code": "MAT-2025-105", "first_name": "Estelle", "age": 52, **BASE},
    {"code": "MAT-2025-106", "first_name": "Fanny", "age": 35, **BASE, "search_age_min": 45},
    {"code": "MAT-2025-107", "first_name": "Grace", "age": 35, **BASE, "city": "Paris"},
]


@pytest.fixture
def chat(settings: Settings, db_url: str) -> Iterator[LocalChat]:
    services: Services = build_services(settings, db_url, pool_size=3)
    with services.pool.connection() as conn:
        for row in CATALOGUE:
            upsert_profile(conn, row)
        index_profiles(conn, services.embedder)
    yield LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url),
                    phone="+237690077701")
    services.pool.close()


def test_only_compatible_profiles_never_twice_then_again_on_request(chat: LocalChat) -> None:
    chat.send("Bonjour, je suis un homme de 40 ans à Douala, je cherche une femme entre 30 et 45 ans")
    first = chat.send("à Douala")
    second = chat.send("suivant")
    shown = [m.profile_code for m in first + second if m.profile_code]
    assert sorted(shown) == ["MAT-2025-101", "MAT-2025-102"]
    done = chat.send("suivant")
    assert not any(m.profile_code for m in done)
    assert "autres villes" in done[0].text  # nothing new: it proposes what would widen the search
    again = chat.send("je veux revoir les profils")
    assert next(m.profile_code for m in again if m.profile_code) in {"MAT-2025-101", "MAT-2025-102"}
    cards = " ".join(m.text for m in first + second + again)
    assert "Testnom" not in cards


def test_the_exhausted_search_names_every_wanted_city(chat: LocalChat) -> None:
    chat.send("Bonjour, je suis un homme de 40 ans à Douala, je cherche une femme entre 30 et 45 ans")
    shown = chat.send("dla ou paris ça me va")
    while any(m.profile_code for m in shown):
        shown = chat.send("suivant")
    assert "Douala et Paris" in shown[0].text, shown[0].text  # not only the first of the cities asked for
