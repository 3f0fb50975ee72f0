"""Prepared changes: nothing happens before the user's confirmation, a refusal or an expired
proposal changes nothing, only the session that was shown a change can confirm it (once), and
confirmed changes run through the dashboard's own functions (journal, queue, campaign rules)."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

import psycopg
import pytest
from langchain_core.embeddings import FakeEmbeddings
from langchain_core.tools import ToolException
from psycopg_pool import ConnectionPool

from bot.core.db import service_transaction
from bot.core.services import Services, utc_now
from bot.core.settings import Settings
from bot.lead_platform.copilot import chat
from bot.lead_platform.copilot.actions import decide, prepare
from bot.lead_platform.copilot.audit import record
from bot.lead_platform.copilot.workspace import PENDING_LIFETIME, Workspace
from bot.lead_platform.store import campaigns as campaigns_repo
from bot.lead_platform.store import copilot as store
from bot.store.erasure import forget
from tests.bot.lead_platform.copilot.conftest import add_lead, agent_logs, desk
from tests.bot.lead_platform.leadkit import Tenant


@pytest.fixture
def services(settings: Settings, pool: ConnectionPool, db_url: str) -> Services:
    """No model: these changes are prepared the way the tools prepare them."""
    return Services(settings=settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8))


def lead_state(conn: psycopg.Connection, lead_id: object) -> dict[str, object]:
    row = conn.execute("SELECT current_tag, archived, (SELECT count(*) FROM lead_notes n WHERE n.lead_id = l.id) AS notes "
                       "FROM lead_memory l WHERE id = %s", (lead_id,)).fetchone()
    assert row is not None
    return row


def shown(ws: Workspace, tool: str, **args: object) -> store.Action:
    """A change prepared and shown in the chat, as after a model's tool call."""
    action = prepare(ws, tool, args)
    chat.say(ws, "Confirmez-vous ?", attach=[action.id])
    return action


def test_no_refused_expired_or_foreign_confirmation_changes_anything(
    conn: psycopg.Connection, services: Services, alpha: Tenant, beta: Tenant,
) -> None:
    lead_id = add_lead(conn, alpha.client_id)
    before = lead_state(conn, lead_id)
    ws = desk(conn, services, alpha)

    shown(ws, "archive_lead", lead_id=lead_id)
    assert chat.ask(ws, "non") == "Annulé : rien n'a été modifié."
    assert [v.state for e in chat.view(ws) for v in e.actions] == ["cancelled"]

    late = shown(ws, "tag_lead", lead_id=lead_id, tag="Rappeler")
    later = dataclasses.replace(ws, services=dataclasses.replace(
        services, clock=lambda: utc_now() + PENDING_LIFETIME + timedelta(seconds=1)))
    assert [v.state for e in chat.view(later) for v in e.actions] == ["cancelled", "expired"]
    assert chat.ask(later, "oui") == ("Cette proposition a expiré : rien n'a été fait. Redemandez-moi si vous "
                                      "le souhaitez toujours.")
    assert decide(later, late.id, confirm=True).action is None

    note = shown(ws, "add_note", lead_id=lead_id, note="Rappeler lundi")
    other_session = desk(conn, services, alpha)  # the same client, signed in elsewhere
    assert decide(other_session, note.id, confirm=True).action is None
    assert decide(desk(conn, services, beta), note.id, confirm=True).action is None  # another tenant: not even seen
    with ws.tenant() as tx:
        still = store.get_action(tx, note.id, session_id=ws.session_id)
    assert still is not None and still.status == "pending"
    assert lead_state(conn, lead_id) == before
    assert [r["agent_name"] for r in agent_logs(conn, alpha.client_id)] == ["copilot.cancel"]


def test_confirmed_changes_run_through_the_dashboards_functions(
    conn: psycopg.Connection, services: Services, alpha: Tenant, beta: Tenant,
) -> None:
    lead_id = add_lead(conn, alpha.client_id)
    ws = desk(conn, services, alpha, language="en")
    for tool, args in (("add_note", {"note": "Call back on Monday"}), ("convert_lead", {}),
                       ("reenrich_lead", {}), ("archive_lead", {})):
        action = shown(ws, tool, lead_id=lead_id, **args)
        assert decide(ws, action.id, confirm=True).reply.startswith("Done: ")
    assert lead_state(conn, lead_id) == {"current_tag": "Converti", "archived": True, "notes": 1}
    journal = conn.execute("SELECT action_type FROM lead_actions WHERE lead_id = %s AND performed_by = %s "
                           "ORDER BY timestamp, id", (lead_id, alpha.email)).fetchall()
    assert [r["action_type"] for r in journal] == ["note_added", "converted", "reanalysis_requested", "archived"]
    with service_transaction(conn):
        queued = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'enrich_lead' "
                              "AND payload->>'lead_memory_id' = %s", (str(lead_id),)).fetchone()
    assert queued == {"n": 1}

    with pytest.raises(ToolException, match="No lead with id"):
        prepare(desk(conn, services, beta), "tag_lead", {"lead_id": lead_id, "tag": "x"})


def test_a_campaign_is_drafted_and_started_only_when_it_can_send(
    conn: psycopg.Connection, services: Services, alpha: Tenant,
) -> None:
    ws = desk(conn, services, alpha, language="en")
    with ws.tenant() as tx:
        template = tx.execute("SELECT id, name FROM email_templates WHERE client_id IS NULL AND is_active "
                              "ORDER BY name LIMIT 1").fetchone()
    assert template is not None
    with pytest.raises(ToolException, match="daily_cap"):
        prepare(ws, "draft_campaign", {"name": "Spring", "email_template_id": template["id"], "daily_cap": 0})
    draft = shown(ws, "draft_campaign", name="Spring", audience="leads", email_template_id=template["id"],
                  urgencies=["Élevée"], daily_cap=20)
    assert draft.description == (f"Create the draft campaign “Spring” (your leads, template “{template['name']}”, "
                                 "at most 20 e-mails a day, each draft approved by you)")
    assert decide(ws, draft.id, confirm=True).reply.startswith("Done: ")
    with ws.tenant() as tx:
        campaign = tx.execute("SELECT id, status, daily_cap, target_criteria FROM outreach_campaigns "
                              "WHERE name = 'Spring'").fetchone()
    assert campaign is not None and campaign["status"] == "draft" and campaign["daily_cap"] == 20
    assert campaign["target_criteria"] == {"urgencies": ["Élevée"]}

    launch = shown(ws, "launch_campaign", campaign_id=campaign["id"])
    failed = decide(ws, launch.id, confirm=True)
    assert failed.reply.startswith("Not done: Start the campaign “Spring”") and "postal address" in failed.reply
    assert failed.action is not None and failed.action.status == "failed"
    with ws.tenant() as tx:
        campaigns_repo.set_postal_address(tx, alpha.client_id, "1 rue de la Paix, 75002 Paris")
    again = shown(ws, "launch_campaign", campaign_id=campaign["id"])
    assert decide(ws, again.id, confirm=True).reply.startswith("Done: Start the campaign “Spring”")
    with service_transaction(conn):
        state = conn.execute(
            "SELECT c.status, (SELECT count(*) FROM queue_jobs j WHERE j.job_type = 'outreach_tick' "
            "AND j.payload->>'campaign_id' = c.id::text) AS kicked FROM outreach_campaigns c WHERE c.id = %s",
            (campaign["id"],)).fetchone()
    assert state == {"status": "active", "kicked": 1}
    assert [v.state for e in chat.view(ws) for v in e.actions] == ["done", "failed", "done"]


def test_forgetting_a_lead_forgets_what_the_copilot_kept_of_them(
    conn: psycopg.Connection, services: Services, alpha: Tenant,
) -> None:
    phone, email = "+33 7 55 44 33 22", f"forget-{alpha.client_id.hex[:6]}@example.org"
    lead_id = add_lead(conn, alpha.client_id, phone=phone, email=email)
    ws = desk(conn, services, alpha)
    with ws.tenant() as tx:
        store.add_message(tx, client_id=ws.client_id, session_id=ws.session_id, role="user",
                          content=f"Trouve {email}")
    shown(ws, "add_note", lead_id=lead_id, note="Rappeler")
    record(ws, agent="copilot.search_leads", arguments={"text": email}, output="1 leads", started=time.perf_counter(), error=None)

    forget(conn, phone="0755443322")

    def kept(table: str) -> int:
        with service_transaction(conn):
            row = conn.execute(f"SELECT count(*) AS n FROM {table} WHERE client_id = %s", (alpha.client_id,)).fetchone()
        assert row is not None
        return int(row["n"])

    assert (kept("copilot_actions"), kept("lead_memory")) == (0, 0)
    with ws.tenant() as tx:
        assert [m.content for m in store.recent_messages(tx, session_id=ws.session_id, limit=10)] == [
            "Confirmez-vous ?"]
    assert agent_logs(conn, alpha.client_id) == []
