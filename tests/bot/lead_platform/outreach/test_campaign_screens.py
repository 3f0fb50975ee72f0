"""Campaign screens: the client's dashboard (create, bad input named, start, approve one and
all, the funnel and the timeline, templates) and the console's pages for the internal
client; a client never sees, nor acts on, another client's campaigns."""

from __future__ import annotations

import re
import uuid

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.console.users import create_admin
from bot.core.connections import Pool
from bot.core.db import tenant_transaction
from bot.core.settings import Settings
from bot.lead_platform.outreach import drafting
from bot.lead_platform.store import outreach_emails
from tests.bot.console.conftest import PASSWORD, Account, sign_in
from tests.bot.lead_platform.dashboard.test_dashboard import csrf_of
from tests.bot.lead_platform.dashboard.test_dashboard import sign_in as dashboard_sign_in
from tests.bot.lead_platform.leadkit import Tenant
from tests.bot.lead_platform.outreach.campaignkit import add_prospects, job_count, services_of, starter


@pytest.fixture
def admin(conn: psycopg.Connection) -> Account:
    return Account(create_admin(conn, email="sales@agence.test", password=PASSWORD, role="admin"), "sales@agence.test")


def _form(template: uuid.UUID, **fields: str) -> dict[str, str]:
    return {"name": "Printemps", "audience": "prospects", "industries": "bakery, florist",
            "email_template_id": str(template), "daily_cap": "20", "window_start_hour": "0",
            "window_end_hour": "24", "window_days": "1,2,3,4,5,6,7", "timezone": "Europe/Paris",
            "approval_mode": "manual", **fields}


def test_a_client_runs_a_campaign_from_its_dashboard(api: TestClient, alpha: Tenant, beta: Tenant,
                                                     lead_settings: Settings, db_url: str, pool: Pool,
                                                     conn: psycopg.Connection) -> None:
    intro = starter(conn, "Introduction")
    add_prospects(conn, alpha.client_id, [
        {"business_name": "Fleurs Dupont", "website": "https://fleurs.example", "industry": "florist",
         "language": "fr", "contact_email": "bonjour@fleurs.example"},
        {"business_name": "Pain Doré", "website": "https://pain.example", "industry": "bakery",
         "language": "fr", "contact_email": "contact@pain.example"},
        {"business_name": "Garage", "website": "https://garage.example", "industry": "garage",
         "language": "fr", "contact_email": "garage@garage.example"},
    ])
    assert dashboard_sign_in(api, alpha)[0] == 303
    listing = api.get("/dashboard/campaigns")
    assert listing.status_code == 200 and "Campagnes" in listing.text and "adresse postale" in listing.text
    token = csrf_of(listing.text)

    # Bad input is a 400 naming the field, and nothing is stored.
    bad = api.post("/dashboard/campaigns", data={**_form(intro, window_end_hour="8", window_start_hour="9"),
                                                 "csrf_token": token})
    assert bad.status_code == 400 and "window_end_hour: must be after the start hour" in bad.text
    unknown = api.post("/dashboard/campaigns", data={**_form(uuid.uuid4()), "csrf_token": token})
    assert unknown.status_code == 400 and "email_template_id: no such template" in unknown.text
    made = api.post("/dashboard/campaigns", data={**_form(intro), "csrf_token": token}, follow_redirects=False)
    assert made.status_code == 303
    url = made.headers["location"]
    campaign_id = uuid.UUID(url.rsplit("/", 1)[1])

    # It cannot start without the postal address of the footer; then it can.
    started = api.post(f"{url}/status", data={"action": "active", "csrf_token": token})
    assert "postal_address" in started.text and job_count(conn, "outreach_tick") == 0
    api.post("/dashboard/campaigns/postal-address", data={"postal_address": "3 rue Haute, Lyon",
                                                          "csrf_token": token})
    started = api.post(f"{url}/status", data={"action": "active", "csrf_token": token})
    assert started.status_code == 200 and "Active" in started.text
    assert job_count(conn, "outreach_tick") == 1  # drafting starts at once, not at the next minute

    drafting.tick(services_of(lead_settings, pool, db_url), campaign_id=str(campaign_id))
    page = api.get(url)
    assert page.status_code == 200
    assert "Une question pour Fleurs Dupont" in page.text and "Une question pour Pain Doré" in page.text
    assert "Garage" not in page.text  # not in the audience's industries
    assert 'class="funnel"' in page.text and "<script" not in page.text and "style=" not in page.text
    drafts = re.findall(rf'action="{url}/emails/([0-9a-f-]+)"', page.text)
    assert len(set(drafts)) == 2
    api.post(f"{url}/emails/{drafts[0]}", data={"decision": "reject", "csrf_token": token})
    api.post(f"{url}/approve-all", data={"csrf_token": token})
    with tenant_transaction(conn, alpha.client_id):
        statuses = {str(e["id"]): e["status"] for e in outreach_emails.list_emails(conn, campaign_id)}
    assert sorted(statuses.values()) == ["approved", "rejected"] and statuses[drafts[0]] == "rejected"
    timeline = api.get(url).text
    assert "rédigé" in timeline and "approuvé" in timeline and "refusé" in timeline

    # Templates: an unknown variable is refused, naming it; a good one is saved.
    page = api.get("/dashboard/templates")
    assert page.status_code == 200 and "{{personal_line}}" in page.text
    refused = api.post("/dashboard/templates", data={"name": "Mien", "language": "fr", "subject": "Bonjour",
                                                     "body": "Bonjour {{frist_name}},", "csrf_token": token})
    assert refused.status_code == 400 and "unknown variable {{frist_name}}" in refused.text
    saved = api.post("/dashboard/templates", data={"name": "Mien", "language": "fr", "subject": "Bonjour",
                                                   "body": "Bonjour {{first_name|}},\n\n{{personal_line}}",
                                                   "csrf_token": token}, follow_redirects=False)
    assert saved.status_code == 303

    # Another client sees none of it and can act on none of it.
    api.cookies.clear()
    assert dashboard_sign_in(api, beta)[0] == 303
    other = api.get("/dashboard/campaigns")
    assert "Printemps" not in other.text
    assert api.get(url).status_code == 404
    beta_token = csrf_of(other.text)
    assert api.post(f"{url}/approve-all", data={"csrf_token": beta_token}).status_code == 404
    assert api.post(f"{url}/emails/{drafts[1]}", data={"decision": "reject", "csrf_token": beta_token}
                    ).status_code == 404
    assert api.post(f"{url}/status", data={"action": "paused", "csrf_token": beta_token}).status_code == 404
    assert "Mien" not in api.get("/dashboard/templates").text


def test_the_console_runs_the_internal_clients_campaigns(api: TestClient, admin: Account,
                                                         conn: psycopg.Connection, alpha: Tenant) -> None:
    assert sign_in(api, admin) == 303
    page = api.get("/admin/campaigns")
    assert page.status_code == 200 and "Nouvelle campagne" in page.text
    token = csrf_of(page.text)
    made = api.post("/admin/campaigns", data={**_form(starter(conn, "Introduction"), name="Ventes"),
                                              "csrf_token": token}, follow_redirects=False)
    assert made.status_code == 303
    shown = api.get(made.headers["location"])
    assert shown.status_code == 200 and "Ventes" in shown.text and "Entonnoir" in shown.text
    internal = conn.execute("SELECT client_id FROM outreach_campaigns WHERE name = 'Ventes'").fetchone()
    assert internal["client_id"] != alpha.client_id
    assert conn.execute("SELECT is_internal FROM clients WHERE client_id = %s",
                        (internal["client_id"],)).fetchone()["is_internal"]
