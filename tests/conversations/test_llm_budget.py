"""The scripted conversations with an LLM configured: the model is asked only where the
offline layer needs it (at most 0.3 calls per turn), and nothing it writes reaches a
member unchecked.

The stand-in answers every reading "unclear" and every free text with a marker that the
grounding checks must refuse: the scripts are replayed for what they send, not checked
against their expectations (those are the offline mode's, test_scripts.py)."""

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
from tests.conversations.runner import load_scripts
from tests.support.llm_server import LLMServer, ScriptedLLM

MARKER = "TEXTE-DU-MODELE"
PHONES = (f"+2376995{n:05d}" for n in itertools.count(1))
BUDGET = 0.3  # LLM calls per turn (issue 10)


@pytest.fixture
def script() -> ScriptedLLM:
    return ScriptedLLM(default_text=f"{MARKER} : la consultation est gratuite, tu peux payer 15 000 FCFA.")


@pytest.fixture
def services(demo_db_url: str, script: ScriptedLLM) -> Iterator[Services]:
    with LLMServer(script) as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            environment="test", database_url=demo_db_url, chat_provider="openai",
            openai_api_key="sk-test", openai_base_url=server.base_url,
            embedding_provider="offline", burst_window_seconds=0,
        )
        built = build_services(settings, demo_db_url, pool_size=4)
        yield built
        built.pool.close()


HALVES = 2  # the scripts are replayed in two modules (this one and ..._second_half) at once


def replay(services: Services, script: ScriptedLLM, demo_db_url: str, *, half: int) -> None:
    """Replay every other script (half 0: the even ones) and check the budget on them."""
    turns = 0
    worker = Worker(services.pool, all_handlers(services), database_url=demo_db_url)
    for conversation in load_scripts()[half::HALVES]:
        chat = LocalChat(services, worker, phone=conversation.data.get("phone") or next(PHONES),
                         name=conversation.data.get("name"))
        for step in conversation.data["steps"]:
            if "send" in step:
                replies = chat.send(str(step["send"]))
                turns += 1
                assert all(MARKER not in r.text for r in replies), (conversation.name, step["send"])
    assert turns > 100
    assert script.chat_calls > 0  # the model was used where the offline layer was unsure
    print(f"LLM calls per turn: {script.chat_calls} / {turns} = {script.chat_calls / turns:.3f}")
    assert script.chat_calls / turns <= BUDGET, f"{script.chat_calls} calls for {turns} turns"


def test_scripts_stay_within_the_llm_budget(services: Services, script: ScriptedLLM, demo_db_url: str) -> None:
    replay(services, script, demo_db_url, half=0)
