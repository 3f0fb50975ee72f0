"""Fixtures and helpers for the lead platform tests: an app, two tenants, a local SMTP server."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg.rows import dict_row

from bot.app import create_app
from bot.core.db import service_transaction
from bot.lead_platform.store.clients import create_client
from bot.core.settings import Settings
from bot.web.passwords import hash_password

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Tenant:
    client_id: uuid.UUID
    api_key: str
    email: str
    password: str = PASSWORD

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.api_key}


def make_tenant(db_url: str, name: str, **options: Any) -> Tenant:
    """A client created the way `matchbot clients create` does it."""
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn, service_transaction(conn):
        client, key = create_client(conn, business_name=name.title(), email=f"{name}@example.test",
                                    password_hash=hash_password(PASSWORD), **options)
    return Tenant(client.client_id, key, client.email)


@pytest.fixture
def lead_settings(settings: Settings) -> Settings:
    """Test settings with a generous rate limit (the rate-limit test sets its own)."""
    return settings.model_copy(update={"lead_rate_per_minute": 60_000.0, "lead_rate_burst": 1000})


@pytest.fixture
def api(lead_settings: Settings, db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(lead_settings, database_url=db_url)) as c:
        yield c


@pytest.fixture
def alpha(db_url: str) -> Tenant:
    return make_tenant(db_url, "alpha", language="fr", allowed_origins=["https://alpha.example"])


@pytest.fixture
def beta(db_url: str) -> Tenant:
    return make_tenant(db_url, "beta", language="en", allowed_origins=["https://beta.example"])


def post_lead(api: TestClient, tenant: Tenant, **fields: Any) -> Any:
    body = {"name": "Awa Diallo", "email": "awa@example.org", "message": "Bonjour, quels sont vos tarifs ?"}
    body.update(fields)
    return api.post("/api/lead", json=body, headers=tenant.headers)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def drain(worker: Any, *, max_wait: float = 5.0) -> int:
    """Run due jobs until none is due within max_wait seconds (waits for retry backoffs).

    Like Worker.drain, but idle is detected here: bot.queue.next_due_in answers 0 rather
    than None when nothing is pending (greatest() ignores NULL), so Worker.drain never
    returns on an empty queue.
    """
    done = 0
    while True:
        if worker.run_one() is not None:
            done += 1
            continue
        with worker.pool.connection() as conn:
            row = conn.execute(
                "SELECT extract(epoch FROM min(run_at) - now()) AS wait FROM queue_jobs "
                "WHERE status = 'pending' AND job_type = ANY(%s)", (worker.types,)).fetchone()
        wait = row["wait"] if isinstance(row, dict) else row[0]
        if wait is None or float(wait) > max_wait:
            return done
        time.sleep(min(max(float(wait), 0.005), 0.05))
