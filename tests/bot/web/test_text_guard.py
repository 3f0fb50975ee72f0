"""NUL characters and lone surrogates: refused with a 422 naming the field, stripped from a
member's own words, and a database DataError that still gets through is a clean 400."""

from __future__ import annotations

import json

import httpx2
import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.core.settings import Settings
from tests.bot.web.signed_in import World, world_fixtures

db_url, settings, app_client, world = world_fixtures()

FILTERS = [
    ("/api/leads", ["q", "tag", "intent", "urgency", "language"]),
    ("/dashboard/leads", ["q", "tag", "intent", "urgency", "language"]),
    ("/admin/inbox", ["q"]),
    ("/admin/inbox/rows", ["q"]),
    ("/admin/profiles", ["q", "city"]),
    ("/admin/knowledge", ["q", "language", "question"]),
]


def _refused(response: httpx2.Response, where: str, field: str) -> bool:
    """A 422 whose errors name this field."""
    assert response.status_code == 422, (response.status_code, response.text[:300])
    return [where, field] in [e["loc"] for e in response.json()["detail"]]


@pytest.mark.parametrize(("path", "fields"), FILTERS)
def test_nul_in_a_filter_is_a_422_naming_it(world: World, path: str, fields: list[str]) -> None:
    headers = world.tenant.secret_headers if path.startswith("/api") else {}
    for field in fields:
        for raw in ("%00", "a%00b", "%ED%A0%80"):  # NUL, and a lone surrogate in UTF-8
            response = world.client.get(f"{path}?{field}={raw}", headers=headers)
            if raw == "%ED%A0%80":  # Starlette decodes it as U+FFFD: a search, or too long
                assert response.status_code in (200, 422), (path, field, response.text[:300])
            else:
                assert _refused(response, "query", field), (path, field, response.text)


def test_nul_in_json_text_is_a_422_and_nothing_is_stored(world: World, conn: psycopg.Connection) -> None:
    lead = world.platform_ids["lead_id"]
    headers = world.tenant.secret_headers
    api = world.client
    cases = [(f"/api/leads/{lead}/tag", {"tag": "VIP\x00"}, "tag"),
             (f"/api/leads/{lead}/notes", {"note": "a\x00b"}, "note"),
             (f"/api/leads/{lead}/revert", {"reason": "\x00"}, "reason"),
             (f"/api/leads/{lead}/archive", {"performed_by": "me\x00"}, "performed_by"),
             (f"/api/leads/{lead}/notes", {"note": "lone \ud800 surrogate"}, "note")]
    for path, body, field in cases:
        # Escaped JSON (\\u0000, \\ud800), as a client would send it.
        response = api.post(path, content=json.dumps(body), headers={**headers, "Content-Type": "application/json"})
        assert _refused(response, "body", field), path
    note = world.platform_ids["note_id"]
    assert _refused(api.patch(f"/api/leads/{lead}/notes/{note}", json={"note": "x\x00"}, headers=headers),
                    "body", "note")
    assert conn.execute("SELECT count(*) AS n FROM lead_memory WHERE current_tag LIKE 'VIP%%'").fetchone() == {
        "n": 0}


def test_nul_in_dashboard_and_console_forms_is_a_422(world: World) -> None:
    lead = world.platform_ids["lead_id"]
    dashboard = {"csrf_token": world.dashboard_csrf}
    for path, field in [(f"/dashboard/leads/{lead}/tag", "tag"), (f"/dashboard/leads/{lead}/notes", "note"),
                        (f"/dashboard/leads/{lead}/revert", "reason"),
                        (f"/dashboard/leads/{lead}/notes/{world.platform_ids['note_id']}/edit", "note")]:
        assert _refused(world.client.post(path, data={**dashboard, field: "a\x00b"}), "body", field), path
    console = {"csrf_token": world.admin_csrf}
    ids = world.console_ids
    for path, field in [(f"/admin/conversations/{ids['lead_id']}/reply", "text"),
                        (f"/admin/contacts/{ids['request_id']}/reject", "note"),
                        (f"/admin/contacts/{ids['request_id']}/share", "details"),
                        ("/admin/knowledge/save", "answer"), ("/admin/profiles/save", "description_short"),
                        ("/admin/config", "agency_name"), ("/admin/login", "email")]:
        assert _refused(world.client.post(path, data={**console, field: "a\x00b"}), "body", field), path


def test_a_members_words_are_stripped_never_refused(world: World, conn: psycopg.Connection) -> None:
    phone = "+237690001122"
    response = world.client.post("/admin/simulator/send", data={
        "csrf_token": world.admin_csrf, "phone": phone, "name": "Na\x00dia", "text": "Bon\x00jour !"})
    assert response.status_code == 200, response.text
    row = conn.execute("SELECT l.name, c.content FROM conversations c JOIN leads l ON l.id = c.lead_id "
                       "WHERE l.phone = %s", (phone,)).fetchone()
    assert row == {"name": "Nadia", "content": "Bonjour !"}
    # The simulator's phone is not a member's words: refused like any other field.
    assert _refused(world.client.post("/admin/simulator/send", data={
        "csrf_token": world.admin_csrf, "phone": "+2376\x0090", "text": "x"}), "body", "phone")


def test_a_data_error_that_gets_through_is_a_clean_400(settings: Settings, db_url: str) -> None:
    """Whatever the guard misses, a value the database refuses never becomes a 500."""
    app = create_app(settings, database_url=db_url)

    @app.get("/admin/probe")
    def probe() -> None:  # a route with a bug: text into an integer
        with app.state.services.pool.connection() as conn:
            conn.execute("SELECT %s::int", ("not a number",))

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/admin/probe")
        assert response.status_code == 400 and response.json() == {
            "detail": "A value cannot be stored (invalid characters, or out of range)."}
        page = client.get("/admin/probe", headers={"Accept": "text/html"})
        assert page.status_code == 400 and "Traceback" not in page.text and "<p>A value" in page.text
