"""App-wide web fixtures: one app per module with a console admin and a dashboard client
signed in on the same test client, the lead API's secret key, and a real row for every
path parameter (so that hostile values reach the SQL, not a 404).

A module binds them with `db_url, settings, app_client, world = world_fixtures()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg.rows import dict_row

from bot.app import create_app
from bot.console.users import create_admin
from bot.core.settings import Settings
from bot.store import contacts
from knowledge.demo import demo_knowledge
from knowledge.demo_profiles import generate_profiles
from knowledge.faq import upsert_knowledge
from knowledge.profile_store import upsert_profile
from tests.bot.console.conftest import PASSWORD, Account, csrf_of, member, sign_in
from tests.bot.lead_platform.leadkit import Tenant, make_tenant, post_lead
from tests.conftest import create_database, drop_database


@dataclass
class World:
    """A signed-in test client and the values to put in each route's path."""

    client: TestClient
    tenant: Tenant
    console_ids: dict[str, str]  # path parameter -> value, for /admin routes
    platform_ids: dict[str, str]  # for /dashboard and /api routes
    admin_csrf: str
    dashboard_csrf: str

    def path_values(self, path: str) -> dict[str, str]:
        return self.console_ids if path.startswith("/admin") else self.platform_ids


def _console_rows(db_url: str) -> dict[str, str]:
    """A member with a message, a profile, a knowledge entry, a contact request, an agent."""
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
        lead_id = member(conn, "Bonjour")
        message_id = conn.execute("SELECT id FROM conversations WHERE lead_id = %s", (lead_id,)).fetchone()
        upsert_profile(conn, generate_profiles(1)[0])
        profile = conn.execute("SELECT id, code FROM profiles ORDER BY id LIMIT 1").fetchone()
        upsert_knowledge(conn, demo_knowledge()[0])
        entry = conn.execute("SELECT id FROM knowledge_base ORDER BY id LIMIT 1").fetchone()
        request_id, _ = contacts.create_request(
            conn, lead_id=lead_id, profile_id=profile["id"], profile_code=profile["code"],
            message="Je voudrais la rencontrer", amount=Decimal(15000), currency="XAF")
        agent = create_admin(conn, email=f"agent-{uuid.uuid4().hex[:8]}@agence.test", password=PASSWORD)
    assert message_id and entry
    return {"lead_id": str(lead_id), "message_id": str(message_id["id"]), "profile_id": str(profile["id"]),
            "entry_id": str(entry["id"]), "request_id": str(request_id), "account_id": str(agent),
            "name": "admin.js"}


def world_fixtures() -> tuple[Any, Any, Any, Any]:
    """`db_url`, `settings`, `app_client` and `world` for one module: its own database and app."""

    @pytest.fixture(scope="module")
    def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
        url = create_database(pg_admin_url, template=template_db)
        yield url
        drop_database(pg_admin_url, url)

    @pytest.fixture(scope="module")
    def settings(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
        """Offline test settings; the management API's rate limit out of the way."""
        return Settings(
            _env_file=None,
            environment="test",
            database_url=db_url,  # type: ignore[call-arg]
            home=tmp_path_factory.mktemp("home"),
            chat_provider="offline",
            embedding_provider="offline",
            burst_window_seconds=0.0,
            manage_rate_per_minute=1_000_000.0,
            manage_rate_burst=100_000,
        )

    @pytest.fixture(scope="module")
    def app_client(settings: Settings, db_url: str) -> Iterator[TestClient]:
        app = create_app(settings, database_url=db_url)
        with TestClient(app, base_url="http://console.test", raise_server_exceptions=False) as client:
            yield client

    @pytest.fixture(scope="module")
    def world(app_client: TestClient, db_url: str) -> World:
        client = app_client
        with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
            email = f"boss-{uuid.uuid4().hex[:8]}@agence.test"
            admin = Account(create_admin(conn, email=email, password=PASSWORD, role="admin"), email)
        assert sign_in(client, admin) == 303
        tenant = make_tenant(db_url, f"hostile{uuid.uuid4().hex[:6]}")
        lead_id = post_lead(client, tenant).json()["lead_id"]
        note = client.post(f"/api/leads/{lead_id}/notes", json={"note": "first"}, headers=tenant.secret_headers)
        assert note.status_code == 201, note.text
        token = csrf_of(client.get("/dashboard/login").text)
        signed = client.post("/dashboard/login", data={"csrf_token": token, "email": tenant.email,
                                                        "password": tenant.password}, follow_redirects=False)
        assert signed.status_code == 303, signed.text
        return World(
            client=client, tenant=tenant, console_ids=_console_rows(db_url),
            platform_ids={"lead_id": lead_id, "note_id": str(note.json()["note"]["id"]), "name": "style.css"},
            admin_csrf=csrf_of(client.get("/admin/inbox").text),
            dashboard_csrf=csrf_of(client.get(f"/dashboard/leads/{lead_id}").text),
        )

    return db_url, settings, app_client, world
