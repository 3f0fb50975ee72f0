"""A delivery the provider refuses: counted by channel, outcome and error code, and logged as a
JSON line that names the job and the lead but not the number the provider quoted back."""

from __future__ import annotations

import io
import json
import logging

import psycopg
from prometheus_client import REGISTRY

from bot.core.log_context import json_handler
from bot.core.worker import Worker
from tests.bot.channels.conftest import make_lead, queue_outbound, run_due
from tests.support.stand_ins import TwilioServer, twilio_error

PHONE = "+237650000077"


def test_a_refused_delivery_is_counted_and_logged_without_the_number(
    conn: psycopg.Connection, worker: Worker, twilio: TwilioServer
) -> None:
    # Twilio quotes the number back in some errors' messages.
    twilio.script = [twilio_error(400, 21614, f"'To' number whatsapp:{PHONE} is not a valid mobile number")]
    lead = make_lead(conn, phone=PHONE)
    queue_outbound(conn, lead)
    failed = {"channel": "twilio", "outcome": "failed", "error_code": "21614"}
    before = REGISTRY.get_sample_value("matchbot_deliveries_total", failed) or 0.0
    stream = io.StringIO()
    handler = json_handler(stream)
    logging.getLogger().addHandler(handler)
    try:
        run_due(worker)
    finally:
        logging.getLogger().removeHandler(handler)
    assert REGISTRY.get_sample_value("matchbot_deliveries_total", failed) == before + 1
    job = conn.execute("SELECT id FROM queue_jobs WHERE job_type = 'deliver_message'").fetchone()
    [line] = [json.loads(text) for text in stream.getvalue().splitlines()
              if json.loads(text)["logger"] == "bot.channels.delivery"]
    assert line["job_id"] == str(job["id"]) and line["job_type"] == "deliver_message"
    assert line["lead_id"] == lead  # found by the job, not named by its payload
    assert "21614" in line["message"] and "[phone]" in line["message"]
    assert PHONE[1:] not in stream.getvalue()
