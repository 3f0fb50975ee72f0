"""Prospects fixtures: a pool, Services whose site reads may reach loopback (the local stand-ins),
and a worker that runs the lead platform's jobs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_core.embeddings import FakeEmbeddings

from bot.core.connections import Pool
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.jobs import job_handlers


@pytest.fixture
def pool(db_url: str) -> Iterator[Pool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


@pytest.fixture
def prospect_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"site_fetch_allow_private": True, "site_fetch_timeout_seconds": 5.0,
                                       "outreach_domain": "outreach.test"})


@pytest.fixture
def services(prospect_settings: Settings, pool: Pool, db_url: str) -> Services:
    return Services(settings=prospect_settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8))


def worker_for(services: Services) -> Worker:
    return Worker(services.pool, job_handlers(services), database_url=services.database_url)
