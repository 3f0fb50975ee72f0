"""Whole turns: profiles asked for by code need a qualified member and a profile that suits them
both ways; unknown and unsuitable codes get the same answer; codes looked up are limited per day."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
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
    {"code": "MAT-2025-301", "first_name": "Awa", "age": 34, **BASE},
    # Each of these fails one hard constraint for a man of 40 seeking a woman of 30 to 45.
    {"code": "MAT-2025-302", "first_name": "Bertrand", "age": 35, **BASE, "gender": "male"},
    {"code": "MAT-2025-303", "first_name": "Colette", "age": 52, **BASE},
    {"code": "MAT-2025-304", "first_name": "Delphine", "age": 35, **BASE, "search_age_min": 45},
    {"code": "MAT-2025-305", "first_name": "Eugenie", "age": 35, **BASE, "status": "married"},
]
UNSUITABLE = {"MAT-2025-302": "Bertrand", "MAT-2025-303": "Colette", "MAT-2025-304": "Delphine",
              "MAT-2025-305": "Eugenie"}
UNKNOWN = "MAT-2025-399"
QUALIFY = "Bonjour, je suis un homme de 40 ans à Douala, je cherche une femme entre 30 et 45 ans"


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    built = build_services(settings, db_url, pool_size=3)
    with built.pool.connection() as conn:
        for row in CATALOGUE:
            upsert_profile(conn, {"name": f"{row['first_name']} Testnom", **row})
        index_profiles(conn, built.embedder)
    yield built
    built.pool.close()


def member(services: Services, db_url: str, phone: str) -> LocalChat:
    return LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url), phone=phone)


def texts(chat: LocalChat, line: str) -> list[str]:
    return [m.text for m in chat.send(line)]


def requests(conn: psycopg.Connection, chat: LocalChat) -> int:
    row = conn.execute("SELECT count(*) AS n FROM contact_requests WHERE lead_id = %s", (chat.lead_id,)).fetchone()
    return int(row["n"])


def qualified(services: Services, db_url: str, phone: str) -> LocalChat:
    chat = member(services, db_url, phone)
    chat.send(QUALIFY)
    assert any(m.profile_code for m in chat.send("à Douala"))  # qualified: Awa's card
    return chat


def test_an_unqualified_member_naming_a_code_learns_nothing_and_qualification_resumes(
        services: Services, db_url: str, conn: psycopg.Connection) -> None:
    chat = member(services, db_url, "+237690088801")
    replies = texts(chat, "je suis intéressé par MAT-2025-301")
    joined = "\n".join(replies)
    assert "Awa" not in joined and "mieux vous connaître" in joined
    assert "homme" in replies[-1] and replies[-1].endswith("?")  # the qualification goes on (gender)
    assert requests(conn, chat) == 0
    # Halfway through (the wanted gender known), a question about a code still reveals nothing.
    chat.send("je suis un homme de 40 ans, je cherche une femme")
    for line in ("MAT-2025-301 elle a des enfants ?", "je veux voir MAT-2025-301", "intéressé par MAT-2025-301"):
        joined = "\n".join(texts(chat, line))
        assert "Awa" not in joined and "mieux vous connaître" in joined, line
    assert requests(conn, chat) == 0


@pytest.mark.parametrize(("line", "unknown_answer_has"), [
    ("je suis intéressé par {code}", "Je ne trouve pas le profil"),
    ("je veux voir {code}", "Je ne trouve pas ce profil"),
    ("{code} elle a des enfants ?", "Je ne trouve pas ce profil"),
])
def test_an_unsuitable_code_gets_the_answer_of_an_unknown_one(
        services: Services, db_url: str, conn: psycopg.Connection, line: str, unknown_answer_has: str) -> None:
    chat = qualified(services, db_url, "+237690088802")
    unknown = [t.replace(UNKNOWN, "{code}") for t in texts(chat, line.format(code=UNKNOWN))]
    assert unknown_answer_has in unknown[0]
    for code, name in UNSUITABLE.items():
        answer = texts(chat, line.format(code=code))
        assert [t.replace(code, "{code}") for t in answer] == unknown, code
        assert name not in "\n".join(answer)
    assert requests(conn, chat) == 0


def test_codes_looked_up_are_limited_per_day(services: Services, db_url: str, conn: psycopg.Connection) -> None:
    conn.execute("INSERT INTO configuration (key, value) VALUES ('profile_codes_per_day', '3')")
    chat = qualified(services, db_url, "+237690088803")
    texts(chat, "je veux voir MAT-2025-301")  # shown already: free
    for n in range(1, 4):
        assert "Je ne trouve pas" in texts(chat, f"je veux voir MAT-2025-39{n}")[0]
    refused = texts(chat, "je veux voir MAT-2025-394")
    assert len(refused) == 1 and "par leur code" in refused[0] and "avant demain" in refused[0]
    assert "vous" in refused[0] and "SUIVANT" in refused[0]
    assert texts(chat, "intéressé par MAT-2025-302") == refused  # interest is counted alike
    assert "Je ne trouve pas" in texts(chat, "je veux voir MAT-2025-392")[0]  # asked today: still answered
    assert any(m.profile_code == "MAT-2025-301" for m in chat.send("je veux voir MAT-2025-301"))
    assert not any(m.agent == "code_limit" for m in chat.send("suivant"))  # browsing goes on
    # The next day the count starts again.
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()  # the services' clock
    conn.execute("UPDATE leads SET metadata = jsonb_set(metadata, '{codes_asked,day}', %s) WHERE id = %s",
                 (json.dumps(yesterday), chat.lead_id))
    assert "Je ne trouve pas" in texts(chat, "je veux voir MAT-2025-394")[0]


def test_the_limit_speaks_english_to_english_members(services: Services, db_url: str,
                                                     conn: psycopg.Connection) -> None:
    conn.execute("INSERT INTO configuration (key, value) VALUES ('profile_codes_per_day', '1')")
    chat = member(services, db_url, "+237690088804")
    chat.send("Hello, I am a man aged 40 in Douala, looking for a woman between 30 and 45")
    chat.send("in Douala")
    chat.send("show me MAT-2025-391")
    refused = texts(chat, "show me MAT-2025-392")
    assert refused == ["You have reached today's number of profiles I can look up by their code 🙏 To protect our "
                       "members' privacy, I can't look up any more until tomorrow. Meanwhile, write *NEXT* to see "
                       "the profiles I suggest for you."]


def test_a_confirmed_interest_needs_the_profile_to_suit_still(services: Services, db_url: str,
                                                              conn: psycopg.Connection) -> None:
    chat = qualified(services, db_url, "+237690088805")
    asked = texts(chat, "oui")  # a bare "oui" under Awa's card: asked, not assumed
    assert "Répondez *OUI* pour confirmer" in asked[0]
    conn.execute("UPDATE profiles SET status = 'married' WHERE code = 'MAT-2025-301'")  # she left meanwhile
    texts(chat, "oui")
    assert requests(conn, chat) == 0
