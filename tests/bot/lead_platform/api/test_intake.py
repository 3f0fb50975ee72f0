"""POST /api/lead: storage, jobs, and every refusal (401, 403, 413, 415, 422, 429, CORS)."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from bot.core.settings import Settings
from tests.bot.lead_platform.leadkit import Tenant, make_tenant, post_lead


def test_json_lead_is_stored_with_action_log_and_jobs(api: TestClient, alpha: Tenant, conn: psycopg.Connection) -> None:
    response = api.post("/api/lead", json={
        "name": "Awa Diallo", "email": "Awa@Example.org", "phone": "+237 650 00 00 01",
        "message": "Bonjour, je cherche une relation sérieuse", "whatsapp_consent": True,
    }, headers={**alpha.headers, "User-Agent": "form-test/1.0"})
    assert response.status_code == 201, response.text
    lead_id = response.json()["lead_id"]
    lead = conn.execute("SELECT * FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()
    assert lead["client_id"] == alpha.client_id and lead["email"] == "awa@example.org"
    assert lead["phone"] == "+237650000001" and lead["whatsapp_consent"] is True
    actions = conn.execute("SELECT action_type, performed_by FROM lead_actions WHERE lead_id = %s", (lead_id,)).fetchall()
    assert actions == [{"action_type": "created", "performed_by": "api"}]
    log = conn.execute("SELECT * FROM integration_logs WHERE client_id = %s", (alpha.client_id,)).fetchone()
    assert log["response_status"] == 201 and log["api_key"] == alpha.api_key[:12]
    assert log["user_agent"] == "form-test/1.0" and log["endpoint"] == "/api/lead"
    assert alpha.api_key not in str(log["request_body"]) and log["request_body"]["name"] == "Awa Diallo"
    assert log["response_body"] == {"status": "created", "lead_id": lead_id}
    jobs = conn.execute("SELECT job_type, payload FROM queue_jobs ORDER BY job_type").fetchall()
    # No auto-reply (off) and no WhatsApp hand-over (client not linked to the bot).
    assert [j["job_type"] for j in jobs] == ["enrich_lead"]
    assert jobs[0]["payload"] == {"client_id": str(alpha.client_id), "lead_memory_id": lead_id}


def test_form_post_with_key_field_and_whatsapp_hook(api: TestClient, db_url: str, conn: psycopg.Connection) -> None:
    linked = make_tenant(db_url, "linked", bot_linked=True, ai_personalized_reply=True)
    response = api.post("/api/lead", data={"api_key": linked.api_key, "nom": "Jean", "email": "jean@example.org",
                                           "tel": "00237 650000002", "consent": "on", "message": "Hello"})
    assert response.status_code == 201, response.text
    lead_id = response.json()["lead_id"]
    jobs = {j["job_type"]: j["payload"] for j in conn.execute("SELECT job_type, payload FROM queue_jobs").fetchall()}
    assert set(jobs) == {"enrich_lead", "lead_auto_reply", "form_lead_to_whatsapp"}
    assert jobs["form_lead_to_whatsapp"] == {"client_id": str(linked.client_id), "lead_memory_id": lead_id}
    row = conn.execute("SELECT name, phone FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()
    assert row == {"name": "Jean", "phone": "+237650000002"}


def test_plain_html_form_gets_a_thank_you_page_or_an_allowed_redirect(api: TestClient, alpha: Tenant) -> None:
    form = {"api_key": alpha.api_key, "email": "a@example.org"}
    page = api.post("/api/lead", data=form, headers={"Accept": "text/html"})
    assert page.status_code == 201 and "Merci" in page.text  # the client's language
    moved = api.post("/api/lead", data={**form, "redirect": "https://alpha.example/merci"},
                     headers={"Accept": "text/html"}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "https://alpha.example/merci"
    elsewhere = api.post("/api/lead", data={**form, "redirect": "https://evil.example/"},
                         headers={"Accept": "text/html"}, follow_redirects=False)
    assert elsewhere.status_code == 201


def test_unknown_missing_and_malformed_keys_get_the_same_401(api: TestClient, alpha: Tenant) -> None:
    body = {"email": "x@example.org"}
    answers = [
        api.post("/api/lead", json=body),
        api.post("/api/lead", json=body, headers={"X-API-Key": "mb_live_" + "A" * 32}),
        api.post("/api/lead", json=body, headers={"X-API-Key": "not a key"}),
        api.post("/api/lead", json=body, headers={"X-API-Key": alpha.api_key[:-1]}),
        api.post("/api/lead", data={"api_key": "é" * 300, "email": "x@example.org"}),
    ]
    assert {r.status_code for r in answers} == {401}
    assert len({r.text for r in answers}) == 1


def test_validation_errors_name_the_field(api: TestClient, alpha: Tenant, conn: psycopg.Connection) -> None:
    cases = {
        "email": {"email": "not-an-email"},
        "phone": {"email": None, "phone": "12"},
        "name": {"name": "x" * 300},
        "message": {"message": ["a", "list"]},
        "whatsapp_consent": {"whatsapp_consent": "peut-être"},
        "language": {"language": "de"},
        "source_url": {"source_url": "javascript:alert(1)"},
    }
    for field, change in cases.items():
        response = post_lead(api, alpha, **change)
        assert response.status_code == 422, (field, response.text)
        assert field in [f["field"] for f in response.json()["fields"]], (field, response.json())
    nothing = api.post("/api/lead", json={"name": "No contact"}, headers=alpha.headers)
    assert nothing.status_code == 422 and nothing.json()["fields"][0]["field"] == "email"
    assert conn.execute("SELECT count(*) AS n FROM lead_memory").fetchone()["n"] == 0
    logged = conn.execute("SELECT count(*) AS n FROM integration_logs WHERE response_status = 422").fetchone()
    assert logged["n"] == len(cases) + 1


def test_malformed_bodies_are_4xx(api: TestClient, alpha: Tenant) -> None:
    h = alpha.headers
    assert api.post("/api/lead", content=b"{bad json", headers={**h, "Content-Type": "application/json"}).status_code == 400
    assert api.post("/api/lead", content=b"[1, 2]", headers={**h, "Content-Type": "application/json"}).status_code == 422
    assert api.post("/api/lead", content=b"\xff\xfe", headers={**h, "Content-Type": "application/x-www-form-urlencoded"}).status_code == 400
    assert api.post("/api/lead", content=b"x", headers={**h, "Content-Type": "text/plain"}).status_code == 415
    broken = api.post("/api/lead", content=b"--x\r\nbroken", headers={**h, "Content-Type": "multipart/form-data; boundary=x"})
    assert broken.status_code in (400, 422)
    nul = api.post("/api/lead", json={"email": "a@example.org", "name": "a\x00b"}, headers=h)
    assert nul.status_code == 422 and nul.json()["fields"][0]["field"] == "name"
    surrogate = api.post("/api/lead", content=b'{"email": "a@example.org", "message": "\\ud800"}',
                         headers={**h, "Content-Type": "application/json"})
    assert surrogate.status_code == 422
    multipart = api.post("/api/lead", files={"x": ("a.txt", b"hi")}, data={"email": "a@example.org"}, headers=h)
    assert multipart.status_code == 400


def test_multipart_form_without_files_is_accepted(api: TestClient, alpha: Tenant) -> None:
    body = (b"--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nm@example.org\r\n"
            b"--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" + alpha.api_key.encode() + b"\r\n--b--\r\n")
    response = api.post("/api/lead", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 201, response.text


def test_oversized_body_is_413_declared_or_chunked(api: TestClient, alpha: Tenant) -> None:
    big = b'{"email": "a@example.org", "message": "' + b"x" * (33 * 1024) + b'"}'
    declared = api.post("/api/lead", content=big, headers={**alpha.headers, "Content-Type": "application/json"})
    assert declared.status_code == 413

    def chunks():
        for start in range(0, len(big), 4096):
            yield big[start:start + 4096]

    chunked = api.post("/api/lead", content=chunks(), headers={**alpha.headers, "Content-Type": "application/json"})
    assert chunked.status_code == 413
    assert post_lead(api, alpha, message="x" * 4000).status_code == 201


def test_rate_limit_per_key_with_retry_after(lead_settings: Settings, db_url: str) -> None:
    from bot.app import create_app

    strict = lead_settings.model_copy(update={"lead_rate_per_minute": 60.0, "lead_rate_burst": 3})
    first, second = make_tenant(db_url, "first"), make_tenant(db_url, "second")
    with TestClient(create_app(strict, database_url=db_url)) as api:
        codes = [post_lead(api, first).status_code for _ in range(4)]
        assert codes == [201, 201, 201, 429]
        limited = post_lead(api, first)
        assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 2
        assert post_lead(api, second).status_code == 201  # per key, not global


def test_cors_preflight_and_response_headers(api: TestClient, alpha: Tenant, beta: Tenant) -> None:
    preflight = api.options("/api/lead", headers={
        "Origin": "https://alpha.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://alpha.example"
    assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
    assert api.options("/api/lead", headers={"Origin": "https://evil.example"}).status_code == 403
    ok = post_lead(api, alpha) if False else api.post(
        "/api/lead", json={"email": "a@example.org"}, headers={**alpha.headers, "Origin": "https://alpha.example"})
    assert ok.status_code == 201 and ok.headers["access-control-allow-origin"] == "https://alpha.example"
    # alpha's key used from beta's site: refused, and the browser may not read the answer.
    cross = api.post("/api/lead", json={"email": "a@example.org"},
                     headers={**alpha.headers, "Origin": "https://beta.example"})
    assert cross.status_code == 403 and "access-control-allow-origin" not in cross.headers
    # Server-to-server calls carry no Origin and are fine.
    assert api.post("/api/lead", json={"email": "a@example.org"}, headers=alpha.headers).status_code == 201


def test_hot_path_transactions_run_as_the_application_role(db_url: str) -> None:
    """The async tenant transaction really drops to matchbot_app with the tenant set."""
    import asyncio

    from bot.core.db import atenant_transaction

    async def probe() -> dict:
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as conn:
            async with atenant_transaction(conn, "00000000-0000-0000-0000-000000000001"):
                cur = await conn.execute("SELECT current_user, current_setting('app.client_id') AS tenant")
                inside = await cur.fetchone()
            cur = await conn.execute("SELECT current_user")
            after = await cur.fetchone()
        return {"inside": inside, "after": after}

    seen = asyncio.run(probe())
    assert seen["inside"] == ("matchbot_app", "00000000-0000-0000-0000-000000000001")
    assert seen["after"][0] != "matchbot_app"  # transaction-local


def test_lead_is_kept_when_the_queue_has_no_worker(api: TestClient, alpha: Tenant, conn: psycopg.Connection) -> None:
    """Acceptance never waits for enrichment: the lead is there, un-enriched, with its job pending."""
    lead_id = post_lead(api, alpha).json()["lead_id"]
    lead = conn.execute("SELECT intent, ai_summary FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()
    assert lead == {"intent": None, "ai_summary": None}
    assert conn.execute("SELECT status FROM queue_jobs").fetchone()["status"] == "pending"
