"""Admin alerts: a console log row, and a WhatsApp message when admin_phone is configured."""

from __future__ import annotations

import psycopg

from bot.channels import enqueue_admin_alert
from bot.core.worker import Worker
from tests.bot.channels.conftest import make_lead, run_due, set_templates
from tests.support.stand_ins import TwilioServer


def test_alert_is_logged_without_admin_phone(conn: psycopg.Connection) -> None:
    lead = make_lead(conn)
    enqueue_admin_alert(conn, text="Awa demande un conseiller", lead_id=lead)
    log = conn.execute("SELECT source, level, message, lead_id FROM logs").fetchone()
    assert log == {"source": "alert", "level": "warning", "message": "Awa demande un conseiller", "lead_id": lead}
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs").fetchone()["n"] == 0


def test_alert_goes_to_the_admin_phone(conn: psycopg.Connection, worker: Worker, twilio: TwilioServer) -> None:
    conn.execute("UPDATE configuration SET value = '\"+237699000000\"' WHERE key = 'admin_phone'")
    make_lead(conn, phone="+237699000000", hours_since_inbound=2)  # the admin wrote to the bot today
    enqueue_admin_alert(conn, text="Demande de contact: A12", lead_id=None)
    run_due(worker)
    [sent] = twilio.requests
    assert sent["form"]["To"] == "whatsapp:+237699000000" and sent["form"]["Body"] == "Demande de contact: A12"


def test_alert_outside_the_window_uses_the_alert_template_or_is_noted(
    conn: psycopg.Connection, worker: Worker, twilio: TwilioServer
) -> None:
    conn.execute("UPDATE configuration SET value = '\"+237699000000\"' WHERE key = 'admin_phone'")
    enqueue_admin_alert(conn, text="Handoff: Awa", lead_id=None)
    run_due(worker)
    assert twilio.requests == []
    assert "no approved template for 'alert'" in conn.execute(
        "SELECT message FROM logs WHERE level = 'error'").fetchone()["message"]
    set_templates(conn, {"alert": {"content_sid": "HX" + "2" * 32, "variables": ["text"]}})
    enqueue_admin_alert(conn, text="Handoff: Awa", lead_id=None)
    run_due(worker)
    assert twilio.requests[0]["form"]["ContentSid"] == "HX" + "2" * 32
