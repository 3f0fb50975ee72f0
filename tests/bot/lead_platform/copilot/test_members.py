"""The agency's copilot over the matchmaking members: ids and first names only, and no phone number,
e-mail address or profile surname reaches the model or the admin, whatever a member wrote or the
model says; each read is logged against the member (forgotten with them)."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from bot.core.db import service_transaction
from bot.lead_platform.copilot import chat
from bot.lead_platform.store.campaigns import ensure_internal_client
from tests.bot.lead_platform.copilot.conftest import MakeServices, agent_logs, desk
from tests.bot.lead_platform.leadkit import Tenant
from tests.support.llm_server import ScriptedLLM, tool_call

MEMBER_TEXT = "Je veux rencontrer Brenda Mballa, appelez-moi au +237 6 99 42 42 42 ou moi@exemple.cm"


def test_members_are_read_without_phone_email_or_surname(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM,
) -> None:
    conn.execute("INSERT INTO profiles (code, first_name, name, age, gender, city) "
                 "VALUES ('MAT-2025-777', 'Brenda', 'Brenda Mballa', 29, 'female', 'Douala')")
    member = conn.execute("INSERT INTO leads (phone, name, city, age, gender) VALUES "
                          "('+237699424242', 'Jean-Pierre Kamga', 'Douala', 34, 'male') RETURNING id").fetchone()
    assert member is not None
    conn.execute("INSERT INTO conversations (lead_id, direction, content, sender_type) VALUES (%s, 'in', %s, 'client')",
                 (member["id"], MEMBER_TEXT))
    with service_transaction(conn):
        agency = ensure_internal_client(conn)
    script.turns = [[tool_call("members_overview"), tool_call("search_members", city="douala")],
                    [tool_call("read_member_conversation", member_id=member["id"])],
                    "Jean-Pierre (n° 1) veut rencontrer Brenda Mballa ; son numéro est le +237 6 99 42 42 42."]
    ws = desk(conn, make_services("openai"), Tenant(agency.client_id, "", "admin@agence.test"), scope="agency")

    reply = chat.ask(ws, "Que demande le dernier membre de Douala ?")

    assert reply == "Jean-Pierre (n° 1) veut rencontrer *** ; son numéro est le ***."  # a full name, whole
    overview, found = (json.loads(m) for m in _tools(script.requests[1]))
    assert overview["members"] == 1 and overview["contact_requests"] == {}
    assert [(m["id"], m["first_name"]) for m in found["members"]] == [(member["id"], "Jean-Pierre")]
    read = _tools(script.requests[2])[-1]
    assert "rencontrer ***," in read and "appelez-moi au ***" in read and "ou ***" in read
    everything = json.dumps(script.requests)
    for secret in ("Kamga", "Mballa", "699424242", "99 42 42 42", "moi@exemple.cm"):
        assert secret not in everything, secret
    assert {t["function"]["name"] for t in script.requests[0]["tools"]} >= {
        "search_leads", "members_overview", "read_member_conversation", "list_contact_requests"}
    logged = {r["agent_name"]: r for r in agent_logs(conn, agency.client_id)}
    assert logged["copilot.read_member_conversation"]["lead_id"] == member["id"]
    assert logged["copilot.search_members"]["output_summary"] == "1 members"


def _tools(request: dict[str, Any]) -> list[str]:
    return [m["content"] for m in request["messages"] if m["role"] == "tool"]
