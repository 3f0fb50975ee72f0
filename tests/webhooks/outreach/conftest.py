"""One database and app per test module: each test makes its own clients and e-mails, so they
stay independent while the suite pays for one database copy and one app start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.app import create_app
from bot.core.settings import Settings
from tests.conftest import create_database, drop_database
from tests.webhooks.outreach.kit import SIGNING_KEY


@pytest.fixture(scope="module")
def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    url = create_database(pg_admin_url, template=template_db)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture(scope="module")
def settings(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Offline test settings with the Mailgun signing key set."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        database_url=db_url,
        home=tmp_path_factory.mktemp("home"),
        chat_provider="offline",
        embedding_provider="offline",
        mailgun_signing_key=SecretStr(SIGNING_KEY),
    )


@pytest.fixture(scope="module")
def web(settings: Settings, db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database_url=db_url), follow_redirects=False) as client:
        yield client
