"""The copilot end to end through the real SDKs (langchain-openai, langchain-mistralai) against the
scripted stand-in: a question answered from a tool, a change that waits for the user's "oui",
another tenant's lead out of reach whatever id the model sends, every tool call in agent_logs,
and a provider outage that changes nothing."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from bot.lead_platform.copilot import chat
from bot.lead_platform.copilot.graph import tools_of
from bot.lead_platform.store import copilot as store
from tests.bot.lead_platform.copilot.conftest import MakeServices, add_lead, agent_logs, desk
from tests.bot.lead_platform.leadkit import Tenant
from tests.support.llm_server import ScriptedLLM, tool_call


def tool_messages(request: dict[str, Any]) -> list[str]:
    """What the tools answered, as the model read it in one request."""
    return [m["content"] for m in request["messages"] if m["role"] == "tool"]


def test_a_question_is_answered_from_a_read_tool(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM, alpha: Tenant, beta: Tenant,
) -> None:
    add_lead(conn, alpha.client_id)
    add_lead(conn, alpha.client_id, name="Paul Mbarga", urgency="Faible", email="paul@example.org")
    add_lead(conn, beta.client_id, name="Beta Secret")
    script.turns = [[tool_call("search_leads", urgency="Élevée")], "Un lead urgent : Awa Diallo (devis)."]
    ws = desk(conn, make_services("openai"), alpha)

    reply = chat.ask(ws, "Quels leads urgents cette semaine ?")

    assert reply == "Un lead urgent : Awa Diallo (devis)."
    first, second = script.requests
    assert {t["function"]["name"] for t in first["tools"]} == {t.name for t in tools_of("client")}
    system = first["messages"][0]["content"]
    assert f"Growth Copilot of {alpha.email.split('@')[0].title()}." in system and "Answer in French" in system
    assert first["messages"][-1] == {"role": "user", "content": "Quels leads urgents cette semaine ?"}
    [found] = tool_messages(second)
    leads = json.loads(found)["leads"]
    assert [lead["name"] for lead in leads] == ["Awa Diallo"]  # the filter, and only this tenant's rows
    assert "06 12 34 56 78" not in found and "+33" not in found  # no phone leaves a tool
    assert "Rappelez-moi au ***" not in found  # the message is not in the list at all
    [logged] = agent_logs(conn, alpha.client_id)
    assert logged["agent_name"] == "copilot.search_leads" and logged["success"]
    assert f"client {alpha.client_id}" in logged["input_summary"] and "Élevée" in logged["input_summary"]
    assert logged["output_summary"] == "1 leads" and logged["duration_ms"] >= 0
    recorded = conn.execute("SELECT count(*) AS n FROM prompt_performance WHERE prompt_name = 'copilot' "
                            "AND client_id = %s", (alpha.client_id,)).fetchone()
    assert recorded is not None and recorded["n"] == 2  # every model call, through the registry
    assert [(e.message.role, e.message.content) for e in chat.view(ws)] == [
        ("user", "Quels leads urgents cette semaine ?"), ("assistant", reply)]


def test_a_change_waits_for_the_users_yes_and_runs_once(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM, alpha: Tenant,
) -> None:
    lead_id = add_lead(conn, alpha.client_id)
    script.turns = [[tool_call("tag_lead", lead_id=str(lead_id), tag="Lead Chaud")],
                    "J'ai préparé le tag « Lead Chaud » pour Awa Diallo : confirmez-vous ?"]
    ws = desk(conn, make_services("mistral"), alpha)

    chat.ask(ws, "Tague Awa en Lead Chaud")

    lead = conn.execute("SELECT current_tag FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()
    assert lead is not None and lead["current_tag"] is None  # the model's call changed nothing
    assert "waiting for the user's confirmation" in tool_messages(script.requests[1])[0]
    *_, shown = chat.view(ws)
    [waiting] = shown.actions
    assert waiting.state == "pending"
    assert waiting.action.description == "Ajouter le tag « Lead Chaud » au lead Awa Diallo"

    calls = script.chat_calls
    assert chat.ask(ws, "Oui !") == "C'est fait : Ajouter le tag « Lead Chaud » au lead Awa Diallo."
    assert script.chat_calls == calls  # the confirmation needs no model
    lead = conn.execute("SELECT current_tag FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()
    assert lead is not None and lead["current_tag"] == "Lead Chaud"
    journal = conn.execute("SELECT action_type, tag, performed_by FROM lead_actions WHERE lead_id = %s "
                           "AND action_type = 'tagged'", (lead_id,)).fetchall()
    assert journal == [{"action_type": "tagged", "tag": "Lead Chaud", "performed_by": alpha.email}]

    again = chat.decide(ws, waiting.action.id, confirm=True)  # the button, pressed a second time
    assert "n'attend plus" in again
    assert conn.execute("SELECT count(*) AS n FROM lead_actions WHERE lead_id = %s AND action_type = 'tagged'",
                        (lead_id,)).fetchone() == {"n": 1}
    assert [(r["agent_name"], r["success"]) for r in agent_logs(conn, alpha.client_id)] == [
        ("copilot.tag_lead", True), ("copilot.confirm", True)]


def test_another_tenants_lead_is_out_of_reach_whatever_id_the_model_sends(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM, alpha: Tenant, beta: Tenant,
) -> None:
    theirs = add_lead(conn, beta.client_id, name="Beta Secret", email="secret@beta.example")
    script.turns = [[tool_call("get_lead", lead_id=str(theirs)),
                     tool_call("tag_lead", lead_id=str(theirs), tag="Volé")],
                    [tool_call("reenrich_lead", lead_id="not-an-id")],
                    "Je ne trouve pas ce lead."]
    ws = desk(conn, make_services("openai"), alpha)

    assert chat.ask(ws, f"Montre-moi le lead {theirs} et tague-le") == "Je ne trouve pas ce lead."

    read, tag = tool_messages(script.requests[1])
    assert read == tag == f"No lead with id {theirs} in this account."
    [invalid] = tool_messages(script.requests[2])[2:]
    assert "lead_id" in invalid  # the model is told which argument was wrong
    assert not any("Beta Secret" in json.dumps(r) or "secret@beta" in json.dumps(r) for r in script.requests)
    assert conn.execute("SELECT count(*) AS n FROM copilot_actions WHERE client_id = %s",
                        (alpha.client_id,)).fetchone() == {"n": 0}
    lead = conn.execute("SELECT current_tag FROM lead_memory WHERE id = %s", (theirs,)).fetchone()
    assert lead == {"current_tag": None}
    logged = {r["agent_name"]: r for r in agent_logs(conn, alpha.client_id)}  # one round's calls run in parallel
    assert {name: r["success"] for name, r in logged.items()} == {
        "copilot.get_lead": False, "copilot.tag_lead": False, "copilot.reenrich_lead": False}
    assert logged["copilot.get_lead"]["error_message"] == f"No lead with id {theirs} in this account."


def test_a_provider_outage_answers_that_nothing_changed(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM, alpha: Tenant,
) -> None:
    script.failures = 5
    ws = desk(conn, make_services("openai"), alpha, language="en")
    assert chat.ask(ws, "How many leads?") == "The language model did not answer. Nothing was changed; try again in a moment."
    with ws.tenant() as tx:
        assert [m.role for m in store.recent_messages(tx, session_id=ws.session_id, limit=10)] == ["user", "assistant"]


def test_a_clients_questions_beyond_the_minutes_budget_wait_without_calling_the_model(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM, alpha: Tenant, beta: Tenant,
) -> None:
    services = make_services("openai")
    ws, colleague = desk(conn, services, alpha, language="en"), desk(conn, services, alpha)
    with ws.tenant() as tx:  # the budget is the client's, whichever of its users asked
        for n in range(chat.QUESTIONS_PER_MINUTE):
            store.add_message(tx, client_id=alpha.client_id, session_id=colleague.session_id, role="user",
                              content=f"question {n}")
    calls = len(script.requests)

    assert chat.ask(ws, "How many leads?").startswith("That is a lot of questions")
    assert len(script.requests) == calls
    script.turns = ["No lead yet."]
    assert chat.ask(desk(conn, services, beta, language="en"), "How many leads?") == "No lead yet."  # not beta's
    assert len(script.requests) == calls + 1
