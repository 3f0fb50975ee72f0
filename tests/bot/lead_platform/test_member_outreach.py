"""Member outreach end to end: new compatible profile alerts and re-engagement, through the real
delivery path (local outbox, and the Twilio SDK against its stand-in) and the real graph."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest

from bot.channels import job_handlers as channel_handlers
from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.lead_platform.outreach import members
from bot.runtime import build_services
from bot.store import conversations as repo
from graph.offers import ConversationState
from graph.turn import LOCK_NAMESPACE
from knowledge.profile_store import upsert_profile
from tests.support.stand_ins import TwilioServer
from tests.webhooks.conftest import wa_settings  # noqa: F401  (shared fixture)

WANTED = {"gender": "female", "city": "Douala", "search_age_min": 30, "search_age_max": 50, "status": "active",
          "description_short": "Souriante et curieuse."}
SEEKER = {"age": 40, "gender": "male", "city": "Douala", "looking_for_gender": "female",
          "preferred_age_min": 30, "preferred_age_max": 45, "qualification_complete": True,
          "status": "prospect_qualifie", "conversation_phase": "matching"}


def douala_noon() -> datetime:
    """Today at noon in the agency's time zone: daytime, whatever time the tests run."""
    zone = ZoneInfo("Africa/Douala")
    return datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone).astimezone(UTC)


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    built = build_services(settings, db_url, pool_size=3)
    yield dataclasses.replace(built, clock=douala_noon)
    built.pool.close()


def run(services: Services) -> dict[str, Any]:
    return members.run(services, ConversationState())


def add_profile(conn: psycopg.Connection, code: str, first_name: str, **columns: Any) -> None:
    upsert_profile(conn, {"code": code, "first_name": first_name, "age": 36, **WANTED, **columns})


def member(conn: psycopg.Connection, phone: str, *, channel: str = "local", hours_quiet: float = 2,
           **columns: Any) -> int:
    """A qualified member who joined two days ago and last wrote `hours_quiet` hours ago."""
    lead_id = repo.upsert_lead(conn, channel=channel, phone=phone, name="Jean Mballa")
    repo.update_lead(conn, lead_id, **{**SEEKER, **columns})
    settle(conn, lead_id, hours_quiet=hours_quiet)
    return lead_id


def settle(conn: psycopg.Connection, lead_id: int, *, hours_quiet: float) -> None:
    """The member joined two days ago; their last exchange was `hours_quiet` hours ago."""
    conn.execute(
        """UPDATE leads SET created_at = now() - interval '2 days',
                  last_inbound_at = now() - make_interval(secs => %(s)s),
                  last_outbound_at = now() - make_interval(secs => %(s)s) WHERE id = %(id)s""",
        {"s": hours_quiet * 3600, "id": lead_id})


def outreach_rows(conn: psycopg.Connection, lead_id: int) -> list[dict[str, Any]]:
    return conn.execute(
        """SELECT c.content, c.profile_code, c.metadata, c.delivery_status, o.kind, o.profile_id
           FROM member_outreach o JOIN conversations c ON c.id = o.message_id
           WHERE o.lead_id = %s ORDER BY o.id""", (lead_id,)).fetchall()


def test_new_profile_alert_reply_cap_never_twice_and_metrics(
    services: Services, db_url: str, conn: psycopg.Connection
) -> None:
    add_profile(conn, "MAT-2025-101", "Awa", age=34)
    chat = LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url),
                     phone="+237690030001", name="Jean Mballa")
    chat.send("Bonjour, je suis un homme de 40 ans à Douala, je cherche une femme entre 30 et 45 ans")
    shown = chat.send("à Douala")
    assert [m.profile_code for m in shown if m.profile_code] == ["MAT-2025-101"]  # the bot now waits on that card
    assert chat.lead_id is not None
    me = chat.lead_id
    settle(conn, me, hours_quiet=2)
    # Members the rules keep out, though the new profile suits each of them.
    opted_out = member(conn, "+237690030002", opted_out=True)
    with_adviser = member(conn, "+237690030003", status="attente_humain")
    mid_conversation = member(conn, "+237690030004", hours_quiet=0.2)
    blocked = member(conn, "+237690030005")
    failed = repo.record_outbound(conn, lead_id=blocked, content="…", channel="local")
    repo.advance_delivery_status(conn, message_id=failed, status="failed",
                                 error="Twilio 21610: the member blocked the sender (STOP)")
    settle(conn, blocked, hours_quiet=2)
    # One new profile suits; the others break one constraint each (the 41-year-old profile
    # seeks men from 45: the member's age fails the other way).
    add_profile(conn, "MAT-2025-102", "Brenda", name="Brenda Nkolo-Essomba", age=36)
    add_profile(conn, "MAT-2025-103", "Carole", age=52)
    add_profile(conn, "MAT-2025-104", "Diane", age=41, search_age_min=45)
    add_profile(conn, "MAT-2025-105", "Estelle", age=35, city="Kribi")

    assert run(services)["alerts"] == 1
    [alert] = chat.new_messages()
    assert alert.profile_code == "MAT-2025-102" and alert.agent == "member_outreach"
    assert "Brenda (*MAT-2025-102*)" in alert.text and "Nkolo" not in alert.text and "Essomba" not in alert.text
    assert alert.text.startswith("Bonjour Jean 😊") and "STOP" in alert.text
    assert [b["title"] for b in alert.buttons] == ["Oui", "Non"]
    for other in (opted_out, with_adviser, mid_conversation, blocked):
        assert outreach_rows(conn, other) == []
    [row] = outreach_rows(conn, me)
    assert row["metadata"]["purpose"] == "match_alert" and row["kind"] == "new_profile"
    chat.worker.drain(max_wait=0)  # type: ignore[union-attr]  # the delivery job (local outbox)

    # At most one message per member per period, whatever else is new.
    add_profile(conn, "MAT-2025-106", "Fanny", age=33)
    assert run(services)["alerts"] == 0

    # "Oui" answers the alert (not the card shown two days before): that profile's card.
    answer = chat.send("oui")
    cards = [m for m in answer if m.profile_code]
    assert [m.profile_code for m in cards] == ["MAT-2025-102"] and "Nkolo" not in cards[0].text
    assert "Brenda, 36 ans" in cards[0].text

    run(services)
    metrics = conn.execute(
        """SELECT m.day, m.total_emails_sent AS sent, m.total_emails_delivered AS delivered,
                  m.total_emails_replied AS replied, m.reply_rate, c.audience, cl.is_internal
           FROM outreach_metrics m JOIN outreach_campaigns c ON c.id = m.campaign_id
           JOIN clients cl ON cl.client_id = m.client_id
           WHERE c.metadata ->> 'member_outreach' = 'new_profile'""").fetchall()
    assert metrics == [{"day": datetime.now(ZoneInfo("Africa/Douala")).date(), "sent": 1, "delivered": 1,
                        "replied": 1, "reply_rate": 100, "audience": "members", "is_internal": True}]

    # A week later: the next new profile, never the one already proposed (nor one shown).
    conn.execute("UPDATE member_outreach SET sent_at = sent_at - interval '8 days'")
    settle(conn, me, hours_quiet=2)
    assert run(services)["alerts"] == 1
    assert [r["profile_code"] for r in outreach_rows(conn, me)] == ["MAT-2025-102", "MAT-2025-106"]
    conn.execute("UPDATE member_outreach SET sent_at = sent_at - interval '8 days'")
    assert run(services)["alerts"] == 0  # nothing new left for this member
    # Pausing the campaign stops it.
    conn.execute("UPDATE outreach_campaigns SET status = 'paused' WHERE audience = 'members'")
    add_profile(conn, "MAT-2025-107", "Grace", age=31)
    assert run(services)["alerts"] == 0


@pytest.fixture
def twilio() -> Iterator[TwilioServer]:
    server = TwilioServer()
    yield server
    server.close()


def test_session_message_inside_the_window_template_outside(
    services: Services, wa_settings: Settings, db_url: str, conn: psycopg.Connection,  # noqa: F811
    twilio: TwilioServer,
) -> None:
    services = dataclasses.replace(services, settings=wa_settings.model_copy(update={"twilio_base_url": twilio.url}))
    inside = member(conn, "+237690040001", channel="twilio", hours_quiet=2, language="en")
    outside = member(conn, "+237690040002", channel="twilio", hours_quiet=40)
    add_profile(conn, "MAT-2025-201", "Hélène", age=38)

    assert run(services)["alerts"] == 1  # no approved template yet: only the member inside the window
    conn.execute("UPDATE configuration SET value = %s WHERE key = 'whatsapp_templates'", (json.dumps(
        {"match_alert": {"content_sid": "HX" + "2" * 32,
                         "variables": ["lead_name", "metadata.first_name", "profile_code"]}}),))
    assert run(services)["alerts"] == 1
    Worker(services.pool, channel_handlers(services), database_url=db_url).drain(max_wait=0)
    session, template = twilio.requests
    assert session["form"]["To"] == "whatsapp:+237690040001"
    assert session["form"]["Body"].startswith("Hello Jean 😊 A new profile") and "Hélène (*MAT-2025-201*)" in \
        session["form"]["Body"] and session["form"]["Body"].endswith("1. Yes\n2. No")
    assert template["form"]["To"] == "whatsapp:+237690040002" and "Body" not in template["form"]
    assert template["form"]["ContentSid"] == "HX" + "2" * 32
    assert json.loads(template["form"]["ContentVariables"]) == {"1": "Jean Mballa", "2": "Hélène",
                                                                "3": "MAT-2025-201"}
    assert [r["delivery_status"] for r in outreach_rows(conn, inside) + outreach_rows(conn, outside)] == \
        ["queued", "queued"]


def test_re_engagement_once_per_silence_then_qualification_resumes(
    services: Services, db_url: str, conn: psycopg.Connection
) -> None:
    worker = Worker(services.pool, all_handlers(services), database_url=db_url)
    quiet = LocalChat(services, worker, phone="+237690050001")
    asked = quiet.send("Bonjour")
    assert "homme ou une femme" in asked[-1].text
    recent = LocalChat(services, worker, phone="+237690050002")
    recent.send("Bonjour")
    assert quiet.lead_id is not None and recent.lead_id is not None
    settle(conn, quiet.lead_id, hours_quiet=4 * 24)
    settle(conn, recent.lead_id, hours_quiet=24)

    assert run(services)["reminders"] == 0  # days after the 24-hour window: only as an approved template
    conn.execute("UPDATE configuration SET value = %s WHERE key = 'whatsapp_templates'", (json.dumps(
        {"reengage": {"content_sid": "HX" + "3" * 32, "variables": ["lead_name"]}}),))
    assert run(services)["reminders"] == 1
    [reminder] = quiet.new_messages()
    assert "On reprend ?" in reminder.text and "STOP" in reminder.text
    assert recent.new_messages() == []  # one day of silence is not "gone quiet"
    assert outreach_rows(conn, quiet.lead_id)[0]["metadata"]["purpose"] == "reengage"

    answer = quiet.send("oui")
    assert "homme ou une femme" in answer[-1].text  # the question left unanswered, asked again
    run(services)
    replied = conn.execute("SELECT replied_at IS NOT NULL AS replied FROM member_outreach").fetchone()
    assert replied == {"replied": True}

    # The other member goes quiet too: one reminder, and a week later, still silent, no other.
    settle(conn, recent.lead_id, hours_quiet=4 * 24)
    assert run(services)["reminders"] == 1
    conn.execute("UPDATE member_outreach SET sent_at = sent_at - interval '8 days' WHERE lead_id = %s",
                 (recent.lead_id,))
    settle(conn, recent.lead_id, hours_quiet=12 * 24)
    assert run(services)["reminders"] == 0


def test_nothing_at_night_when_switched_off_or_during_a_turn(
    services: Services, db_url: str, conn: psycopg.Connection
) -> None:
    lead_id = member(conn, "+237690060001")
    add_profile(conn, "MAT-2025-301", "Inès")
    night = dataclasses.replace(services, clock=lambda: douala_noon() + timedelta(hours=11))
    assert run(night)["skipped"] == "outside the agency's daytime"
    conn.execute("""UPDATE configuration SET value = jsonb_set(value, '{every_days}', '0')
                    WHERE key = 'member_outreach'""")
    assert run(services)["skipped"].startswith("member outreach is off")
    conn.execute("""UPDATE configuration SET value = jsonb_set(value, '{every_days}', '7')
                    WHERE key = 'member_outreach'""")
    conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, lead_id))  # a turn of theirs runs
    assert run(services)["alerts"] == 0
    conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, lead_id))
    assert run(services)["alerts"] == 1
    # A member alerted before any turn of theirs (no checkpoint yet) says no: a kind word, no card.
    chat = LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url),
                     phone="+237690060001")
    [answer] = chat.send("Non merci")
    assert answer.text.startswith(("Très bien 🙂", "C'est noté 🙂")) and answer.profile_code is None
