"""Webhook fixtures: an app on this test's database, with Twilio and Meta configured."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.core.settings import Settings

PUBLIC = "https://bot.example.org"
TOKEN = "twilio-test-token-0123456789abcdef"
APP_SECRET = "meta-app-secret-test"
VERIFY_TOKEN = "meta-verify-test"


@pytest.fixture
def wa_settings(settings: Settings) -> Settings:
    """Offline settings with both providers configured (nothing reaches the internet)."""
    return settings.model_copy(update={
        "public_base_url": PUBLIC,
        "twilio_account_sid": "AC" + "0" * 32,
        "twilio_auth_token": SecretStr(TOKEN),
        "twilio_whatsapp_from": "whatsapp:+15550001111",
        "meta_app_secret": SecretStr(APP_SECRET),
        "meta_verify_token": SecretStr(VERIFY_TOKEN),
        "meta_access_token": SecretStr("meta-token"),
        "meta_phone_number_id": "1234567890",
        "burst_window_seconds": 0.0,
    })


@pytest.fixture
def client(wa_settings: Settings, db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(wa_settings, database_url=db_url), base_url="http://internal:8000") as c:
        yield c


def sign_twilio(path: str, params: dict[str, str], *, token: str = TOKEN) -> dict[str, str]:
    """Headers of a form Twilio signed for PUBLIC + path (computed by the real SDK)."""
    signature = RequestValidator(token).compute_signature(PUBLIC + path, params)
    return {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}


def post_twilio(client: TestClient, path: str, params: dict[str, str], **kwargs: Any) -> Any:
    return client.post(path, content=urlencode(params), headers=sign_twilio(path, params), **kwargs)


def twilio_message(sid: str, *, body: str = "Bonjour", sender: str = "+237650000001",
                   **extra: str) -> dict[str, str]:
    """The form Twilio posts for one inbound WhatsApp message."""
    return {
        "MessageSid": sid, "SmsMessageSid": sid, "AccountSid": "AC" + "0" * 32,
        "From": f"whatsapp:{sender}", "To": "whatsapp:+15550001111", "Body": body,
        "NumMedia": "0", "ProfileName": "Awa", "WaId": sender.lstrip("+"), **extra,
    }


def sid(n: int, prefix: str = "SM") -> str:
    return f"{prefix}{n:032x}"


def post_meta(client: TestClient, payload: Any, *, secret: str = APP_SECRET) -> Any:
    body = json.dumps(payload).encode()
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post("/webhooks/meta", content=body, headers={
        "X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"})


def meta_payload(*, messages: list[dict[str, Any]] | None = None, statuses: list[dict[str, Any]] | None = None,
                 contacts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    value: dict[str, Any] = {"messaging_product": "whatsapp",
                             "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1234567890"}}
    if messages is not None:
        value["messages"] = messages
        value["contacts"] = contacts or []
    if statuses is not None:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}
