"""The console in Debian's Chromium (Playwright) against a live server on loopback.

One scenario, in the order an agency's day goes: sign in, chat as a member in the
simulator and see the bot answer, take the conversation over, reply (the row reaches
the local outbox, delivered), give it back, import a CSV with one bad row (nothing
imported, the report names the row), approve a contact request. Screenshots of every
main page go to test-artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import psycopg
import pytest
import uvicorn
from psycopg.rows import dict_row

from bot.app import create_app
from bot.console.users import create_admin
from bot.core.settings import Settings
from bot.store import contacts
from bot.store import conversations as repo
from tests.bot.console.conftest import PASSWORD
from tests.bot.lead_platform.leadkit import make_tenant
from tests.conftest import create_database, drop_database
from tests.support import REPO_ROOT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
EMAIL = "awa@agence.test"
MEMBER = "+237690000123"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists(),
        reason=f"no Chromium at {CHROMIUM} (CI installs Debian's chromium package)",
    ),
]


@dataclass
class Live:
    base: str
    url: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _small_demo(url: str, settings: Settings) -> None:
    """The demo knowledge base and part of the demo catalogue (the whole one takes ~20 s to embed here)."""
    from knowledge.demo import demo_knowledge
    from knowledge.demo_profiles import generate_profiles
    from knowledge.embeddings import make_embedder
    from knowledge.faq import index_knowledge, upsert_knowledge
    from knowledge.profile_store import upsert_profile
    from knowledge.profiles import index_profiles

    embedder = make_embedder(settings)
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        with conn.transaction():
            for row in demo_knowledge():
                upsert_knowledge(conn, row, update=False)
            for row in generate_profiles(60):
                upsert_profile(conn, row, update=False)
        index_knowledge(conn, embedder)
        index_profiles(conn, embedder)
        create_admin(
            conn, email=EMAIL, password=PASSWORD, role="admin", full_name="Awa Conseillère"
        )


@pytest.fixture(scope="module")
def live(
    pg_admin_url: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    url = create_database(pg_admin_url, template=template_db)
    settings = Settings(
        _env_file=None,
        environment="test",
        database_url=url,  # type: ignore[call-arg]
        home=tmp_path_factory.mktemp("home"),
        chat_provider="offline",
        embedding_provider="offline",
        burst_window_seconds=0.0,
        worker_concurrency=2,
        pool_size=4,
    )
    _small_demo(url, settings)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, database_url=url, run_worker=True),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the console did not start"
        time.sleep(0.05)
    try:
        yield Live(base=f"http://127.0.0.1:{port}", url=url)
    finally:
        server.should_exit = True
        thread.join(20)
        drop_database(pg_admin_url, url)


def _db(live: Live) -> psycopg.Connection:
    return psycopg.connect(live.url, autocommit=True, row_factory=dict_row)


def _wait_for(
    query: str, params: tuple[object, ...], live: Live, *, timeout: float = 20
) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    with _db(live) as conn:
        while True:
            row = conn.execute(query, params).fetchone()
            if row:
                return row
            assert time.monotonic() < deadline, f"timed out waiting for: {query}"
            time.sleep(0.2)


def _refusals(context: BrowserContext) -> list[str]:
    """What the browser refuses to run or load, as it says so on the console: a
    Content-Security-Policy violation reads "Refused to load…" or "Executing inline script
    violates the following Content Security Policy directive…" (checked with Debian's Chromium)."""
    found: list[str] = []
    context.on("console", lambda message: found.append(message.text)
               if "Refused to" in message.text or "Content Security Policy" in message.text else None)
    return found


def test_an_agency_day_in_the_console(live: Live, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=live.base)
        refused = _refusals(context)
        # Nothing leaves the machine: demo photo URLs (photos.example.com) are refused here.
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(live.base) else route.abort()
            ),
        )
        page = context.new_page()
        page.set_default_timeout(20_000)

        # Sign in.
        page.goto("/admin/inbox")
        expect(page).to_have_url(f"{live.base}/admin/login")
        page.screenshot(path=str(SHOTS / "01-login.png"))
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{live.base}/admin/inbox")

        # Chat as a member: same path as a real inbound message, the worker answers.
        page.goto(f"/admin/simulator?phone={MEMBER.replace('+', '%2B')}")
        page.fill("#sim-text", "Bonjour")
        page.press("#sim-text", "Enter")
        expect(page.locator(".sim-msg.mine")).to_have_count(1)
        # The first turn waits for the intent classifier, which the worker trains at start-up:
        # seconds, but a minute on a loaded machine.
        expect(page.locator(".sim-msg.theirs").first).to_be_visible(timeout=120_000)
        bot_text = page.locator(".sim-msg.theirs .text").first.inner_text()
        assert bot_text.strip()
        page.screenshot(path=str(SHOTS / "02-simulator.png"))
        lead_id = int(_wait_for("SELECT id FROM leads WHERE phone = %s", (MEMBER,), live)["id"])

        # The inbox lists the conversation (unread) and links to it.
        page.goto("/admin/inbox")
        row = page.locator(f"tr[data-lead='{lead_id}']")
        expect(row).to_be_visible()
        expect(row.locator(".status")).to_have_text("Bot")
        page.screenshot(path=str(SHOTS / "03-inbox.png"))
        with _db(live) as conn:  # another member writes: the inbox shows it without a reload
            other = repo.upsert_lead(conn, channel="local", phone="+237690000456", name="Brice")
            repo.record_inbound(
                conn,
                lead_id=other,
                content="Bonsoir",
                channel="local",
                provider_message_id="browser-test-1",
            )
        expect(page.locator(f"tr[data-lead='{other}']")).to_be_visible(timeout=15_000)
        row.locator("a").first.click()
        expect(page).to_have_url(f"{live.base}/admin/conversations/{lead_id}")
        expect(page.locator("#window-state")).to_contain_text("ouverte")

        # Take over, reply (reaches the local outbox), release.
        page.get_by_role("button", name="Prendre la main").click()
        expect(page.locator("#conv-status")).to_have_text("Admin")
        page.fill("#reply-text", "Bonjour Nadia, ici Awa de l'agence.")
        page.get_by_role("button", name="Envoyer", exact=True).click()
        expect(page.locator(".flash-success")).to_be_visible()
        sent = _wait_for(
            "SELECT id, sender_id FROM conversations WHERE lead_id = %s AND sender_type = 'admin' "
            "AND delivery_status = 'delivered'",
            (lead_id,),
            live,
        )
        expect(page.locator(f".bubble[data-id='{sent['id']}'] .delivery")).to_contain_text(
            "remis"
        )
        page.screenshot(path=str(SHOTS / "04-conversation.png"), full_page=True)
        page.get_by_role("button", name="Rendre au bot").first.click()
        expect(page.locator("#conv-status")).to_have_text("Bot")
        with _db(live) as conn:
            lead = conn.execute(
                "SELECT assigned_admin_id, status FROM leads WHERE id = %s", (lead_id,)
            ).fetchone()
            admin_id = conn.execute("SELECT id FROM admin_users").fetchone()["id"]
        assert (
            lead == {"assigned_admin_id": None, "status": "nouveau_lead"}
            and sent["sender_id"] == admin_id
        )

        # The member sees the admin's message in the simulator too.
        page.goto(f"/admin/simulator?phone={MEMBER.replace('+', '%2B')}")
        expect(page.locator(".sim-msg.from-admin")).to_contain_text("ici Awa")

        # CSV import with one bad row: nothing imported, the report names the row.
        csv_file = tmp_path / "profiles.csv"
        csv_file.write_text(
            "code,first_name,age,gender,city\nZZ01,Carine,31,female,Douala\n"
            "ZZ02,Paul,sixteen,male,Yaoundé\n",
            encoding="utf-8",
        )
        page.goto("/admin/profiles")
        expect(page.locator("#index-status")).to_contain_text("60 / 60")
        page.screenshot(path=str(SHOTS / "05-profiles.png"))
        page.set_input_files("input[name=file]", str(csv_file))
        page.get_by_role("button", name="Importer").click()
        report = page.locator("#import-report")
        expect(report).to_contain_text("row 3, column age")
        page.screenshot(path=str(SHOTS / "06-import-report.png"))
        with _db(live) as conn:
            assert (
                conn.execute("SELECT count(*) AS n FROM profiles WHERE code LIKE 'ZZ%'").fetchone()[
                    "n"
                ]
                == 0
            )

        # Approve a contact request.
        with _db(live) as conn:
            profile = conn.execute(
                "SELECT id, code FROM profiles WHERE status = 'active' ORDER BY id LIMIT 1"
            ).fetchone()
            request_id, _ = contacts.create_request(
                conn,
                lead_id=lead_id,
                profile_id=profile["id"],
                profile_code=profile["code"],
                message="Je voudrais la rencontrer",
                amount=15000,
                currency="XAF",
            )  # type: ignore[arg-type]
        page.goto("/admin/contacts")
        page.locator(f"tr[data-request='{request_id}'] a").first.click()
        page.click("#approve")
        expect(page.locator("#request-status")).to_have_text("approved")
        page.screenshot(path=str(SHOTS / "07-contact-request.png"))
        with _db(live) as conn:
            decided = conn.execute(
                "SELECT status, admin_id FROM contact_requests WHERE id = %s", (request_id,)
            ).fetchone()
        assert decided == {"status": "approved", "admin_id": admin_id}

        # The other main pages render.
        page.goto("/admin/knowledge?question=Combien+co%C3%BBte+une+mise+en+relation")
        expect(page.locator("ol.hits li").first).to_be_visible()
        page.screenshot(path=str(SHOTS / "08-knowledge.png"))
        page.goto("/admin/analytics")
        page.get_by_role("button", name="Recalculer 30 jours").click()
        expect(page.locator("#chart-messages_per_day polyline")).to_have_count(3)
        page.screenshot(path=str(SHOTS / "09-analytics.png"), full_page=True)
        page.goto("/admin/config")
        page.screenshot(path=str(SHOTS / "10-config.png"), full_page=True)

        # A phone-sized screen.
        phone_context = browser.new_context(
            viewport={"width": 390, "height": 844}, base_url=live.base, is_mobile=True
        )
        phone_context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(live.base) else route.abort()
            ),
        )
        phone_context.add_cookies(context.cookies())
        refused += _refusals(phone_context)
        phone = phone_context.new_page()
        phone.goto(f"/admin/conversations/{lead_id}")
        expect(phone.locator("#reply-text")).to_be_visible()
        phone.screenshot(path=str(SHOTS / "11-conversation-phone.png"), full_page=True)
        browser.close()
    assert not refused, refused  # the Content-Security-Policy blocked nothing the pages need


def test_teaching_the_bot_a_misread_message(live: Live) -> None:
    """A conversation handed over for not understanding is to review; the admin says what the
    member meant ("Mal compris ?"), then marks the conversation reviewed."""
    from playwright.sync_api import expect, sync_playwright

    with _db(live) as conn:
        lead_id = repo.upsert_lead(conn, channel="local", phone="+237690000789", name="Yvan")
        repo.record_inbound(conn, lead_id=lead_id, content="yako", channel="local",
                            provider_message_id="browser-misread-1")
        message_id = int(conn.execute("SELECT id FROM conversations WHERE lead_id = %s",
                                      (lead_id,)).fetchone()["id"])
        repo.mark_answered(conn, [message_id], intent="qualification",
                           reading={"context": "asked_age", "intent": "answer", "confidence": 0.46})
        repo.update_lead(conn, lead_id, status="attente_humain", handoff_reason="not_understood")

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=live.base)
        refused = _refusals(context)
        context.route("**/*", lambda route: (
            route.continue_() if route.request.url.startswith(live.base) else route.abort()))
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/admin/login")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{live.base}/admin/inbox")

        # The inbox's "À revoir" tab, with its count, leads to the list.
        expect(page.locator("#review-tab")).to_contain_text("À revoir")
        expect(page.locator("#review-tab [data-count=review]")).not_to_have_text("0")
        page.click("#review-tab")
        row = page.locator(f"tr[data-lead='{lead_id}']")
        expect(row).to_contain_text("« yako »")
        page.screenshot(path=str(SHOTS / "12-review.png"))
        row.get_by_role("link", name="Ouvrir").click()
        expect(page).to_have_url(f"{live.base}/admin/conversations/{lead_id}")
        expect(page.locator("#review-banner")).to_be_visible()

        # "Mal compris ?": how the bot read it, what the member meant.
        bubble = page.locator(f"#m{message_id}")
        bubble.get_by_text("Mal compris ?").click()
        expect(bubble.locator(".reading")).to_contain_text("lu comme : Répond à la question posée")
        expect(bubble.locator(".reading")).to_contain_text("(0.46)")
        expect(bubble.locator("select[name=context]")).to_have_value("asked_age")
        bubble.locator("select[name=intent]").select_option(label="Bavarde, hors sujet")
        bubble.locator("select[name=context]").select_option("none")
        page.screenshot(path=str(SHOTS / "13-misread.png"), full_page=True)
        bubble.get_by_role("button", name="Enregistrer").click()
        expect(page.locator(".flash-success")).to_have_text("Merci : le bot apprendra de cet exemple.")
        expect(page.locator(f"#m{message_id} summary")).to_have_text("✓ Corrigé : Bavarde, hors sujet")
        with _db(live) as conn:
            example = conn.execute(
                "SELECT text, context, intent, read_intent, a.email FROM understanding_examples e "
                "JOIN admin_users a ON a.id = e.admin_id WHERE message_id = %s", (message_id,)
            ).fetchone()
        assert example == {"text": "yako", "context": "none", "intent": "chitchat", "read_intent": "answer",
                           "email": EMAIL}

        # Reviewed: it leaves the list.
        page.get_by_role("button", name="Marquer comme revue").click()
        expect(page).to_have_url(f"{live.base}/admin/review")
        expect(page.locator(".flash-success")).to_contain_text("Conversation revue")
        expect(page.locator(f"tr[data-lead='{lead_id}']")).to_have_count(0)
        browser.close()
    assert not refused, refused


def test_the_client_dashboard_under_its_policy(live: Live) -> None:
    """The dashboard's pages (the same server) run under the same Content-Security-Policy."""
    from playwright.sync_api import expect, sync_playwright

    tenant = make_tenant(live.url, "browser", language="fr")
    posted = httpx.post(f"{live.base}/api/lead", headers=tenant.headers, json={
        "name": "Awa Diallo", "email": "awa@example.org", "message": "Bonjour,\nquels sont vos tarifs ?"})
    assert posted.status_code == 201, posted.text
    lead_id = posted.json()["lead_id"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=live.base)
        refused = _refusals(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/dashboard/login")
        page.fill("input[name=email]", tenant.email)
        page.fill("input[name=password]", tenant.password)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{live.base}/dashboard/leads")
        page.goto(f"/dashboard/leads/{lead_id}")
        expect(page.locator("p.pre-wrap")).to_have_css("white-space", "pre-wrap")  # was a style attribute
        page.fill("input[name=tag]", "VIP")
        page.get_by_role("button", name="Appliquer le tag").click()
        expect(page.locator(".flash-success")).to_be_visible()
        page.screenshot(path=str(SHOTS / "14-dashboard-lead.png"), full_page=True)
        browser.close()
    assert not refused, refused
