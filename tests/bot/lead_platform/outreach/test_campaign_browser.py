"""A client's campaign in Debian's Chromium (Playwright) against a live server: create it,
start it, see the outreach agent's drafts (the tick run inline), edit one draft's text (the
agent's check passes it), approve all, and see the funnel count the sends (the bulk_email
jobs run inline against the local SMTP server). The pages run under the dashboard's
Content-Security-Policy; a screenshot goes to test-artifacts/screenshots/."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
import uvicorn
from langchain_core.embeddings import FakeEmbeddings

from bot.app import create_app
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.outreach import campaign_jobs, drafting
from tests.bot.console.test_browser import ARGS, CHROMIUM, SHOTS, _free_port, _refusals
from tests.bot.console.test_browser import pytestmark as browser_marks
from tests.bot.lead_platform.leadkit import Tenant, make_tenant
from tests.bot.lead_platform.outreach.campaignkit import add_prospects, ready_client
from tests.support.smtp import Inbox, body_of, smtp_settings

pytestmark = [*browser_marks, pytest.mark.slow]
EDITED = "Hello,\n\nWe wrote to your contact form last month and would like to help you answer faster.\n\nBest regards"


@dataclass(frozen=True)
class Live:
    base: str
    services: Services
    tenant: Tenant


@pytest.fixture
def live(settings: Settings, db_url: str, smtp_server: tuple[Inbox, int]) -> Iterator[Live]:
    app_settings = smtp_settings(settings, smtp_server[1])
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(app_settings, database_url=db_url), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    pool = open_pool(db_url, max_size=4)
    tenant = make_tenant(db_url, "fleurs", language="en")
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield Live(f"http://127.0.0.1:{port}", Services(settings=app_settings, pool=pool, database_url=db_url,
                                                        embedder=FakeEmbeddings(size=8)), tenant)
    finally:
        server.should_exit = True
        thread.join(20)
        pool.close()


def test_a_client_runs_a_campaign_in_the_browser(live: Live, conn: psycopg.Connection,
                                                 smtp_server: tuple[Inbox, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    ready_client(conn, live.tenant.client_id)
    add_prospects(conn, live.tenant.client_id, [
        {"business_name": "Dupont Bakery", "website": "https://dupont.example", "industry": "bakery",
         "language": "en", "contact_email": "info@dupont.example"},
        {"business_name": "Martin Bakery", "website": "https://martin.example", "industry": "bakery",
         "language": "en", "contact_email": "hello@martin.example"},
    ])
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=live.base)
        refused = _refusals(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/dashboard/login")
        page.fill("input[name=email]", live.tenant.email)
        page.fill("input[name=password]", live.tenant.password)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{live.base}/dashboard/leads")

        # Create the campaign and start it.
        page.goto("/dashboard/campaigns")
        page.get_by_role("link", name="New campaign").click()
        page.fill("#name", "Bakeries")
        page.fill("#industries", "bakery")
        page.select_option("#email_template_id", label="Introduction (en, shared)")
        page.fill("#window_start_hour", "0")
        page.fill("#window_end_hour", "24")
        page.fill("#window_days", "1,2,3,4,5,6,7")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("h1")).to_contain_text("Bakeries")
        campaign_id = page.url.rsplit("/", 1)[1]
        page.get_by_role("button", name="Start").click()
        expect(page.locator("h1 .badge")).to_have_text("Active")

        # The agent's drafts (its tick run here rather than by a worker).
        drafting.tick(live.services, campaign_id=campaign_id)
        page.reload()
        drafts = page.locator("article.draft")
        expect(drafts).to_have_count(2)

        # Edit one draft: the check passes it, the page shows the new text.
        drafts.first.get_by_role("link", name="Edit").click()
        page.fill("#body", EDITED)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".flash-success")).to_have_text("Saved: the check found nothing to change.")
        expect(page.locator("article.draft").first.locator("p.pre-wrap")).to_contain_text("answer faster")

        # Approve all; the sends run; the funnel counts them.
        page.get_by_role("button", name="Approve all").click()
        expect(page.locator(".flash-success")).to_have_text("2 e-mail(s) approved.")
        drafting.tick(live.services, campaign_id=campaign_id)
        Worker(live.services.pool, campaign_jobs.job_handlers(live.services),
               database_url=live.services.database_url).drain(max_wait=0.5)
        page.reload()
        expect(page.locator("#funnel text.funnel-count").first).to_have_text("2 · 100 %")
        expect(page.locator("#timeline")).to_contain_text("edited")
        page.screenshot(path=str(SHOTS / "15-dashboard-campaign.png"), full_page=True)
        browser.close()
    assert not refused, refused
    inbox = smtp_server[0]
    assert sorted(m["To"] for m in inbox.messages) == ["hello@martin.example", "info@dupont.example"]
    assert sum("answer faster" in body_of(m) for m in inbox.messages) == 1  # the edited one, as edited
