"""Security headers: no framing, and a Content-Security-Policy the templates obey.

The browser tests (tests/bot/console/test_browser.py) fail on any CSP violation; here the
headers themselves, and a check that no template brings back an inline script, style or
event handler, which the policy would block.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.web.headers import CONTENT_SECURITY_POLICY
from tests.bot.web.signed_in import World, world_fixtures
from tests.support import REPO_ROOT

db_url, settings, app_client, world = world_fixtures()

TEMPLATES = [*REPO_ROOT.glob("bot/**/templates/*.html")]
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "inline style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_console_and_dashboard_pages_cannot_be_framed_and_carry_the_policy(world: World) -> None:
    lead = world.platform_ids["lead_id"]
    for path in ("/admin/login", "/admin/inbox", "/admin/analytics", "/dashboard/login", f"/dashboard/leads/{lead}",
                 "/admin/static/admin.js"):
        response = world.client.get(path)
        assert response.status_code == 200, path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["x-content-type-options"] == "nosniff", path
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    # Redirects and errors too: a framed login redirect is still a framed page.
    redirect = world.client.get("/dashboard", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["x-frame-options"] == "DENY"


def test_other_answers_cannot_be_framed_either(world: World) -> None:
    for response in (world.client.get("/healthz"), world.client.get("/api/leads")):
        assert response.headers["x-frame-options"] == "DENY"


def test_no_template_has_inline_script_style_or_handler() -> None:
    assert len(TEMPLATES) > 20
    found = [f"{path.relative_to(REPO_ROOT)}: {what}" for path in TEMPLATES
             for what, pattern in INLINE.items() if pattern.search(Path(path).read_text(encoding="utf-8"))]
    assert not found, found
