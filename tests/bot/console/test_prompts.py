"""The prompts in the console (admin role): list, a prompt's page, an edit as a new version with
the history kept, activation read by the calls at once, an A/B test started and stopped, an
evolution by hand; CSRF everywhere, 4xx naming the field, CSP-clean pages."""

from __future__ import annotations

import re

import psycopg
from fastapi.testclient import TestClient

from agents.prompts import FAQ, UNDERSTAND
from bot.core.db import service_transaction
from bot.prompts import abtests, registry
from tests.bot.console.conftest import Account, csrf_of, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", re.I)  # what the CSP would block


def page(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert not INLINE.search(response.text)
    return response.text


def test_only_admins_see_the_prompts(client: TestClient, agent_account: Account) -> None:
    assert client.get("/admin/prompts", follow_redirects=False).status_code == 303  # signed out
    assert sign_in(client, agent_account) == 303
    assert client.get("/admin/prompts").status_code == 403
    assert client.get("/admin/prompts/faq").status_code == 403


def test_edit_history_activate_and_the_calls_read_it(client: TestClient, admin_account: Account,
                                                   conn: psycopg.Connection) -> None:
    assert sign_in(client, admin_account) == 303
    listing = page(client, "/admin/prompts")
    for name in ("understand", "faq", "lead_analysis", "lead_reply", "form_test_tone", "outreach_personal"):
        assert f'href="/admin/prompts/{name}"' in listing
    assert 'href="/admin/prompts"' in listing  # in the navigation
    html = page(client, "/admin/prompts/faq")
    token = csrf_of(html)
    assert "Reply in {language_name}" in html and "v1" in html
    assert client.get("/admin/prompts/nope").status_code == 404

    edited = FAQ.text.replace("1-3 short", "1-2 short")
    form = {"text": edited, "parameters": '{"temperature": 0.1}', "note": "plus court"}
    assert client.post("/admin/prompts/faq/versions", data=form).status_code == 403  # no CSRF token
    refused = client.post("/admin/prompts/faq/versions", data={**form, "csrf_token": token,
                                                               "text": edited + " {name}"})
    assert refused.status_code == 400 and "unknown placeholder {name}" in refused.text
    assert "{name}" in refused.text  # the admin's text is kept in the form
    refused = client.post("/admin/prompts/faq/versions", data={**form, "csrf_token": token, "parameters": "{"})
    assert refused.status_code == 400 and "parameters" in refused.text
    saved = client.post("/admin/prompts/faq/versions", data={**form, "csrf_token": token}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/admin/prompts/faq"
    html = page(client, "/admin/prompts/faq")
    assert "Version 2 enregistrée" in html and "plus court" in html and "1-2 short" in html

    services = client.app.state.services  # type: ignore[attr-defined]
    assert services.prompts.call(FAQ).text == FAQ.text  # saved, not active yet
    response = client.post("/admin/prompts/faq/versions/2/activate", data={"csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303
    assert services.prompts.call(FAQ).text == edited  # this process reads it at once
    assert services.prompts.call(FAQ).parameters == {"temperature": 0.1}
    assert client.post("/admin/prompts/faq/versions/9/activate", data={"csrf_token": token}).status_code == 400
    with service_transaction(conn):
        assert [(v.version, v.is_active) for v in registry.history(conn, "faq")] == [(2, True), (1, False)]
    # Back to the code's text: an edit that restores it is a version like any other.
    assert client.post("/admin/prompts/faq/versions/1/activate", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303


def test_an_ab_test_from_the_console_and_an_evolution_by_hand(client: TestClient, admin_account: Account,
                                                             conn: psycopg.Connection) -> None:
    assert sign_in(client, admin_account) == 303
    token = csrf_of(page(client, "/admin/prompts/understand"))
    offline = client.post("/admin/prompts/understand/evolve", data={"csrf_token": token, "mode": "llm"})
    assert offline.status_code == 400 and "Aucun LLM" in offline.text
    manual = UNDERSTAND.text + "\nWhen a message mixes intents, pick the one that needs an answer."
    done = client.post("/admin/prompts/understand/evolve", data={"csrf_token": token, "mode": "manual",
                                                                "text": manual}, follow_redirects=False)
    assert done.status_code == 303
    html = page(client, "/admin/prompts/understand")
    assert "en test A/B contre la version 1" in html and 'id="running-test"' in html
    assert "modification manuelle" in html
    with service_transaction(conn):
        test = abtests.list_tests(conn, name="understand")[0]
    assert (test.status, test.treatment_version, test.started_by) == ("running", 2, admin_account.email)
    # While it runs: no activation by hand, no second test.
    assert client.post("/admin/prompts/understand/versions/2/activate", data={"csrf_token": token}).status_code == 400
    second = client.post("/admin/prompts/understand/tests", data={"csrf_token": token, "version": "2"})
    assert second.status_code == 400 and "already running" in second.text
    stopped = client.post(f"/admin/prompt-tests/{test.id}/stop", data={"csrf_token": token}, follow_redirects=False)
    assert stopped.status_code == 303
    with service_transaction(conn):
        assert abtests.get_test(conn, test.id).status == "cancelled"  # type: ignore[union-attr]
    # A test started from the form, with its own split; its bad values are refused by name.
    bad = client.post("/admin/prompts/understand/tests", data={"csrf_token": token, "version": "2",
                                                               "treatment_percentage": "150"})
    assert bad.status_code == 400 and "treatment_percentage" in bad.text
    started = client.post("/admin/prompts/understand/tests", data={
        "csrf_token": token, "version": "2", "treatment_percentage": "20", "min_sample_size": "200",
        "significance_level": "0.01", "max_duration_days": "14"}, follow_redirects=False)
    assert started.status_code == 303
    html = page(client, "/admin/prompts")
    assert "v2 20 %" in html
    with service_transaction(conn):
        test = abtests.list_tests(conn, name="understand")[0]
    assert (test.treatment_percentage, test.min_sample_size, test.significance_level,
            test.max_duration_days) == (20.0, 200, 0.01, 14)
