"""A frozen database answers 503 within 2 s, and nothing acknowledged with 2xx is lost.

The real app (webhooks signed by Twilio's RequestValidator, the lead API with a real key)
on this test's database, while the PostgreSQL server is stopped with SIGSTOP.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import psycopg
import pytest

from bot.app import create_app
from bot.core.settings import Settings
from tests.bot.lead_platform.leadkit import Tenant, make_tenant
from tests.support.freezer import frozen
from tests.webhooks.conftest import (
    sid,
    sign_twilio,
    twilio_message,
    wa_settings,  # noqa: F401  (shared fixture)
)

PATH = "/webhooks/twilio/whatsapp"
DEADLINE = 2.0
Call = tuple[str, dict[str, Any]]


def _webhook(n: int, body: str = "Bonjour") -> Call:
    form = twilio_message(sid(n), body=body, sender=f"+23765{n:07d}")
    return "twilio", form


def _lead(n: int) -> Call:
    return "lead", {"name": f"Lead {n}", "email": f"lead{n}@example.org", "message": "Bonjour"}


async def _send(client: httpx.AsyncClient, tenant: Tenant, call: Call) -> tuple[httpx.Response, float]:
    kind, data = call
    started = time.perf_counter()
    if kind == "twilio":
        answer = await client.post(PATH, content=urlencode(data), headers=sign_twilio(PATH, data))
    else:
        answer = await client.post("/api/lead", json=data, headers=tenant.headers)
    return answer, time.perf_counter() - started


@pytest.fixture
def tenant(db_url: str) -> Tenant:
    return make_tenant(db_url, "frozen", language="fr")


def test_a_frozen_database_is_a_fast_503_and_loses_nothing(
    wa_settings: Settings, db_url: str, tenant: Tenant, conn: psycopg.Connection  # noqa: F811
) -> None:
    app = create_app(wa_settings, database_url=db_url)
    # Members writing at once (one batched insert), a digit answering a numbered list
    # (a read first), and web forms.
    during = [*(_webhook(n) for n in range(1, 7)), _webhook(7, body="2"), _lead(1), _lead(2), _lead(3)]

    async def scenario() -> tuple[list[tuple[httpx.Response, float]], list[httpx.Response]]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://internal") as client:
                warm = [await _send(client, tenant, call) for call in (_webhook(100), _lead(100))]
                assert [a.status_code for a, _ in warm] == [200, 201]
                with frozen(db_url, limit=15):
                    stalled = await asyncio.gather(*(_send(client, tenant, call) for call in during))
                # The providers and the forms try again once the database is back.
                retried = [(await _send(client, tenant, call))[0] for call in during]
        return stalled, retried

    stalled, retried = asyncio.run(scenario())

    slowest = max(elapsed for _, elapsed in stalled)
    assert slowest < DEADLINE, [(a.status_code, round(t, 2)) for a, t in stalled]
    for answer, _ in stalled:
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"].isdigit()
    assert [a.status_code for a in retried] == [200] * 7 + [201] * 3

    # Every message stored once, every acknowledged lead stored.
    sids = [data["MessageSid"] for kind, data in during if kind == "twilio"]
    stored = conn.execute(
        "SELECT provider_message_id, count(*) AS n FROM conversations WHERE provider_message_id = ANY(%s) "
        "GROUP BY provider_message_id", (sids,)).fetchall()
    assert {row["provider_message_id"]: row["n"] for row in stored} == dict.fromkeys(sids, 1)
    lead_ids = [a.json()["lead_id"] for a in retried[7:]]
    found = conn.execute("SELECT count(*) AS n FROM lead_memory WHERE id::text = ANY(%s)",
                         (lead_ids,)).fetchone()
    assert found is not None and found["n"] == len(lead_ids)
