"""Console searches take what the admin typed literally: `%`, `_` and `\\` are characters to
find, not LIKE wildcards (inbox, profiles, knowledge base; the lead platform's search is
tested with its API)."""

from __future__ import annotations

import uuid

import psycopg
from fastapi.testclient import TestClient

from bot.console import repository
from bot.console.catalogue import ProfileFilter, list_knowledge, list_profiles
from tests.bot.console.conftest import Account, member, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()

# One text per kind of character; "a_" and "%" as wildcards would match every one of them.
NAMES = {"percent": "Awa 100%", "underscore": "Bella_Ngo", "backslash": "Carla \\ Eto", "plain": "Dana Abena"}


def test_inbox_search_matches_percent_underscore_and_backslash_literally(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    marker = uuid.uuid4().hex[:6]
    leads = {}
    for kind, name in NAMES.items():
        leads[kind] = member(conn, phone=f"+2376{uuid.uuid4().int % 10**8:08d}")
        conn.execute("UPDATE leads SET name = %s WHERE id = %s", (f"{name} {marker}", leads[kind]))

    def found(search: str) -> set[int]:
        return {r.lead_id for r in repository.inbox(conn, search=search)} & set(leads.values())

    assert found("%") == {leads["percent"]}
    assert found("_") == found("a_") == {leads["underscore"]}
    assert found("\\") == {leads["backslash"]}
    assert found("0%") == found("100%") == {leads["percent"]}
    assert found(marker) == set(leads.values())  # an ordinary search is unchanged
    assert found(f"%{marker}") == found(f"_{marker}") == set()

    assert sign_in(client, admin_account) == 303
    for path in ("/admin/inbox", "/admin/inbox/rows"):
        page = client.get(path, params={"q": "%"})
        assert page.status_code == 200 and "Awa 100%" in page.text
        assert "Bella_Ngo" not in page.text and "Dana Abena" not in page.text


def test_profile_and_knowledge_searches_match_wildcards_literally(
    client: TestClient, conn: psycopg.Connection, admin_account: Account
) -> None:
    for n, (kind, name) in enumerate(NAMES.items()):
        conn.execute(
            """INSERT INTO profiles (code, first_name, name, age, gender, city, profession)
               VALUES (%s, %s, %s, 30, 'female', 'Douala', %s)""",
            (f"ESC{n}", name.split()[0], name, "Juriste" if kind != "underscore" else "Dev_ops"),
        )
        conn.execute(
            "INSERT INTO knowledge_base (category, question, answer) VALUES (%s, %s, %s)",
            ("tarifs", f"Question {kind}", f"Réponse : {name}"),
        )

    def codes(search: str) -> list[str]:
        return sorted(p.code for p in list_profiles(conn, ProfileFilter(search=search))[0])

    def questions(search: str) -> list[str]:
        return [e["question"] for e in list_knowledge(conn, search=search)]

    assert codes("%") == ["ESC0"] and codes("_") == ["ESC1"] and codes("\\") == ["ESC2"]
    assert codes("a_") == ["ESC1"] and codes("esc") == ["ESC0", "ESC1", "ESC2", "ESC3"]
    assert questions("%") == ["Question percent"] and questions("_") == ["Question underscore"]
    assert questions("\\") == ["Question backslash"] and len(questions("Réponse")) == 4

    assert sign_in(client, admin_account) == 303
    profiles = client.get("/admin/profiles", params={"q": "%"}).text
    assert "ESC0" in profiles and "ESC1" not in profiles and "ESC3" not in profiles
    knowledge = client.get("/admin/knowledge", params={"q": "_"}).text
    assert "Question underscore" in knowledge and "Question percent" not in knowledge
