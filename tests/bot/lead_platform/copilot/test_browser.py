"""The dashboard's copilot chat in Debian's Chromium (Playwright) against a live server whose model
is the scripted stand-in: a question typed and sent with Enter (the page's small script), the
prepared change shown with its button, confirmed, done; nothing refused by the page's CSP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import uvicorn
from psycopg.rows import dict_row

from bot.app import create_app
from bot.core.settings import Settings
from tests.bot.console.test_browser import ARGS, CHROMIUM, SHOTS, _free_port, _refusals
from tests.bot.lead_platform.copilot.conftest import add_lead, with_llm
from tests.bot.lead_platform.leadkit import PASSWORD, Tenant, make_tenant
from tests.support.llm_server import LLMServer, ScriptedLLM, tool_call

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")]


@pytest.fixture
def live(settings: Settings, stand_in: LLMServer, db_url: str) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(with_llm(settings, stand_in, "openai"), database_url=db_url),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(20)


def test_the_dashboard_chat_in_a_browser(live: str, db_url: str, script: ScriptedLLM) -> None:
    from playwright.sync_api import expect, sync_playwright

    tenant: Tenant = make_tenant(db_url, "browser", language="fr")
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
        lead_id = add_lead(conn, tenant.client_id)
    script.turns = [[tool_call("tag_lead", lead_id=str(lead_id), tag="Lead Chaud")],
                    "Je prépare le tag « Lead Chaud » pour Awa Diallo : confirmez-vous ?"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 420, "height": 860}, base_url=live)  # a phone
        refused = _refusals(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/dashboard/login")
        page.fill("#email", tenant.email)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto("/dashboard/copilot")
        page.fill("#copilot-form textarea", "Tague Awa en Lead Chaud")
        page.press("#copilot-form textarea", "Enter")
        action = page.locator(".copilot-action")
        expect(action).to_contain_text("Ajouter le tag « Lead Chaud » au lead Awa Diallo")
        expect(page.locator(".copilot-assistant").last).to_contain_text("confirmez-vous ?")
        page.screenshot(path=str(SHOTS / "copilot-dashboard.png"), full_page=True)
        action.get_by_role("button", name="Confirmer").click()
        expect(page.locator(".copilot-assistant").last).to_contain_text("C'est fait : Ajouter le tag")
        expect(page.locator(".copilot-action-done")).to_have_count(1)
        browser.close()
    assert refused == []
    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        assert conn.execute("SELECT current_tag FROM lead_memory WHERE id = %s", (lead_id,)).fetchone() == {
            "current_tag": "Lead Chaud"}
