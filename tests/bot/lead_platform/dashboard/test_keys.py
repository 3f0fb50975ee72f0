"""The dashboard's key page says which key is which, and never shows a whole key."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from tests.bot.lead_platform.dashboard.test_dashboard import sign_in
from tests.bot.lead_platform.leadkit import Tenant


def test_the_keys_page_names_each_key_by_its_prefix(api: TestClient, alpha: Tenant, beta: Tenant) -> None:
    assert sign_in(api, alpha)[0] == 303
    page = api.get("/dashboard/keys")
    assert page.status_code == 200
    assert "Clé de formulaire (publique)" in page.text and "Clé secrète (gestion des leads)" in page.text
    assert f"{alpha.api_key[:12]}…" in page.text and f"{alpha.secret_key[:12]}…" in page.text
    assert alpha.api_key not in page.text and alpha.secret_key not in page.text
    assert "https://alpha.example" in page.text and "https://beta.example" not in page.text
    assert beta.api_key[:12] not in page.text
    assert 'href="/dashboard/keys"' in api.get("/dashboard/leads").text


def test_a_client_without_a_secret_key_is_told_so(api: TestClient, beta: Tenant, conn: psycopg.Connection) -> None:
    conn.execute("UPDATE clients SET secret_key_hash = NULL, secret_key_prefix = NULL WHERE client_id = %s",
                 (beta.client_id,))
    assert sign_in(api, beta)[0] == 303
    page = api.get("/dashboard/keys")
    assert page.status_code == 200 and "Secret key (lead management)" in page.text
    assert "Not issued yet" in page.text and beta.secret_key[:12] not in page.text


def test_the_keys_page_needs_a_session(api: TestClient) -> None:
    assert api.get("/dashboard/keys", follow_redirects=False).status_code == 303
