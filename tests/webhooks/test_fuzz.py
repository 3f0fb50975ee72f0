"""Property-based fuzz of both webhooks: whatever arrives, the answer is never a 5xx."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from bot.core.settings import Settings
from tests.webhooks.conftest import post_meta, sign_twilio

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TWILIO_FIELDS = ["MessageSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaContentType0",
                 "MediaUrl1", "ProfileName", "WaId", "ButtonPayload", "ButtonText", "MessageStatus",
                 "ErrorCode", "ErrorMessage", "AccountSid"]
text = st.text(max_size=60)
digits = st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=3)  # '²', '٣'…
sids = st.one_of(text, st.from_regex(r"\A(SM|MM)[0-9a-f]{32}\Z"))
senders = st.one_of(text, st.from_regex(r"\Awhatsapp:\+?[0-9]{1,16}\Z"),
                    st.from_regex(r"\Awhatsapp:[A-Z]{2}\.[A-Za-z0-9]{1,140}\Z"))
forms = st.fixed_dictionaries(
    {}, optional={"MessageSid": sids, "From": senders, "Body": st.one_of(text, digits),
                  "NumMedia": st.one_of(text, digits, st.integers(-3, 15).map(str)),
                  "MediaUrl0": st.one_of(text, st.just("https://api.twilio.com/m/1")), "ProfileName": text,
                  "WaId": st.one_of(text, digits, st.from_regex(r"\A[0-9]{5,16}\Z")), "ButtonPayload": text,
                  "ButtonText": text, "MessageStatus": st.one_of(text, st.sampled_from(
                      ["queued", "sent", "delivered", "read", "failed", "undelivered"])),
                  "ErrorCode": text}
).flatmap(lambda base: st.dictionaries(st.sampled_from(TWILIO_FIELDS) | text, text, max_size=4)
          .map(lambda extra: {**extra, **base}))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=20)
messages = st.fixed_dictionaries({}, optional={
    "from": st.one_of(text, st.from_regex(r"\A[0-9]{6,15}\Z")), "from_user_id": text,
    "id": st.one_of(text, st.integers()), "type": st.one_of(text, st.sampled_from(
        ["text", "interactive", "button", "image", "location", "reaction", "audio"])),
    "text": st.one_of(json_values, st.fixed_dictionaries({"body": text})),
    "interactive": st.one_of(json_values, st.fixed_dictionaries({"button_reply": st.fixed_dictionaries(
        {}, optional={"id": json_values, "title": json_values})})),
    "button": json_values, "image": json_values, "location": json_values})
statuses = st.fixed_dictionaries({}, optional={
    "id": json_values, "status": st.one_of(text, st.sampled_from(["sent", "delivered", "read", "failed"])),
    "errors": json_values})
payloads = st.one_of(
    json_values,
    st.builds(lambda ms, ss, cs: {"object": "whatsapp_business_account", "entry": [{"changes": [
        {"value": {"messages": ms, "statuses": ss, "contacts": cs}}]}]},
        st.lists(messages, max_size=3), st.lists(statuses, max_size=2), st.lists(json_values, max_size=2)))


@pytest.fixture
def fuzz_client(wa_settings: Settings, db_url: str):  # type: ignore[no-untyped-def]
    app = create_app(wa_settings, database_url=db_url)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@FUZZ
@given(form=forms, path=st.sampled_from(["/webhooks/twilio/whatsapp", "/webhooks/twilio/status"]))
def test_twilio_signed_forms_never_5xx(fuzz_client: TestClient, form: dict[str, str], path: str) -> None:
    response = fuzz_client.post(path, content=urlencode(form), headers=sign_twilio(path, form))
    assert response.status_code in {200, 400, 413}, (response.status_code, response.text, form)


@FUZZ
@given(body=st.binary(max_size=300), content_type=st.sampled_from(
    ["application/x-www-form-urlencoded", "application/json", "text/plain", ""]))
def test_twilio_raw_bodies_never_5xx(fuzz_client: TestClient, body: bytes, content_type: str) -> None:
    headers = {"Content-Type": content_type, "X-Twilio-Signature": "AAAA"}
    response = fuzz_client.post("/webhooks/twilio/whatsapp", content=body, headers=headers)
    assert response.status_code in {400, 403}, (response.status_code, response.text)


@FUZZ
@given(payload=payloads)
def test_meta_signed_payloads_never_5xx(fuzz_client: TestClient, payload: Any) -> None:
    response = post_meta(fuzz_client, payload)
    assert response.status_code in {200, 400}, (response.status_code, response.text, json.dumps(payload)[:300])


@FUZZ
@given(body=st.binary(max_size=300))
def test_meta_raw_bodies_never_5xx(fuzz_client: TestClient, body: bytes) -> None:
    import hashlib
    import hmac

    from tests.webhooks.conftest import APP_SECRET

    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    response = fuzz_client.post("/webhooks/meta", content=body, headers={"X-Hub-Signature-256": signature})
    assert response.status_code in {200, 400}, (response.status_code, response.text)
