"""Helpers for the lead platform tests: tenants made as `matchbot clients create` makes them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from psycopg.rows import dict_row

from bot.core.db import service_transaction
from bot.lead_platform.store.clients import create_client
from bot.web.passwords import hash_password

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Tenant:
    client_id: uuid.UUID
    api_key: str  # the publishable form key
    email: str
    password: str = PASSWORD
    secret_key: str = ""

    @property
    def headers(self) -> dict[str, str]:
        """The form key, as a web form or a server posting leads sends it."""
        return {"X-API-Key": self.api_key}

    @property
    def secret_headers(self) -> dict[str, str]:
        """The secret key, as the client's server sends it to /api/leads."""
        return {"X-API-Key": self.secret_key}


def make_tenant(db_url: str, name: str, **options: Any) -> Tenant:
    """A client created the way `matchbot clients create` does it."""
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn, service_transaction(conn):
        client, keys = create_client(conn, business_name=name.title(), email=f"{name}@example.test",
                                     password_hash=hash_password(PASSWORD), **options)
    return Tenant(client.client_id, keys.form, client.email, secret_key=keys.secret)


def post_lead(api: TestClient, tenant: Tenant, **fields: Any) -> Any:
    body = {"name": "Awa Diallo", "email": "awa@example.org", "message": "Bonjour, quels sont vos tarifs ?"}
    body.update(fields)
    return api.post("/api/lead", json=body, headers=tenant.headers)
