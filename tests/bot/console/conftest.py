"""Console fixtures: an app on this test's database, accounts, and a signed-in client."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.console.users import create_admin
from bot.core.settings import Settings
from bot.store import conversations as repo
from tests.conftest import create_database, drop_database

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, page[:500]
    return match.group(1)


@dataclass
class Account:
    id: int
    email: str
    password: str = PASSWORD


@pytest.fixture
def admin_account(conn: psycopg.Connection) -> Account:
    email = f"boss-{uuid.uuid4().hex[:8]}@agence.test"
    return Account(
        create_admin(conn, email=email, password=PASSWORD, role="admin", full_name="Awa Boss"),
        email,
    )


@pytest.fixture
def agent_account(conn: psycopg.Connection) -> Account:
    email = f"agent-{uuid.uuid4().hex[:8]}@agence.test"
    return Account(create_admin(conn, email=email, password=PASSWORD, role="agent"), email)


@pytest.fixture
def client(app_client: TestClient) -> TestClient:
    """The module's app with a signed-out browser (cookies cleared)."""
    app_client.cookies.clear()
    return app_client


def module_fixtures() -> tuple[Any, Any, Any]:
    """`db_url`, `settings` and `app_client` shared by a module's tests (a database and an app
    per module keeps the suite fast; the tests use their own leads, accounts and codes)."""

    @pytest.fixture(scope="module")
    def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
        url = create_database(pg_admin_url, template=template_db)
        yield url
        drop_database(pg_admin_url, url)

    @pytest.fixture(scope="module")
    def settings(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
        return Settings(
            _env_file=None,
            environment="test",
            database_url=db_url,  # type: ignore[call-arg]
            home=tmp_path_factory.mktemp("home"),
            chat_provider="offline",
            embedding_provider="offline",
            burst_window_seconds=0.0,
        )

    @pytest.fixture(scope="module")
    def app_client(settings: Settings, db_url: str) -> Iterator[TestClient]:
        with TestClient(
            create_app(settings, database_url=db_url), base_url="http://console.test"
        ) as c:
            yield c

    return db_url, settings, app_client


def sign_in(client: TestClient, account: Account, *, password: str | None = None) -> int:
    token = csrf_of(client.get("/admin/login").text)
    response = client.post(
        "/admin/login",
        data={
            "csrf_token": token,
            "email": account.email,
            "password": password or account.password,
        },
        follow_redirects=False,
    )
    return response.status_code


def token(client: TestClient, path: str = "/admin/inbox") -> str:
    return csrf_of(client.get(path).text)


def member(
    conn: psycopg.Connection,
    text: str = "Bonjour",
    *,
    phone: str | None = None,
    channel: str = "local",
) -> int:
    """A lead who wrote one message (as the webhooks store it)."""
    phone = phone or f"+2376{uuid.uuid4().int % 10**8:08d}"
    lead_id = repo.upsert_lead(conn, channel=channel, phone=phone, name="Nadia")
    repo.record_inbound(
        conn,
        lead_id=lead_id,
        content=text,
        channel=channel,
        provider_message_id=f"t-{uuid.uuid4().hex}",
    )
    return lead_id
