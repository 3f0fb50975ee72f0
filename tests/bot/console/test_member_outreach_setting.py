"""Member outreach's rules are an agency setting the console edits, validated field by field."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from tests.bot.console.conftest import Account, csrf_of, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()


def test_admin_edits_the_member_outreach_rules(client: TestClient, admin_account: Account,
                                               conn: psycopg.Connection) -> None:
    assert sign_in(client, admin_account) == 303
    page = client.get("/admin/config").text
    assert 'name="member_every_days" type="number" min="0" max="365" value="7"' in page  # the migration's default
    form = {"csrf_token": csrf_of(page), "contact_price": "15000", "currency": "XAF", "minimum_age": "18",
            "auto_release_minutes": "30", "handback_minutes": "45", "adviser_day": ["1"],
            "adviser_start": "08:00", "adviser_end": "20:00", "adviser_timezone": "Africa/Douala",
            "member_every_days": "5", "member_quiet_days": "2", "member_reply_days": "4",
            "member_fresh_days": "10", "member_start": "10:00", "member_end": "19:30"}
    refused = client.post("/admin/config", data={**form, "member_every_days": "sept", "member_end": "09:00"})
    assert refused.status_code == 400
    assert "member_outreach.every_days : &#39;sept&#39; illisible" in refused.text
    assert "le début des envois doit précéder la fin" in refused.text
    assert client.post("/admin/config", data=form, follow_redirects=False).status_code == 303
    row = conn.execute("SELECT value FROM configuration WHERE key = 'member_outreach'").fetchone()
    assert row["value"] == {"every_days": 5, "quiet_days": 2, "reply_days": 4, "fresh_days": 10,
                            "start": "10:00", "end": "19:30"}
    # A form without these fields (an older page) leaves them as they are.
    without = {k: v for k, v in form.items() if not k.startswith("member_")}
    assert client.post("/admin/config", data=without, follow_redirects=False).status_code == 303
    assert conn.execute("SELECT value FROM configuration WHERE key = 'member_outreach'").fetchone() == row
