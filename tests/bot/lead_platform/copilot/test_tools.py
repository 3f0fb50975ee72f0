"""Every reading tool answers from the tenant's own rows, through the model's tool calls: the lead
with its notes and history, the Growth Brain (analysed on first use), prospects and their form
test, campaigns with their metrics, templates; each call one successful agent_logs row."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from bot.lead_platform.copilot import chat
from bot.lead_platform.outreach import campaigns
from bot.lead_platform.store import form_tests, prospects
from bot.lead_platform.store import leads as leads_repo
from tests.bot.lead_platform.copilot.conftest import MakeServices, add_lead, agent_logs, desk
from tests.bot.lead_platform.leadkit import Tenant
from tests.support.llm_server import ScriptedLLM, tool_call


def test_the_reading_tools_answer_from_the_tenants_rows(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM, alpha: Tenant, beta: Tenant,
) -> None:
    lead_id = add_lead(conn, alpha.client_id)
    add_lead(conn, beta.client_id, name="Beta Secret", intent="Complaint")
    ws = desk(conn, make_services("openai"), alpha, language="en")
    with ws.tenant() as tx:
        leads_repo.add_note(tx, lead_id, note="Prefers mornings", performed_by=alpha.email)
        prospect_id = prospects.add_prospect(tx, client_id=alpha.client_id, prospect=prospects.NewProspect(
            business_name="Boulangerie Soleil", website="soleil.example", industry="food",
            contact_email="bonjour@soleil.example", form_url="https://soleil.example/contact"))
        assert prospect_id is not None
        form_tests.start(tx, client_id=alpha.client_id, prospect_id=prospect_id, form_url="https://soleil.example/contact")
        template = tx.execute("SELECT id FROM email_templates WHERE client_id IS NULL AND is_active LIMIT 1").fetchone()
        assert template is not None
        campaign = campaigns.create(tx, client_id=alpha.client_id, raw={
            "name": "Bakeries", "audience": "prospects", "email_template_id": template["id"], "industries": "food"})
    reads = [tool_call("lead_filters"), tool_call("get_lead", lead_id=str(lead_id)), tool_call("read_growth_brain"),
             tool_call("list_prospects", limit=5), tool_call("get_form_test", prospect_id=str(prospect_id)),
             tool_call("list_campaigns"), tool_call("campaign_metrics", campaign_id=str(campaign.id)),
             tool_call("list_email_templates")]
    script.turns = [reads, "Here is what I found."]

    assert chat.ask(ws, "Tell me everything") == "Here is what I found."

    answers: dict[str, Any] = {m["tool_call_id"]: json.loads(m["content"])
                               for m in script.requests[1]["messages"] if m["role"] == "tool"}
    filters, lead, brain, found, test, listed, metrics, templates = answers.values()
    assert filters["intents"] == ["Quote request"] and filters["urgencies"] == ["Élevée", "Moyenne", "Faible"]
    assert lead["name"] == "Awa Diallo" and lead["has_phone"] and "phone" not in lead
    assert "***" in lead["message"]  # the phone number the lead wrote, masked
    assert [n["note"] for n in lead["notes"]] == ["Prefers mornings"]
    assert [h["action"] for h in lead["history"]] == ["note_added"]
    assert brain["total_leads"] == 1 and brain["top_intents"][0]["intent"] == "Quote request"  # beta's not counted
    assert brain["insights"] and brain["recommendations"]  # in the reader's language
    assert [(p["business"], p["form_test"]) for p in found["prospects"]] == [("Boulangerie Soleil", "pending")]
    assert test["status"] == "pending" and test["business"] == "Boulangerie Soleil"
    assert [(c["name"], c["status"]) for c in listed["campaigns"]] == [("Bakeries", "draft")]
    assert metrics["funnel"]["sent"] == 0 and metrics["not_written_to_yet"] == 1
    assert any(t["id"] == str(template["id"]) for t in templates["templates"])
    logged = agent_logs(conn, alpha.client_id)
    assert sorted(r["agent_name"] for r in logged) == sorted(f"copilot.{c['name']}" for c in reads)  # run in parallel
    assert all(r["success"] for r in logged), [r["error_message"] for r in logged]
