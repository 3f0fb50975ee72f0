"""Helpers for the outreach tracking tests: e-mails as the campaigns write them, posts as Mailgun makes them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from typing import Any

import psycopg

from bot.lead_platform.outreach.tokens import make_token, url_signature

SECRET = "dev-secret"  # the test settings' MATCHBOT_SECRET_KEY
SIGNING_KEY = "mailgun-signing-key-test"
DOMAIN = "outreach.localhost"


def make_client(conn: psycopg.Connection, name: str, *, language: str = "en") -> uuid.UUID:
    """A client row (inserted by the owner, as the tests' superuser connection may)."""
    return conn.execute(
        "INSERT INTO clients (business_name, email, api_key, api_key_prefix, language) "
        "VALUES (%s, %s, %s, 'mb_x', %s) RETURNING client_id",
        (name, f"{name.lower()}-{uuid.uuid4().hex[:8]}@client.test", uuid.uuid4().hex, language),
    ).fetchone()["client_id"]


def make_email(conn: psycopg.Connection, client_id: uuid.UUID, *, address: str = "awa@prospect.example",
               status: str = "sent", language: str | None = None, prospect: bool = True,
               name: str = "Awa Diallo") -> uuid.UUID:
    """A campaign e-mail (to a new prospect unless `prospect` is False), as the sender leaves it."""
    campaign = conn.execute("INSERT INTO outreach_campaigns (client_id, name, status) VALUES (%s, 'Printemps', "
                            "'active') RETURNING id", (client_id,)).fetchone()["id"]
    prospect_id = None
    if prospect:
        prospect_id = conn.execute(
            "INSERT INTO prospect_candidates (client_id, business_name, website, contact_email, language) "
            "VALUES (%s, 'Boulangerie Awa', %s, %s, %s) RETURNING id",
            (client_id, f"https://{uuid.uuid4().hex[:8]}.example", address, language),
        ).fetchone()["id"]
    return conn.execute(
        "INSERT INTO outreach_emails (client_id, campaign_id, prospect_id, prospect_email, prospect_name, "
        "subject, content, status, sent_at, language) VALUES (%s, %s, %s, %s, %s, 'Une question', 'Bonjour…', "
        "%s, CASE WHEN %s IN ('pending', 'approved') THEN NULL ELSE now() END, %s) RETURNING id",
        (client_id, campaign, prospect_id, address, name, status, status, language),
    ).fetchone()["id"]


def token(email_id: uuid.UUID) -> str:
    return make_token(SECRET, email_id)


def click_path(email_id: uuid.UUID, url: str) -> tuple[str, dict[str, str]]:
    return f"/t/c/{token(email_id)}", {"u": url, "s": url_signature(SECRET, email_id, url)}


def mailgun_fields(*, recipient: str, sender: str = "awa@prospect.example", body: str = "Bonjour",
                   timestamp: int | None = None, key: str = SIGNING_KEY, **extra: str) -> dict[str, str]:
    """The form fields Mailgun posts for one message, signed as Mailgun signs them."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = secrets.token_hex(25)  # Mailgun's tokens are 50 characters
    fields = {
        "recipient": recipient, "sender": sender, "from": f"Awa Diallo <{sender}>" if sender else "",
        "subject": "Re: Une question", "body-plain": body, "timestamp": stamp, "token": nonce,
        "signature": hmac.new(key.encode(), (stamp + nonce).encode(), hashlib.sha256).hexdigest(),
    }
    fields.update(extra)
    return fields


def post_mailgun(client: Any, fields: dict[str, str], *, files: list[tuple[str, tuple[str, bytes, str]]] | None = None) -> Any:
    """Post as Mailgun does: urlencoded, or multipart/form-data when the message has attachments."""
    return client.post("/webhooks/mailgun/inbound", data=fields, files=files)
