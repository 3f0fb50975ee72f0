"""JSON log lines: the request's or job's id and the lead's, never a phone, an e-mail or a member's text."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from bot.core.log_context import (
    OWN_PACKAGES,
    bind_private,
    configure_logging,
    job_context,
    json_handler,
    log_context,
)
from bot.core.queue import Job
from tests.webhooks.conftest import client, sid, sign_twilio, twilio_message, wa_settings  # noqa: F401

PHONE = "+237650000042"
EMAIL = "awa.ngo@example.org"
TEXT = "je suis une femme de 28 ans à Douala"


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """What the JSON handler writes, installed on the root logger as MATCHBOT_LOG_FORMAT=json does."""
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def job(lead_id: object = 42) -> Job:
    return Job(id=uuid.uuid4(), job_type="bot_turn", payload={"lead_id": lead_id}, attempts=1, max_attempts=5,
               dedup_key=None, created_at=datetime.now(UTC))


def test_a_line_inside_a_job_names_the_job_and_the_lead_and_nothing_private(lines: io.StringIO) -> None:
    running = job()
    with job_context(running):
        bind_private(TEXT)
        try:
            raise ValueError(f"lead {PHONE} <{EMAIL}> wrote {TEXT!r}")
        except ValueError:
            logging.getLogger("bot.test").exception("turn for %s failed on %r", PHONE, TEXT)
    logging.getLogger("bot.test").warning("after the job, %s", TEXT)
    inside, after = records(lines)
    assert inside["job_id"] == str(running.id) and inside["job_type"] == "bot_turn" and inside["lead_id"] == 42
    assert inside["request_id"] is None
    assert inside["level"] == "ERROR" and inside["logger"] == "bot.test" and inside["exc_type"] == "ValueError"
    assert datetime.fromisoformat(inside["time"]).tzinfo is not None
    line = json.dumps(inside, ensure_ascii=False)
    for private in (PHONE, PHONE[1:], EMAIL, TEXT):
        assert private not in line
    assert "[phone]" in inside["message"] and "[text]" in inside["message"] and "[email]" in inside["exc"]
    # The job's ids and texts do not outlive it in this thread.
    assert after["job_id"] is None and after["lead_id"] is None and TEXT in after["message"]


def test_only_integer_lead_ids_from_a_payload(lines: io.StringIO) -> None:
    with job_context(job(lead_id="+237650000042")):
        logging.getLogger("bot.test").warning("hello")
    assert records(lines)[0]["lead_id"] is None


def test_phone_shapes_are_masked_and_dates_ids_and_durations_are_not(lines: io.StringIO) -> None:
    with log_context(request_id="r1"):
        for phone in ("whatsapp:+237650000042", "237650000042", "+237 6 50 00 00 42", "6 50 00 00 42",
                      "+33 (0)6 12 34 56 78"):
            logging.getLogger("bot.test").warning("from %s", phone)
        logging.getLogger("bot.test").warning("at 2026-12-02 19:23:11.123, job 3f2a1c9e-1234-4abc-9def-"
                                              "123456789abc, message 1234 took 1200.5 ms")
    *masked, kept = records(lines)
    assert [r["message"] for r in masked] == ["from whatsapp:[phone]"] + ["from [phone]"] * 4
    assert kept["message"] == ("at 2026-12-02 19:23:11.123, job 3f2a1c9e-1234-4abc-9def-123456789abc, "
                               "message 1234 took 1200.5 ms")
    assert {r["request_id"] for r in masked} == {"r1"}


def test_a_line_inside_a_request_carries_its_id(client: TestClient, lines: io.StringIO) -> None:  # noqa: F811
    """A real request that logs: the database pool is gone, the webhook answers 503 and says why."""
    client.portal.call(client.app.state.apool.close)  # type: ignore[attr-defined,union-attr]
    form = twilio_message(sid(7), body=TEXT, sender=PHONE)
    headers = {**sign_twilio("/webhooks/twilio/whatsapp", form), "X-Request-ID": "req-42"}
    answer = client.post("/webhooks/twilio/whatsapp", content=urlencode(form), headers=headers)
    assert answer.status_code == 503 and answer.headers["x-request-id"] == "req-42"
    logged = [r for r in records(lines) if r["logger"].startswith("webhooks")]
    assert logged and {r["request_id"] for r in logged} == {"req-42"}
    assert all(r["job_id"] is None for r in logged)
    assert PHONE[1:] not in lines.getvalue()


def test_json_format_replaces_the_readable_handlers_and_text_keeps_them() -> None:
    root = logging.getLogger()
    saved = list(root.handlers)
    try:
        configure_logging("text")
        assert root.handlers == saved
        configure_logging("json")
        assert len(root.handlers) == 1 and root.handlers[0] not in saved
        assert logging.getLogger("bot.core.worker").getEffectiveLevel() == logging.INFO
        assert logging.getLogger("twilio.http_client").getEffectiveLevel() == root.level
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved:
            root.addHandler(handler)
        for package in OWN_PACKAGES:
            logging.getLogger(package).setLevel(logging.NOTSET)
