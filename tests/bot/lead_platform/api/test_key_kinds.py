"""Two kinds of key: the publishable form key only posts leads, the secret key manages them from a server."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg.rows import dict_row

import schema.migrate as migrations
from bot.app import create_app
from bot.core.bootstrap import setup_checkpointer
from bot.core.db import service_transaction
from bot.core.settings import Settings
from bot.lead_platform.store.apikeys import hash_api_key
from bot.lead_platform.store.clients import rotate_api_key
from tests.bot.lead_platform.leadkit import Tenant, make_tenant, post_lead
from tests.conftest import TEST_EMBEDDING_DIM

LEAD = {"name": "Awa Diallo", "email": "awa@example.org"}
ALPHA_SITE = {"Origin": "https://alpha.example"}


def management_calls(api: TestClient, lead_id: str, note_id: str, headers: dict[str, str]) -> list[Any]:
    """Every /api/leads route once."""
    base = f"/api/leads/{lead_id}"
    return [
        api.get("/api/leads", params={"status": "all"}, headers=headers),
        api.get("/api/leads/actions", headers=headers),
        api.get(base, headers=headers),
        *[api.post(f"{base}/{path}", json={"tag": "x"}, headers=headers)
          for path in ("tag", "archive", "delete", "reactivate", "convert", "reanalyze")],
        api.post(f"{base}/revert", json={"reason": "x"}, headers=headers),
        api.post(f"{base}/notes", json={"note": "x"}, headers=headers),
        api.patch(f"{base}/notes/{note_id}", json={"note": "x"}, headers=headers),
        api.delete(f"{base}/notes/{note_id}", headers=headers),
    ]


def test_the_form_key_is_refused_on_every_management_route(api: TestClient, alpha: Tenant,
                                                            conn: psycopg.Connection) -> None:
    lead_id = post_lead(api, alpha).json()["lead_id"]
    note_id = api.post(f"/api/leads/{lead_id}/notes", json={"note": "kept"},
                       headers=alpha.secret_headers).json()["note"]["id"]
    for headers in (alpha.headers, {**alpha.headers, **ALPHA_SITE}):
        for answer in management_calls(api, lead_id, note_id, headers):
            assert answer.status_code == 403, (answer.request.method, answer.request.url)
            assert answer.json()["error"] == "form_key_refused" and "POST /api/lead" in answer.json()["detail"]
            assert "awa@example.org" not in answer.text
    lead = conn.execute("SELECT archived, deleted, current_tag FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()
    assert lead == {"archived": False, "deleted": False, "current_tag": None}
    assert conn.execute("SELECT note FROM lead_notes WHERE id = %s", (note_id,)).fetchone()["note"] == "kept"


def test_the_secret_key_manages_leads_from_a_server_never_from_a_browser(api: TestClient, alpha: Tenant) -> None:
    lead_id = post_lead(api, alpha).json()["lead_id"]
    listed = api.get("/api/leads", headers=alpha.secret_headers)
    assert listed.status_code == 200 and [lead["id"] for lead in listed.json()["leads"]] == [lead_id]
    note_id = api.post(f"/api/leads/{lead_id}/notes", json={"note": "n"},
                       headers=alpha.secret_headers).json()["note"]["id"]
    # Even the client's own site, or an opaque origin, is a browser: a secret key there has leaked.
    for origin in ("https://alpha.example", "https://evil.example", "null"):
        for answer in management_calls(api, lead_id, note_id, {**alpha.secret_headers, "Origin": origin}):
            assert answer.status_code == 403, (origin, answer.request.method, answer.request.url)
            assert answer.json()["error"] == "secret_key_in_browser"
            assert "access-control-allow-origin" not in answer.headers
    assert api.get(f"/api/leads/{lead_id}", headers=alpha.secret_headers).json()["lead"]["deleted"] is False


def test_unknown_keys_get_the_same_401_on_management_routes(api: TestClient, alpha: Tenant) -> None:
    for headers in ({}, {"X-API-Key": "sk_live_nope"}, {"X-API-Key": alpha.secret_key[:-1]},
                    {"X-API-Key": "sk_live_nope", "Origin": "https://alpha.example"}):
        answer = api.get("/api/leads", headers=headers)
        assert answer.status_code == 401 and answer.json() == {"error": "unauthorized",
                                                               "detail": "missing or invalid API key"}


def test_the_secret_key_posts_leads_from_a_server_only(api: TestClient, alpha: Tenant,
                                                       conn: psycopg.Connection) -> None:
    """A back-office integration may post leads with its secret key; a page never may."""
    posted = api.post("/api/lead", json=LEAD, headers=alpha.secret_headers)
    assert posted.status_code == 201
    log = conn.execute("SELECT api_key FROM integration_logs WHERE response_status = 201").fetchone()
    assert log["api_key"] == alpha.secret_key[:12] and log["api_key"].startswith("sk_")
    as_field = api.post("/api/lead", data={**LEAD, "api_key": alpha.secret_key})
    assert as_field.status_code == 201
    # From the client's own page the refusal is readable there, so its developer learns why.
    own_site = api.post("/api/lead", json=LEAD, headers={**alpha.secret_headers, **ALPHA_SITE})
    assert own_site.status_code == 403 and own_site.json()["error"] == "secret_key_in_browser"
    assert own_site.headers["access-control-allow-origin"] == "https://alpha.example"
    html_form = api.post("/api/lead", data={**LEAD, "api_key": alpha.secret_key}, headers=ALPHA_SITE)
    assert html_form.status_code == 403
    foreign = api.post("/api/lead", json=LEAD, headers={**alpha.secret_headers, "Origin": "https://evil.example"})
    assert foreign.status_code == 403 and "access-control-allow-origin" not in foreign.headers
    assert conn.execute("SELECT count(*) AS n FROM lead_memory").fetchone()["n"] == 2


def test_the_form_key_posts_from_a_browser_only_on_the_clients_origins(api: TestClient, alpha: Tenant,
                                                                      db_url: str) -> None:
    assert api.post("/api/lead", json=LEAD, headers={**alpha.headers, **ALPHA_SITE}).status_code == 201
    for origin in ("https://evil.example", "https://alpha.example.evil.example", "null", ""):
        refused = api.post("/api/lead", json=LEAD, headers={**alpha.headers, "Origin": origin})
        assert refused.status_code == 403 and refused.json()["error"] == "origin_refused", origin
    assert api.post("/api/lead", json=LEAD, headers=alpha.headers).status_code == 201  # a server
    # A client that listed no site: browsers are refused, servers are not.
    siteless = make_tenant(db_url, "siteless")
    refused = api.post("/api/lead", json=LEAD, headers={**siteless.headers, "Origin": "https://anything.example"})
    assert refused.status_code == 403 and refused.json()["error"] == "origin_refused"
    assert api.post("/api/lead", json=LEAD, headers=siteless.headers).status_code == 201


@pytest.fixture
def uncached_api(lead_settings: Settings, db_url: str) -> Iterator[TestClient]:
    """The app without the key cache, so that a rotation shows at once."""
    with TestClient(create_app(lead_settings.model_copy(update={"api_key_cache_seconds": 0.0}),
                               database_url=db_url)) as c:
        yield c


def rotate(db_url: str, tenant: Tenant, kind: Any) -> str:
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn, service_transaction(conn):
        key = rotate_api_key(conn, tenant.client_id, kind=kind)
    assert key is not None
    return key


def test_each_kind_of_key_rotates_on_its_own(uncached_api: TestClient, alpha: Tenant, db_url: str) -> None:
    api = uncached_api
    new_form = rotate(db_url, alpha, "form")
    assert new_form.startswith("pk_live_")
    assert api.post("/api/lead", json=LEAD, headers=alpha.headers).status_code == 401
    assert api.post("/api/lead", json=LEAD, headers={"X-API-Key": new_form}).status_code == 201
    assert api.get("/api/leads", headers=alpha.secret_headers).status_code == 200

    new_secret = rotate(db_url, alpha, "secret")
    assert new_secret.startswith("sk_live_")
    assert api.get("/api/leads", headers=alpha.secret_headers).status_code == 401
    assert len(api.get("/api/leads", headers={"X-API-Key": new_secret}).json()["leads"]) == 1
    assert api.post("/api/lead", json=LEAD, headers={"X-API-Key": new_form}).status_code == 201
    assert api.get("/api/leads", headers={"X-API-Key": new_form}).status_code == 403


def test_management_routes_have_their_own_rate_limit(lead_settings: Settings, db_url: str) -> None:
    strict = lead_settings.model_copy(update={"manage_rate_per_minute": 60.0, "manage_rate_burst": 3})
    first, second = make_tenant(db_url, "first"), make_tenant(db_url, "second")
    with TestClient(create_app(strict, database_url=db_url)) as api:
        lead_id = post_lead(api, first).json()["lead_id"]
        codes = [api.get("/api/leads", params={"status": "all"}, headers=first.secret_headers).status_code
                 for _ in range(3)]
        limited = api.get("/api/leads", params={"status": "all"}, headers=first.secret_headers)
        assert codes == [200, 200, 200] and limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 2 and limited.json()["error"] == "rate_limited"
        assert "awa@example.org" not in limited.text
        # Every management route draws on the same budget...
        assert api.post(f"/api/leads/{lead_id}/delete", headers=first.secret_headers).status_code == 429
        assert api.get(f"/api/leads/{lead_id}", headers=first.secret_headers).status_code == 429
        # ...which is per key, and apart from the form's.
        assert api.get("/api/leads", headers=second.secret_headers).status_code == 200
        assert post_lead(api, first).status_code == 201


def test_the_migration_turns_the_published_key_into_a_form_key(empty_db_url: str, lead_settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A key issued before 0011 (`mb_live_…`, in a form since) keeps posting leads and manages nothing."""
    every = migrations.discover()
    monkeypatch.setattr(migrations, "discover", lambda: [m for m in every if m.version < 11])
    legacy = "mb_live_" + secrets.token_urlsafe(24)
    with psycopg.connect(empty_db_url, autocommit=True, row_factory=dict_row) as conn:
        migrations.migrate(conn, embedding_dim=TEST_EMBEDDING_DIM)
        with service_transaction(conn):
            row = conn.execute(
                "INSERT INTO clients (business_name, email, api_key, api_key_prefix, allowed_origins) "
                "VALUES ('Legacy', 'legacy@example.test', %s, %s, '{https://legacy.example}') RETURNING client_id",
                (hash_api_key(legacy), legacy[:12]),
            ).fetchone()
        monkeypatch.undo()
        applied = migrations.migrate(conn, embedding_dim=TEST_EMBEDDING_DIM, after=setup_checkpointer)
        assert 11 in [m.version for m in applied]
        after = conn.execute("SELECT api_key, api_key_prefix, secret_key_hash FROM clients").fetchone()
    assert after == {"api_key": hash_api_key(legacy), "api_key_prefix": legacy[:12], "secret_key_hash": None}
    legacy_headers = {"X-API-Key": legacy}
    settings = lead_settings.model_copy(update={"database_url": empty_db_url})
    with TestClient(create_app(settings, database_url=empty_db_url)) as api:
        from_form = api.post("/api/lead", json=LEAD, headers={**legacy_headers, "Origin": "https://legacy.example"})
        assert from_form.status_code == 201
        assert api.post("/api/lead", json=LEAD, headers={**legacy_headers, "Origin": "https://x.example"}).status_code == 403
        assert api.get("/api/leads", params={"status": "all"}, headers=legacy_headers).status_code == 403
        with psycopg.connect(empty_db_url, autocommit=True, row_factory=dict_row) as conn, service_transaction(conn):
            secret = rotate_api_key(conn, row["client_id"], kind="secret")
        assert secret is not None and secret.startswith("sk_live_")
        listed = api.get("/api/leads", params={"status": "all"}, headers={"X-API-Key": secret})
        assert listed.status_code == 200 and len(listed.json()["leads"]) == 1
        assert api.post("/api/lead", json=LEAD, headers=legacy_headers).status_code == 201
