"""The other half of the YAML scripts (test_scripts.py), in its own module so that both
halves run on both test processes at once."""

from __future__ import annotations

import pytest

from bot.core.services import Services
from tests.conversations.runner import Script
from tests.conversations.test_scripts import HALVES, replay, services

__all__ = ["services"]  # the fixture, shared with the first half


@pytest.mark.parametrize("script", HALVES[1], ids=[s.name for s in HALVES[1]])
def test_script(script: Script, services: Services, demo_db_url: str) -> None:
    replay(script, services, demo_db_url)
