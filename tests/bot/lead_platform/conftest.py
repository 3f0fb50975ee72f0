"""Lead platform fixtures: the app with a generous rate limit, and two tenants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.core.settings import Settings
from tests.bot.lead_platform.leadkit import Tenant, make_tenant


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
