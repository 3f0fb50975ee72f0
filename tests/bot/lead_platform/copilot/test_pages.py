"""The chat pages, as plain forms (no JavaScript): CSRF on every post, the dashboard's chat and
its confirm buttons bound to the signed-in session, the console's chat for the agency, and,
offline, the message that the copilot needs an LLM with links to the forms that do the same."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from html import unescape

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.console.users import create_admin
from bot.core.settings import Settings
from tests.bot.console.conftest import PASSWORD, Account
from tests.bot.console.conftest import sign_in as admin_sign_in
from tests.bot.lead_platform.copilot.conftest import add_lead, with_llm
from tests.bot.lead_platform.dashboard.test_dashboard import csrf_of, sign_in
from tests.bot.lead_platform.leadkit import Tenant
from tests.support.llm_server import LLMServer, ScriptedLLM, tool_call

CONFIRM = re.compile(r'action="(/dashboard/copilot/actions/[0-9a-f-]+/confirm)"')


@pytest.fixture
def llm_app(lead_settings: Settings, stand_in: LLMServer, db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(with_llm(lead_settings, stand_in, "openai"), database_url=db_url)) as client:
        yield client


def test_offline_the_pages_say_the_copilot_needs_an_llm(api: TestClient, alpha: Tenant, conn: psycopg.Connection) -> None:
    assert api.get("/dashboard/copilot", follow_redirects=False).headers["location"] == "/dashboard/login"
    assert sign_in(api, alpha)[0] == 303
    page = unescape(api.get("/dashboard/copilot").text)
    assert "Le copilot a besoin d'un modèle de langage" in page  # alpha reads French
    for link in ("/dashboard/leads", "/dashboard/activity", "/dashboard/brain", "/dashboard/campaigns",
                 "/dashboard/templates"):
        assert f'href="{link}"' in page
    assert 'name="message"' not in page and "/web-static/copilot.js" in page
    assert api.post("/dashboard/copilot", data={"message": "Bonjour"}).status_code == 403  # CSRF
    answer = api.post("/dashboard/copilot", data={"message": "Bonjour", "csrf_token": csrf_of(page)},
                      follow_redirects=False)
    assert answer.status_code == 303
    assert conn.execute("SELECT count(*) AS n FROM copilot_messages WHERE client_id = %s",
                        (alpha.client_id,)).fetchone() == {"n": 0}

    email = f"boss-{uuid.uuid4().hex[:6]}@agence.test"
    create_admin(conn, email=email, password=PASSWORD, role="admin")
    assert admin_sign_in(api, Account(0, email)) == 303
    page = unescape(api.get("/admin/copilot").text)
    assert "Le copilot a besoin d'un modèle de langage" in page and 'href="/admin/inbox"' in page
    assert "The copilot needs a language model" in api.get("/admin/copilot?lang=en").text


def test_the_dashboard_chat_works_with_forms_and_only_for_its_session(
    llm_app: TestClient, script: ScriptedLLM, alpha: Tenant, beta: Tenant, conn: psycopg.Connection,
) -> None:
    lead_id = add_lead(conn, alpha.client_id)
    script.turns = [[tool_call("convert_lead", lead_id=str(lead_id))], "Je le marque converti : confirmez."]
    assert sign_in(llm_app, alpha)[0] == 303
    token = csrf_of(llm_app.get("/dashboard/copilot").text)
    asked = llm_app.post("/dashboard/copilot", data={"message": "Awa a signé !", "csrf_token": token},
                         follow_redirects=False)
    assert asked.status_code == 303
    page = unescape(llm_app.get("/dashboard/copilot").text)
    assert "Awa a signé !" in page and "Je le marque converti : confirmez." in page
    assert "Marquer le lead Awa Diallo comme converti" in page
    confirm = CONFIRM.search(page)
    assert confirm is not None

    other = TestClient(llm_app.app)  # beta, in another browser, with alpha's button's address
    assert sign_in(other, beta)[0] == 303
    other_token = csrf_of(other.get("/dashboard/copilot").text)
    assert other.post(confirm.group(1), data={"csrf_token": other_token}, follow_redirects=False).status_code == 303
    assert "Awa" not in other.get("/dashboard/copilot").text
    assert conn.execute("SELECT current_tag FROM lead_memory WHERE id = %s", (lead_id,)).fetchone() == {
        "current_tag": None}

    assert llm_app.post(confirm.group(1), data={"csrf_token": token}, follow_redirects=False).status_code == 303
    page = unescape(llm_app.get("/dashboard/copilot").text)
    assert "C'est fait : Marquer le lead Awa Diallo comme converti." in page and CONFIRM.search(page) is None
    assert conn.execute("SELECT current_tag FROM lead_memory WHERE id = %s", (lead_id,)).fetchone() == {
        "current_tag": "Converti"}

    # The agency's chat in the console: its own session, the agency's tools.
    email = f"boss-{uuid.uuid4().hex[:6]}@agence.test"
    create_admin(conn, email=email, password=PASSWORD, role="admin")
    assert admin_sign_in(llm_app, Account(0, email)) == 303
    script.turns = [[tool_call("members_overview")], "Aucun membre pour l'instant."]
    admin_token = csrf_of(llm_app.get("/admin/copilot").text)
    assert llm_app.post("/admin/copilot", data={"message": "Combien de membres ?", "csrf_token": admin_token},
                        follow_redirects=False).status_code == 303
    page = unescape(llm_app.get("/admin/copilot").text)
    assert "Combien de membres ?" in page and "Aucun membre pour l'instant." in page and "Awa a signé" not in page
    assert json.loads(script.requests[-1]["messages"][-1]["content"])["members"] == 0  # the members tool ran
