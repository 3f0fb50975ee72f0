"""A member's own words are never refused: NUL characters are stripped, a lone surrogate
(JSON can escape one) is replaced, and the message is stored and answered."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from tests.webhooks.conftest import meta_payload, post_meta, post_twilio, sid, twilio_message


def _stored(conn: psycopg.Connection, phone: str) -> dict[str, object] | None:
    return conn.execute("SELECT l.name, c.content FROM conversations c JOIN leads l ON l.id = c.lead_id "
                        "WHERE l.phone = %s", (phone,)).fetchone()


def test_twilio_strips_nul_from_the_body_and_the_name(client: TestClient, conn: psycopg.Connection) -> None:
    form = twilio_message(sid(77), body="Bon\x00jour", sender="+237650000077", ProfileName="A\x00wa")
    assert post_twilio(client, "/webhooks/twilio/whatsapp", form).status_code == 200
    assert _stored(conn, "+237650000077") == {"name": "Awa", "content": "Bonjour"}


def test_meta_strips_nul_and_replaces_lone_surrogates(client: TestClient, conn: psycopg.Connection) -> None:
    message = {"from": "237650000078", "id": "wamid.NUL1", "timestamp": "1763776000", "type": "text",
               "text": {"body": "Bon\x00jour \ud800!"}}
    contact = {"profile": {"name": "Na\x00dia \udfff"}, "wa_id": "237650000078"}
    assert post_meta(client, meta_payload(messages=[message], contacts=[contact])).status_code == 200
    assert _stored(conn, "+237650000078") == {"name": "Nadia ?", "content": "Bonjour ?!"}
