"""The second half of the hostile-values sweep (test_hostile_routes.py): its own module, so
that the two halves run on both test processes at once."""

from __future__ import annotations

import pytest

from tests.bot.web.signed_in import World, world_fixtures
from tests.bot.web.test_hostile_routes import sweep

db_url, settings, app_client, world = world_fixtures()


def test_every_route_answers_hostile_values_without_a_5xx(world: World, caplog: pytest.LogCaptureFixture) -> None:
    sweep(world, caplog, half=1)
