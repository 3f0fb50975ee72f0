"""POST /webhooks/twilio/status: signed, and a status never moves backwards."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from bot.store import conversations as repo
from tests.webhooks.conftest import post_twilio, sid

PATH = "/webhooks/twilio/status"


def _sent_message(conn: psycopg.Connection, provider_id: str) -> int:
    lead = repo.upsert_lead(conn, channel="twilio", phone="+237650000001")
    mid = repo.record_outbound(conn, lead_id=lead, content="Bonjour")
    repo.record_sent(conn, mid, provider_message_id=provider_id, status="queued")
    return mid


def _callback(client: TestClient, provider_id: str, status: str, **extra: str) -> int:
    form = {"MessageSid": provider_id, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **extra}
    return post_twilio(client, PATH, form).status_code


def _state(conn: psycopg.Connection, mid: int) -> tuple[str, str | None]:
    row = conn.execute("SELECT delivery_status, delivery_error FROM conversations WHERE id = %s", (mid,)).fetchone()
    return row["delivery_status"], row["delivery_error"]


def test_out_of_order_callbacks_never_move_back(client: TestClient, conn: psycopg.Connection) -> None:
    mid = _sent_message(conn, sid(1))
    for status in ("delivered", "sent", "queued"):
        assert _callback(client, sid(1), status) == 200
    assert _state(conn, mid) == ("delivered", None)
    assert _callback(client, sid(1), "read") == 200
    assert _state(conn, mid) == ("read", None)


def test_failures_are_recorded_with_their_code_and_stay(client: TestClient, conn: psycopg.Connection) -> None:
    mid = _sent_message(conn, sid(2))
    assert _callback(client, sid(2), "sent") == 200
    assert _callback(client, sid(2), "undelivered", ErrorCode="63016",
                     ErrorMessage="Outside the allowed window") == 200
    assert _state(conn, mid) == ("undelivered", "Twilio 63016: Outside the allowed window")
    assert _callback(client, sid(2), "delivered") == 200  # a late, stale callback
    assert _state(conn, mid)[0] == "undelivered"


def test_unknown_message_and_bad_status(client: TestClient) -> None:
    assert _callback(client, sid(3), "delivered") == 200  # not ours (or already forgotten): fine
    assert _callback(client, sid(3), "teleported") == 400
    form = {"MessageSid": sid(3), "MessageStatus": "sent"}
    assert client.post(PATH, data=form).status_code == 403


def test_a_callback_that_beats_the_sender_is_applied_later(client: TestClient, conn: psycopg.Connection,
                                                           db_url: str, wa_settings) -> None:  # type: ignore[no-untyped-def]
    from bot.channels import job_handlers
    from bot.core.db import open_pool
    from bot.core.services import Services
    from bot.core.worker import Worker

    lead = repo.upsert_lead(conn, channel="twilio", phone="+237650000001")
    mid = repo.record_outbound(conn, lead_id=lead, content="Bonjour")
    assert _callback(client, sid(4), "delivered") == 200  # the sender has not stored SM…4 yet
    repo.record_sent(conn, mid, provider_message_id=sid(4), status="queued")
    conn.execute("UPDATE queue_jobs SET run_at = now() WHERE job_type = 'apply_delivery_status'")
    pool = open_pool(db_url, max_size=2)
    try:
        services = Services(settings=wa_settings, pool=pool, database_url=db_url, embedder=None)  # type: ignore[arg-type]
        assert Worker(pool, job_handlers(services), database_url=db_url).run_one() is not None
    finally:
        pool.close()
    assert _state(conn, mid) == ("delivered", None)
