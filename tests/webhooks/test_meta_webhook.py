"""GET|POST /webhooks/meta: handshake, X-Hub-Signature-256, messages, replies, statuses."""

from __future__ import annotations

import json

import psycopg
from fastapi.testclient import TestClient

from bot.store import conversations as repo
from tests.webhooks.conftest import VERIFY_TOKEN, meta_payload, post_meta


def _text(wamid: str, body: str = "Bonjour", sender: str = "237650000001") -> dict:
    return {"from": sender, "id": wamid, "timestamp": "1763776000", "type": "text", "text": {"body": body}}


def _contact(wa_id: str = "237650000001", name: str = "Awa") -> dict:
    return {"profile": {"name": name}, "wa_id": wa_id}


def test_verification_handshake(client: TestClient) -> None:
    ok = client.get("/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                              "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = client.get("/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": "nope",
                                               "hub.challenge": "1"})
    assert bad.status_code == 403


def test_text_message_is_stored_once_per_wamid(client: TestClient, conn: psycopg.Connection) -> None:
    payload = meta_payload(messages=[_text("wamid.IN1")], contacts=[_contact()])
    for _ in range(3):
        assert post_meta(client, payload).status_code == 200
    lead = conn.execute("SELECT phone, name, channel FROM leads").fetchone()
    assert lead == {"phone": "+237650000001", "name": "Awa", "channel": "meta"}
    assert conn.execute("SELECT count(*) AS n FROM conversations").fetchone()["n"] == 1
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'bot_turn'").fetchone()["n"] == 1


def test_button_and_list_replies(client: TestClient, conn: psycopg.Connection) -> None:
    button = {"from": "237650000001", "id": "wamid.IN2", "type": "interactive",
              "interactive": {"type": "button_reply", "button_reply": {"id": "gender:f", "title": "Une femme"}}}
    listed = {"from": "237650000001", "id": "wamid.IN3", "type": "interactive",
              "interactive": {"type": "list_reply", "list_reply": {"id": "city:douala", "title": "Douala",
                                                                   "description": "Littoral"}}}
    assert post_meta(client, meta_payload(messages=[button, listed], contacts=[_contact()])).status_code == 200
    rows = conn.execute("SELECT content, metadata, message_type FROM conversations ORDER BY id").fetchall()
    assert rows == [
        {"content": "Une femme", "metadata": {"button_id": "gender:f"}, "message_type": "interactive"},
        {"content": "Douala", "metadata": {"button_id": "city:douala"}, "message_type": "interactive"},
    ]


def test_username_user_without_phone(client: TestClient, conn: psycopg.Connection) -> None:
    message = {"from_user_id": "CM.1502576394655843", "id": "wamid.IN4", "type": "text", "text": {"body": "Hi"}}
    contact = {"profile": {"name": "Bob"}, "user_id": "CM.1502576394655843"}
    assert post_meta(client, meta_payload(messages=[message], contacts=[contact])).status_code == 200
    assert conn.execute("SELECT phone, channel_user_id FROM leads").fetchone() == {
        "phone": None, "channel_user_id": "CM.1502576394655843"}


def test_statuses_move_forward_and_failures_keep_the_code(client: TestClient, conn: psycopg.Connection) -> None:
    lead = repo.upsert_lead(conn, channel="meta", phone="+237650000001")
    mid = repo.record_outbound(conn, lead_id=lead, content="Bonjour")
    repo.record_sent(conn, mid, provider_message_id="wamid.OUT1", status="sent")
    for status in ("read", "delivered"):
        statuses = [{"id": "wamid.OUT1", "status": status, "timestamp": "1", "recipient_id": "237650000001"}]
        assert post_meta(client, meta_payload(statuses=statuses)).status_code == 200
    assert conn.execute("SELECT delivery_status FROM conversations").fetchone()["delivery_status"] == "read"
    failed = [{"id": "wamid.OUT1", "status": "failed", "errors": [{"code": 131026, "title": "Message undeliverable"}]}]
    assert post_meta(client, meta_payload(statuses=failed)).status_code == 200
    row = conn.execute("SELECT delivery_status, delivery_error FROM conversations").fetchone()
    assert row == {"delivery_status": "failed", "delivery_error": "Meta 131026: Message undeliverable"}


def test_signature_json_and_size_errors(client: TestClient, conn: psycopg.Connection) -> None:
    payload = meta_payload(messages=[_text("wamid.IN5")], contacts=[_contact()])
    assert post_meta(client, payload, secret="wrong").status_code == 403
    assert client.post("/webhooks/meta", content=json.dumps(payload)).status_code == 403
    broken = meta_payload(messages=[{"from": "237650000001", "type": "text", "text": {"body": "x"}}])
    response = post_meta(client, broken)
    assert response.status_code == 400 and "messages[0].id" in response.json()["detail"]
    big = meta_payload(messages=[_text("wamid.IN6", body="x" * 70_000)])
    assert post_meta(client, big).status_code == 413
    assert conn.execute("SELECT count(*) AS n FROM conversations").fetchone()["n"] == 0
