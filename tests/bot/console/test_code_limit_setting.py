"""The daily limit of profiles looked up by code is an agency setting the console edits."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from tests.bot.console.conftest import Account, csrf_of, module_fixtures, sign_in

db_url, settings, app_client = module_fixtures()


def test_admin_sets_the_daily_limit_of_codes(client: TestClient, admin_account: Account,
                                            conn: psycopg.Connection) -> None:
    assert sign_in(client, admin_account) == 303
    page = client.get("/admin/config").text
    assert 'name="profile_codes_per_day" type="number" min="1" value="10"' in page  # the built-in default
    form = {"csrf_token": csrf_of(page), "contact_price": "15000", "currency": "XAF", "minimum_age": "18",
            "auto_release_minutes": "30", "handback_minutes": "45", "adviser_day": ["1"],
            "adviser_start": "08:00", "adviser_end": "20:00", "adviser_timezone": "Africa/Douala"}
    refused = client.post("/admin/config", data={**form, "profile_codes_per_day": "0"})
    assert refused.status_code == 400 and "profile_codes_per_day" in refused.text
    assert client.post("/admin/config", data={**form, "profile_codes_per_day": "4"},
                       follow_redirects=False).status_code == 303
    row = conn.execute("SELECT value FROM configuration WHERE key = 'profile_codes_per_day'").fetchone()
    assert row["value"] == 4
    assert 'name="profile_codes_per_day" type="number" min="1" value="4"' in client.get("/admin/config").text
