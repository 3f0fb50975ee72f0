"""Every YAML script under scripts/ replays cleanly through the real inbound path (half of them
here, the other half in test_scripts_second_half.py, so that both test processes replay at once)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.runtime import build_services
from tests.conversations.runner import Script, load_scripts, run_script

SCRIPTS = load_scripts()
HALVES = (SCRIPTS[0::2], SCRIPTS[1::2])
PHONES = (f"+2376990{n:05d}" for n in itertools.count(1))


@pytest.fixture(scope="module")
def services(demo_db_url: str) -> Iterator[Services]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test", database_url=demo_db_url, chat_provider="offline",
        embedding_provider="offline", burst_window_seconds=0,
    )
    built = build_services(settings, demo_db_url, pool_size=4)
    yield built
    built.pool.close()


def test_there_are_at_least_thirty_scripts() -> None:
    assert len(SCRIPTS) >= 30


def replay(script: Script, services: Services, demo_db_url: str) -> None:
    """One script through a worker of its own, as a member with a phone of their own."""
    worker = Worker(services.pool, all_handlers(services), database_url=demo_db_url)
    chat = LocalChat(services, worker, phone=script.data.get("phone") or next(PHONES),
                     name=script.data.get("name"))
    run_script(script, chat, demo_db_url)


@pytest.mark.parametrize("script", HALVES[0], ids=[s.name for s in HALVES[0]])
def test_script(script: Script, services: Services, demo_db_url: str) -> None:
    replay(script, services, demo_db_url)
