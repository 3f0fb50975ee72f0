"""POST /webhooks/twilio/whatsapp: signature, storage, idempotency, identity, errors."""

from __future__ import annotations

from urllib.parse import urlencode

import psycopg
from fastapi.testclient import TestClient

from tests.webhooks.conftest import PUBLIC, post_twilio, sid, sign_twilio, twilio_message

PATH = "/webhooks/twilio/whatsapp"


def test_stores_message_queues_turn_and_answers_empty_twiml(client: TestClient, conn: psycopg.Connection) -> None:
    form = twilio_message(sid(1), body="Salut", NumMedia="1",
                          MediaUrl0="https://api.twilio.com/media/ME1", MediaContentType0="image/jpeg")
    response = post_twilio(client, PATH, form)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text.endswith("<Response/>")
    lead = conn.execute("SELECT * FROM leads").fetchone()
    assert lead["phone"] == "+237650000001" and lead["name"] == "Awa" and lead["channel"] == "twilio"
    assert lead["last_inbound_at"] is not None
    message = conn.execute("SELECT * FROM conversations").fetchone()
    assert message["content"] == "Salut" and message["direction"] == "in"
    assert message["provider_message_id"] == sid(1)
    assert message["media"] == [{"url": "https://api.twilio.com/media/ME1", "content_type": "image/jpeg"}]
    job = conn.execute("SELECT job_type, payload, dedup_key FROM queue_jobs").fetchone()
    assert job == {"job_type": "bot_turn", "payload": {"lead_id": lead["id"]}, "dedup_key": f"lead:{lead['id']}"}


def test_redelivery_is_a_no_op(client: TestClient, conn: psycopg.Connection) -> None:
    for _ in range(3):
        assert post_twilio(client, PATH, twilio_message(sid(2))).status_code == 200
    assert conn.execute("SELECT count(*) AS n FROM conversations").fetchone()["n"] == 1
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs").fetchone()["n"] == 1


def test_button_reply_goes_into_content_and_metadata(client: TestClient, conn: psycopg.Connection) -> None:
    form = twilio_message(sid(3), body="Homme", ButtonPayload="gender:male", ButtonText="Homme")
    assert post_twilio(client, PATH, form).status_code == 200
    row = conn.execute("SELECT content, metadata, message_type FROM conversations").fetchone()
    assert row == {"content": "Homme", "metadata": {"button_id": "gender:male"}, "message_type": "button"}


def test_business_scoped_user_id_is_an_identity(client: TestClient, conn: psycopg.Connection) -> None:
    for n in (4, 5):
        form = twilio_message(sid(n), sender="US.13491208655302741918")
        form.pop("WaId")
        assert post_twilio(client, PATH, form).status_code == 200
    leads = conn.execute("SELECT phone, channel_user_id FROM leads").fetchall()
    assert leads == [{"phone": None, "channel_user_id": "US.13491208655302741918"}]
    # Later the same member writes with a phone number too: the user id is linked to it.
    form = twilio_message(sid(6), sender="US.13491208655302741918", WaId="237650000009")
    assert post_twilio(client, PATH, form).status_code == 200
    assert conn.execute("SELECT count(*) AS n FROM conversations").fetchone()["n"] == 3


def test_forged_or_missing_signature_is_403(client: TestClient, conn: psycopg.Connection) -> None:
    form = twilio_message(sid(7))
    forged = sign_twilio(PATH, form, token="not-the-token")
    assert client.post(PATH, content=urlencode(form), headers=forged).status_code == 403
    tampered = sign_twilio(PATH, form)
    assert client.post(PATH, content=urlencode({**form, "Body": "changed"}), headers=tampered).status_code == 403
    unsigned = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client.post(PATH, content=urlencode(form), headers=unsigned).status_code == 403
    assert conn.execute("SELECT count(*) AS n FROM conversations").fetchone()["n"] == 0


def test_signature_checked_against_public_url_not_request_url(client: TestClient) -> None:
    form = twilio_message(sid(8))
    # Signed for the URL this process sees (behind a proxy): not what Twilio was given.
    from twilio.request_validator import RequestValidator

    from tests.webhooks.conftest import TOKEN
    wrong = RequestValidator(TOKEN).compute_signature("http://internal:8000" + PATH, form)
    headers = {"X-Twilio-Signature": wrong, "Content-Type": "application/x-www-form-urlencoded"}
    assert client.post(PATH, content=urlencode(form), headers=headers).status_code == 403
    assert PUBLIC.startswith("https://")
    assert post_twilio(client, PATH, form).status_code == 200


def test_malformed_forms_are_400_naming_the_field(client: TestClient) -> None:
    cases = {
        "MessageSid": {k: v for k, v in twilio_message(sid(9)).items() if k != "MessageSid"},
        "From": {**twilio_message(sid(10)), "From": "whatsapp:", "WaId": ""},
        "NumMedia": {**twilio_message(sid(11)), "NumMedia": "two"},
        "MediaUrl0": {**twilio_message(sid(12)), "NumMedia": "1"},
    }
    for field, form in cases.items():
        response = post_twilio(client, PATH, form)
        assert response.status_code == 400, (field, response.text)
        assert field in response.json()["detail"]
    raw = b"MessageSid=%ff%fe&Body=x"
    headers = {"X-Twilio-Signature": "x", "Content-Type": "application/x-www-form-urlencoded"}
    assert client.post(PATH, content=raw, headers=headers).status_code == 400
    assert client.post(PATH, content=b"{}", headers={**headers, "Content-Type": "application/json"}).status_code == 400


def test_oversized_body_is_413(client: TestClient) -> None:
    form = twilio_message(sid(13), body="x" * 70_000)
    assert post_twilio(client, PATH, form).status_code == 413

    def chunks():  # no Content-Length: the bytes actually read are counted
        for _ in range(80):
            yield b"a" * 1024

    headers = {"X-Twilio-Signature": "x", "Content-Type": "application/x-www-form-urlencoded"}
    assert client.post(PATH, content=chunks(), headers=headers).status_code == 413


def test_a_typed_digit_answers_the_numbered_fallback(client: TestClient, conn: psycopg.Connection) -> None:
    from bot.store import conversations as repo

    assert post_twilio(client, PATH, twilio_message(sid(20), body="Bonjour")).status_code == 200
    lead_id = conn.execute("SELECT id FROM leads").fetchone()["id"]
    repo.record_outbound(conn, lead_id=lead_id, content="Vous êtes ?", metadata={"buttons": [
        {"id": "gender:f", "title": "Une femme"}, {"id": "gender:m", "title": "Un homme"}]})
    assert post_twilio(client, PATH, twilio_message(sid(21), body=" 2 ")).status_code == 200
    assert post_twilio(client, PATH, twilio_message(sid(22), body="7")).status_code == 200
    rows = conn.execute("SELECT content, metadata FROM conversations WHERE direction = 'in' ORDER BY id").fetchall()
    assert rows[1] == {"content": "Un homme", "metadata": {"button_id": "gender:m", "typed": "2"}}
    assert rows[2] == {"content": "7", "metadata": {}}


def test_unicode_digits_are_not_numbers(client: TestClient, conn: psycopg.Connection) -> None:
    assert post_twilio(client, PATH, twilio_message(sid(30), NumMedia="²")).status_code == 400
    assert post_twilio(client, PATH, twilio_message(sid(31), body="²")).status_code == 200
    assert post_twilio(client, PATH, twilio_message(sid(32), sender="+2376500000\n1")).status_code == 400
