"""Outreach fixtures: a pool for the jobs the tests run inline, and the local IMAP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.core.connections import Pool
from bot.core.db import open_pool
from tests.support.imap import imap_server  # noqa: F401 -- a fixture, for the mailbox tests


@pytest.fixture
def pool(db_url: str) -> Iterator[Pool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()
