"""A web-form lead with a phone and consent enters the WhatsApp conversation."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.lead_platform.form_entry import e164
from bot.runtime import build_services
from tests.bot.lead_platform.leadkit import Tenant, make_tenant

PHONE = "+237 6 99 44 55 66"


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    built = build_services(settings, db_url, pool_size=3)
    yield built
    built.pool.close()


def _post(settings: Settings, db_url: str, tenant: Tenant, **fields: object) -> str:
    body = {"name": "Nadège Ekambi", "email": "nadege@example.org", "phone": PHONE,
            "whatsapp_consent": True,
            "message": "Bonjour, je suis une femme de 34 ans, j'habite à Douala et je cherche un homme sérieux.",
            **fields}
    with TestClient(create_app(settings, database_url=db_url)) as api:
        response = api.post("/api/lead", json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["lead_id"])


def _drain(services: Services, db_url: str) -> None:
    Worker(services.pool, all_handlers(services), database_url=db_url).drain(max_wait=0.5)


def test_e164() -> None:
    assert e164("+237 6 99-44-55-66") == "+237699445566"
    assert e164("00 33 6 12 34 56 78") == "+33612345678"
    assert e164("12") is None


def test_form_lead_gets_an_opener_and_the_conversation_goes_on(
    settings: Settings, db_url: str, services: Services, conn: psycopg.Connection
) -> None:
    tenant = make_tenant(db_url, "agence", language="fr", bot_linked=True)
    conn.execute("INSERT INTO profiles (code, first_name, age, gender, city) VALUES "
                 "('MAT-2025-001', 'Paul', 40, 'male', 'Douala')")  # the catalogue knows Douala
    conn.execute(
        "UPDATE configuration SET value = %s WHERE key = 'whatsapp_templates'",
        (json.dumps({"opener": {"content_sid": "HX0123", "variables": ["lead_name", "text"]}}),),
    )
    form_id = _post(settings, db_url, tenant)
    _drain(services, db_url)

    lead = conn.execute("SELECT * FROM leads WHERE phone = '+237699445566'").fetchone()
    assert lead["name"] == "Nadège Ekambi" and lead["source"] == "formulaire"
    assert (lead["gender"], lead["age"], lead["city"], lead["looking_for_gender"]) == ("female", 34, "Douala", "male")
    assert str(lead["platform_lead_id"]) == form_id
    assert lead["last_inbound_at"] is None  # a form is not a WhatsApp message: the window stays shut
    opener = conn.execute(
        "SELECT content, metadata, delivery_status FROM conversations WHERE lead_id = %s AND direction = 'out'",
        (lead["id"],),
    ).fetchall()
    assert len(opener) == 1
    assert opener[0]["content"].startswith("Bonjour Nadège")
    assert "Agence" in opener[0]["content"] and "tranche d'âge" in opener[0]["content"]
    assert opener[0]["metadata"]["purpose"] == "opener"
    assert opener[0]["delivery_status"] == "delivered"  # as the approved template

    # Redelivered job: nothing is sent twice.
    conn.execute("UPDATE queue_jobs SET status = 'pending', run_at = now() WHERE job_type = 'form_lead_to_whatsapp'")
    _drain(services, db_url)
    assert conn.execute("SELECT count(*) AS n FROM conversations WHERE lead_id = %s AND direction = 'out'",
                        (lead["id"],)).fetchone()["n"] == 1

    chat = LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url),
                     phone="+237699445566")
    replies = chat.send("entre 35 et 45 ans")
    assert "ville en particulier" in replies[-1].text
    assert not any("bienvenue" in r.text.lower() for r in replies)


def test_without_template_the_opener_is_refused_with_a_reason(
    settings: Settings, db_url: str, services: Services, conn: psycopg.Connection
) -> None:
    tenant = make_tenant(db_url, "agence", language="fr", bot_linked=True)
    _post(settings, db_url, tenant)
    _drain(services, db_url)
    row = conn.execute(
        "SELECT delivery_status, delivery_error FROM conversations WHERE direction = 'out'"
    ).fetchone()
    assert row["delivery_status"] == "refused"
    assert "24-hour window" in row["delivery_error"] and "opener" in row["delivery_error"]


@pytest.mark.parametrize("change", [{"whatsapp_consent": False}, {"phone": None}])
def test_no_consent_or_no_phone_no_whatsapp(
    settings: Settings, db_url: str, services: Services, conn: psycopg.Connection, change: dict
) -> None:
    tenant = make_tenant(db_url, "agence", language="fr", bot_linked=True)
    _post(settings, db_url, tenant, **change)
    _drain(services, db_url)
    assert conn.execute("SELECT count(*) AS n FROM leads").fetchone()["n"] == 0


def test_an_opted_out_member_is_not_written_to(
    settings: Settings, db_url: str, services: Services, conn: psycopg.Connection
) -> None:
    conn.execute("INSERT INTO leads (phone, opted_out) VALUES ('+237699445566', TRUE)")
    tenant = make_tenant(db_url, "agence", language="fr", bot_linked=True)
    _post(settings, db_url, tenant)
    _drain(services, db_url)
    assert conn.execute("SELECT count(*) AS n FROM conversations WHERE direction = 'out'").fetchone()["n"] == 0
