"""deliver_message through the real twilio SDK: window, templates, opt-out, retries."""

from __future__ import annotations

import json
import threading
import time

import psycopg

from bot.channels import job_handlers
from bot.channels.render import Outgoing
from bot.channels.twilio import TwilioChannel
from bot.core.services import Services
from bot.core.worker import Worker
from tests.bot.channels.conftest import (
    make_lead,
    queue_outbound,
    row,
    run_due,
    set_templates,
)
from tests.support.stand_ins import TwilioServer, twilio_error

MESSAGES_PATH = "/2010-04-01/Accounts/AC" + "0" * 32 + "/Messages.json"


def _job(conn: psycopg.Connection) -> dict:
    return conn.execute("SELECT status, attempts, error FROM queue_jobs WHERE job_type = 'deliver_message'").fetchone()


def test_inside_the_window_free_form_goes_with_photos_and_callback(
    conn: psycopg.Connection, worker: Worker, twilio: TwilioServer
) -> None:
    lead = make_lead(conn, hours_since_inbound=23.5)
    mid = queue_outbound(conn, lead, "Voici Aïcha", media=["https://cdn.example.org/p/A12.jpg"],
                         metadata={"purpose": "reply"})
    assert run_due(worker) == 1
    [sent] = twilio.requests
    assert sent["method"] == "POST" and sent["path"] == MESSAGES_PATH
    assert sent["form"]["To"] == "whatsapp:+237650000001" and sent["form"]["From"] == "whatsapp:+15550001111"
    assert sent["form"]["Body"] == "Voici Aïcha"
    assert sent["form"]["MediaUrl"] == "https://cdn.example.org/p/A12.jpg"  # one value on the wire
    assert sent["form"]["StatusCallback"] == "https://bot.example.org/webhooks/twilio/status"
    assert row(conn, mid) == {"delivery_status": "queued", "delivery_error": None,
                              "provider_message_id": f"SM{1:032x}"}
    assert _job(conn)["status"] == "completed"


def test_buttons_become_a_numbered_list_on_twilio(conn: psycopg.Connection, worker: Worker,
                                                  twilio: TwilioServer) -> None:
    lead = make_lead(conn)
    queue_outbound(conn, lead, "Vous êtes ?", metadata={"buttons": [
        {"id": "gender:f", "title": "Une femme"}, {"id": "gender:m", "title": "Un homme"}]})
    run_due(worker)
    assert twilio.requests[0]["form"]["Body"] == "Vous êtes ?\n\n1. Une femme\n2. Un homme"


def test_outside_the_window_without_template_is_refused_with_reason(
    conn: psycopg.Connection, worker: Worker, twilio: TwilioServer
) -> None:
    lead = make_lead(conn, hours_since_inbound=24.5)
    mid = queue_outbound(conn, lead, "Un admin vous écrit", sender_type="admin",
                         metadata={"purpose": "admin", "business_initiated": True})
    run_due(worker)
    assert twilio.requests == []
    assert row(conn, mid)["delivery_status"] == "refused"
    assert row(conn, mid)["delivery_error"] == "outside the 24-hour window and no approved template for 'admin'"
    assert _job(conn)["status"] == "completed"


def test_outside_the_window_the_configured_template_goes(
    conn: psycopg.Connection, worker: Worker, twilio: TwilioServer
) -> None:
    set_templates(conn, {"match_alert": {"content_sid": "HX" + "1" * 32,
                                         "variables": ["lead_name", "profile_code"]}})
    lead = make_lead(conn, hours_since_inbound=None)  # never wrote: a form lead
    mid = queue_outbound(conn, lead, "Nouveau profil A12", profile_code="A12",
                         metadata={"purpose": "match_alert", "business_initiated": True})
    run_due(worker)
    [sent] = twilio.requests
    assert sent["form"]["ContentSid"] == "HX" + "1" * 32
    assert json.loads(sent["form"]["ContentVariables"]) == {"1": "Awa", "2": "A12"}
    assert "Body" not in sent["form"]
    assert row(conn, mid)["delivery_status"] == "queued"


def test_opted_out_members_get_only_the_confirmation(conn: psycopg.Connection, worker: Worker,
                                                     twilio: TwilioServer) -> None:
    lead = make_lead(conn, opted_out=True)
    refused = queue_outbound(conn, lead, "Un nouveau profil !", metadata={"purpose": "reply"})
    confirmed = queue_outbound(conn, lead, "Vous ne recevrez plus de messages.",
                               metadata={"purpose": "opt_out_confirmation"})
    run_due(worker)
    assert row(conn, refused)["delivery_status"] == "refused"
    assert "opted out" in row(conn, refused)["delivery_error"]
    assert [r["form"]["Body"] for r in twilio.requests] == ["Vous ne recevrez plus de messages."]
    assert row(conn, confirmed)["delivery_status"] == "queued"


def test_429_and_500_are_retried_with_backoff_then_sent_once(
    conn: psycopg.Connection, worker: Worker, twilio: TwilioServer
) -> None:
    twilio.script = [twilio_error(429, 20429, "Too Many Requests"),
                          twilio_error(500, 20500, "Internal Server Error")]
    mid = queue_outbound(conn, make_lead(conn))
    for attempt in (1, 2):
        assert worker.run_one() is not None
        job = conn.execute("SELECT status, attempts, error, run_at > now() AS later FROM queue_jobs").fetchone()
        assert job["status"] == "pending" and job["later"] and job["attempts"] == attempt, job
        assert row(conn, mid)["delivery_status"] == "sending"
        assert row(conn, mid)["delivery_error"].startswith("Twilio 2")
        conn.execute("UPDATE queue_jobs SET run_at = now()")
    assert worker.run_one() is not None
    assert len(twilio.requests) == 3
    assert _job(conn)["status"] == "completed"
    assert row(conn, mid)["delivery_status"] == "queued"


def test_permanent_errors_are_recorded_and_not_retried(conn: psycopg.Connection, worker: Worker,
                                                       twilio: TwilioServer) -> None:
    twilio.script = [twilio_error(400, 21211, "The 'To' number whatsapp:+2376 is not a valid phone number.")]
    mid = queue_outbound(conn, make_lead(conn))
    run_due(worker)
    assert len(twilio.requests) == 1
    assert row(conn, mid)["delivery_status"] == "failed"
    assert row(conn, mid)["delivery_error"] == "Twilio 21211: invalid 'To' number"
    assert _job(conn)["status"] == "completed"


def test_transient_error_on_the_last_attempt_is_recorded(conn: psycopg.Connection, worker: Worker,
                                                         twilio: TwilioServer) -> None:
    twilio.script = [twilio_error(503, 20503, "Service Unavailable")]
    mid = queue_outbound(conn, make_lead(conn))
    conn.execute("UPDATE queue_jobs SET max_attempts = 1")
    run_due(worker)
    assert row(conn, mid)["delivery_status"] == "failed"
    assert "20503" in row(conn, mid)["delivery_error"]


def test_local_outbox_marks_delivered_at_once(conn: psycopg.Connection, worker: Worker,
                                              twilio: TwilioServer) -> None:
    lead = make_lead(conn, channel="local", phone="+237650000002")
    mid = queue_outbound(conn, lead, "Bienvenue")
    run_due(worker)
    assert twilio.requests == []
    assert row(conn, mid)["delivery_status"] == "delivered"


def test_a_redelivered_job_does_not_send_twice(conn: psycopg.Connection, worker: Worker,
                                              twilio: TwilioServer) -> None:
    from bot.core import queue

    mid = queue_outbound(conn, make_lead(conn))
    run_due(worker)
    queue.enqueue(conn, "deliver_message", {"message_id": mid})
    run_due(worker)
    assert len(twilio.requests) == 1


def test_a_delivery_taken_back_from_a_stalled_worker_is_not_sent_twice(
    conn: psycopg.Connection, services: Services, twilio: TwilioServer
) -> None:
    """The job's lease lapsed while its worker was still sending (a database stall longer than
    the lease stops the heartbeats): the worker that runs it again waits for the first, then
    finds the message sent (measured before the fix by tests/webhooks/test_chaos.py)."""
    first, second = (Worker(services.pool, job_handlers(services), database_url=services.database_url, name=name)
                     for name in ("first", "second"))
    mid = queue_outbound(conn, make_lead(conn))
    release = threading.Event()
    answer = twilio.answer
    twilio.answer = lambda request: release.wait(10) and answer(request)  # type: ignore[method-assign]

    sending = threading.Thread(target=first.run_one)
    sending.start()
    deadline = time.monotonic() + 10
    while not twilio.requests:  # the first worker's request reached Twilio, whose answer is held
        assert time.monotonic() < deadline
        time.sleep(0.01)
    conn.execute("UPDATE queue_jobs SET locked_until = now() - interval '1 second' WHERE job_type = 'deliver_message'")
    again = threading.Thread(target=second.run_one)  # reaps the job, claims it, runs it
    again.start()
    again.join(5)
    assert not again.is_alive(), "the second run waited for Twilio: it sent the message again"
    assert _job(conn)["status"] == "pending" and len(twilio.requests) == 1  # handed back, not sent

    release.set()
    sending.join(10)
    assert row(conn, mid)["delivery_status"] == "queued"
    conn.execute("UPDATE queue_jobs SET run_at = now() WHERE job_type = 'deliver_message'")
    assert second.run_one() is not None
    assert _job(conn)["status"] == "completed" and len(twilio.requests) == 1


def test_an_attempt_cut_off_after_twilio_took_the_message_is_found_not_sent_again(
    conn: psycopg.Connection, services: Services, worker: Worker, twilio: TwilioServer
) -> None:
    """A worker killed between Twilio's answer and recording it leaves the row `sending`: the
    retry finds the message in Twilio's list instead of sending it twice (the chaos test's
    SIGKILLs land there sometimes)."""
    lead = make_lead(conn)

    def cut_off(content: str, *, reached_twilio: bool) -> int:
        message_id = queue_outbound(conn, lead, content)
        conn.execute("UPDATE conversations SET delivery_status = 'sending' WHERE id = %s", (message_id,))
        if reached_twilio:  # what the killed worker's request did
            TwilioChannel(services.settings).send(address="+237650000001", message=Outgoing(text=content),
                                                  message_id=message_id)
        return message_id

    took, lost = cut_off("Bonjour Awa", reached_twilio=True), cut_off("Dans quelle ville ?", reached_twilio=False)
    run_due(worker)
    assert row(conn, took) == {"delivery_status": "queued", "delivery_error": None,
                               "provider_message_id": twilio.requests[0]["sid"]}
    assert [r["form"]["Body"] for r in twilio.requests] == ["Bonjour Awa", "Dans quelle ville ?"]  # none twice
    assert row(conn, lost)["provider_message_id"] == twilio.requests[1]["sid"]

    # The same words in a later reply: Twilio's earlier message belongs to the first row.
    again = cut_off("Bonjour Awa", reached_twilio=False)
    run_due(worker)
    assert len(twilio.requests) == 3 and row(conn, again)["provider_message_id"] == twilio.requests[2]["sid"]
