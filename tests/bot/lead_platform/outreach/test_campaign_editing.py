"""The campaign screens in both areas (one set of routes, screen_routes.py): the client's
dashboard in English and the console, for the agency's internal client, in French.

Each area: the prospects list with scores and form-test results; a campaign created, edited
while a draft (audience, template, follow-ups, cap, window) and refused an edit while
active; a draft e-mail edited before approval, its text checked again by the outreach
agent (refused with the findings shown and nothing stored, then accepted and logged);
approved one by one and all at once; paused and resumed; bad input named, CSRF required,
another campaign's draft a 404."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import psycopg
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from bot.console.users import create_admin
from bot.core.connections import Pool
from bot.core.db import service_transaction, tenant_transaction
from bot.core.settings import Settings
from bot.lead_platform.outreach import drafting, screen_texts
from bot.lead_platform.store import outreach_emails
from bot.lead_platform.store.campaigns import ensure_internal_client, get_campaign
from tests.bot.console.conftest import PASSWORD, Account, sign_in
from tests.bot.lead_platform.dashboard.test_dashboard import csrf_of
from tests.bot.lead_platform.dashboard.test_dashboard import sign_in as dashboard_sign_in
from tests.bot.lead_platform.leadkit import Tenant
from tests.bot.lead_platform.outreach.campaignkit import add_prospects, services_of, starter


@dataclass(frozen=True)
class Area:
    prefix: str
    client_id: uuid.UUID
    language: str


@pytest.fixture(params=["dashboard", "console"])
def area(request: pytest.FixtureRequest, api: TestClient, conn: psycopg.Connection) -> Area:
    """Signed in to one area: the English client's dashboard, or the console."""
    if request.param == "dashboard":
        beta: Tenant = request.getfixturevalue("beta")
        assert dashboard_sign_in(api, beta)[0] == 303
        return Area("/dashboard", beta.client_id, "en")
    create_admin(conn, email="sales@agence.test", password=PASSWORD, role="admin")
    assert sign_in(api, Account(0, "sales@agence.test")) == 303
    with service_transaction(conn):
        internal = ensure_internal_client(conn).client_id
    return Area("/admin", internal, "fr")


def _form(template: uuid.UUID, **fields: str) -> dict[str, str]:
    return {"name": "Spring", "audience": "prospects", "industries": "bakery", "email_template_id": str(template),
            "daily_cap": "20", "window_start_hour": "0", "window_end_hour": "24", "window_days": "1,2,3,4,5,6,7",
            "timezone": "Europe/Paris", "approval_mode": "manual", **fields}


def _statuses(conn: psycopg.Connection, area: Area, campaign_id: uuid.UUID) -> dict[str, str]:
    with tenant_transaction(conn, area.client_id):
        return {str(e["id"]): e["status"] for e in outreach_emails.list_emails(conn, campaign_id)}


def test_every_campaign_screen_in_both_areas(area: Area, api: TestClient, conn: psycopg.Connection,
                                             lead_settings: Settings, db_url: str, pool: Pool) -> None:
    ot = {k: str(escape(v)) for k, v in screen_texts.text(area.language).items()}  # as the pages show them
    ft = {k: str(escape(v)) for k, v in screen_texts.form_tests(area.language).items()}
    add_prospects(conn, area.client_id, [
        {"business_name": "Dupont Bakery", "website": "https://dupont.example", "industry": "bakery",
         "language": "en", "contact_email": "info@dupont.example", "automation_need_score": 83,
         "form_test": {"submitted": "2026-11-02T10:00:00+00:00", "minutes": 1560, "tone": "robotic",
                       "autoresponder": True}},
        {"business_name": "Fleurs Martin", "website": "https://fleurs.example", "industry": "florist",
         "language": "fr", "contact_email": "bonjour@fleurs.example", "automation_need_score": 61},
    ])

    # The prospects, highest automation need first, with their form tests.
    prospects = api.get(f"{area.prefix}/prospects")
    assert prospects.status_code == 200
    rows = re.findall(r'<tr data-prospect="[^"]+">(.*?)</tr>', prospects.text, re.S)
    assert [("Dupont Bakery" in r, "Fleurs Martin" in r) for r in rows] == [(True, False), (False, True)]
    assert "83" in rows[0] and ft["completed"] in rows[0] and "1560" in rows[0] and ft["robotic"] in rows[0]
    assert ot["autoresponder"] in rows[0] and ot["none"] in rows[1]
    assert api.get(f"{area.prefix}/prospects?page=0").status_code == 422  # named: query.page

    listing = api.get(f"{area.prefix}/campaigns")
    token = csrf_of(listing.text)
    intro, follow = starter(conn, "Introduction"), starter(conn, "Follow-up")
    made = api.post(f"{area.prefix}/campaigns", data={**_form(intro), "csrf_token": token}, follow_redirects=False)
    assert made.status_code == 303
    url = made.headers["location"]
    campaign_id = uuid.UUID(url.rsplit("/", 1)[1])

    # Edited while a draft: audience, follow-ups, cap, window; bad input is a 400 naming the field.
    edit = api.get(f"{url}/edit")
    assert edit.status_code == 200 and 'value="Spring"' in edit.text
    bad = api.post(f"{url}/edit", data={**_form(intro, window_days="1,9"), "csrf_token": token})
    assert bad.status_code == 400 and "window_days: must be between 1 and 7" in bad.text
    assert 'value="1,9"' in bad.text  # what was typed is kept
    edited = api.post(f"{url}/edit", data={**_form(intro, industries="bakery, florist", daily_cap="5",
                                                   window_start_hour="8", window_end_hour="18",
                                                   follow_up_1_days="4", follow_up_1_template=str(follow)),
                                           "csrf_token": token}, follow_redirects=False)
    assert edited.status_code == 303
    with tenant_transaction(conn, area.client_id):
        campaign = get_campaign(conn, campaign_id)
    assert campaign is not None and campaign.daily_cap == 5 and campaign.window_start_hour == 8
    assert campaign.target_criteria["industries"] == ["bakery", "florist"]
    assert campaign.follow_up_schedule == [{"delay_days": 4, "template_id": str(follow)}]
    page = api.get(url).text
    assert f"(+4 {ot['days_short']})" in page

    # Started (the footer's postal address first); an active campaign cannot be edited.
    api.post(f"{area.prefix}/campaigns/postal-address", data={"postal_address": "3 rue Haute, Lyon",
                                                              "csrf_token": token})
    started = api.post(f"{url}/status", data={"action": "active", "csrf_token": token})
    assert started.status_code == 200 and ot["active"] in started.text
    refused = api.post(f"{url}/edit", data={**_form(intro), "csrf_token": token})
    assert refused.status_code == 400 and "status: only a draft or paused campaign can be edited" in refused.text

    drafting.tick(services_of(lead_settings, pool, db_url), campaign_id=str(campaign_id))
    page = api.get(url).text
    drafts = list(dict.fromkeys(re.findall(rf'href="{url}/emails/([0-9a-f-]+)/edit"', page)))
    assert len(drafts) == 2
    first, second = drafts

    # A draft's text edited: the agent's check refuses spam wording and a link the campaign does
    # not give, shows why, keeps what was typed and stores nothing.
    draft_url = f"{url}/emails/{first}/edit"
    form = api.get(draft_url)
    assert form.status_code == 200 and 'id="draft-form"' in form.text
    with tenant_transaction(conn, area.client_id):
        before = outreach_emails.get_email(conn, uuid.UUID(first))
    assert before is not None
    spam = api.post(draft_url, data={"subject": "URGENT offer", "csrf_token": token,
                                     "body": "Hello,\n\nClick here: https://elsewhere.example/win\n\n{{first_name}}"})
    assert spam.status_code == 400 and ot["check_failed"] in spam.text
    findings = re.search(r'id="findings">(.*?)</div>', spam.text, re.S)
    assert findings is not None
    assert "spam-trigger wording" in findings.group(1) and "https://elsewhere.example/win" in findings.group(1)
    assert "{{first_name}}" in findings.group(1) and "URGENT offer" in spam.text
    with tenant_transaction(conn, area.client_id):
        assert outreach_emails.get_email(conn, uuid.UUID(first))["content"] == before["content"]
    # A clean edit passes: stored, the agent's first text kept, the check logged.
    body = "Hello,\n\nWe noticed your contact form and would like to help you answer faster.\n\nBest regards"
    saved = api.post(draft_url, data={"subject": "A question for Dupont Bakery", "body": body,
                                      "csrf_token": token}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith(f"#draft-{first}")
    with tenant_transaction(conn, area.client_id):
        after = outreach_emails.get_email(conn, uuid.UUID(first))
    assert after is not None and after["content"] == body and after["status"] == "pending"
    assert after["metadata"]["original"]["content"] == before["content"]
    logged = conn.execute("SELECT output_summary FROM agent_logs WHERE agent_name = 'outreach.check' "
                          "AND input_summary LIKE %s ORDER BY id", (f"%draft {first}%",)).fetchall()
    assert [r["output_summary"][:8] for r in logged] == ["refused:", "ok"]
    page = api.get(url).text
    assert ot["check_passed"] in page and screen_texts.events(area.language)["edited"] in page

    # Approved one by one, then all; an approved draft can no longer be edited.
    api.post(f"{url}/emails/{first}", data={"decision": "approve", "csrf_token": token})
    assert _statuses(conn, area, campaign_id) == {first: "approved", second: "pending"}
    late = api.post(draft_url, data={"subject": "Too late", "body": body, "csrf_token": token})
    assert late.status_code == 400 and "status: the e-mail is approved" in late.text
    assert api.post(f"{url}/approve-all", data={}).status_code == 403  # no CSRF token
    all_of_them = api.post(f"{url}/approve-all", data={"csrf_token": token})
    assert ot["approved_n"].format(n=1) in all_of_them.text
    assert set(_statuses(conn, area, campaign_id).values()) == {"approved"}

    # Paused, edited while paused, resumed.
    paused = api.post(f"{url}/status", data={"action": "paused", "csrf_token": token})
    assert ot["paused"] in paused.text
    assert api.post(f"{url}/edit", data={**_form(intro, daily_cap="7"), "csrf_token": token},
                    follow_redirects=False).status_code == 303
    resumed = api.post(f"{url}/status", data={"action": "active", "csrf_token": token})
    assert ot["active"] in resumed.text and ot["resume"] not in resumed.text

    # A draft that is not this campaign's is a 404.
    assert api.get(f"{url}/emails/{uuid.uuid4()}/edit").status_code == 404
    assert api.post(f"{area.prefix}/campaigns/{uuid.uuid4()}/emails/{first}/edit",
                    data={"subject": "x", "body": "y", "csrf_token": token}).status_code == 404
