"""The other half of the scripted conversations with an LLM configured (test_llm_budget.py),
in its own module so that both halves run on both test processes at once."""

from __future__ import annotations

from bot.core.services import Services
from tests.conversations.test_llm_budget import replay, script, services
from tests.support.llm_server import ScriptedLLM

__all__ = ["script", "services"]  # the fixtures, shared with the first half


def test_scripts_stay_within_the_llm_budget(services: Services, script: ScriptedLLM, demo_db_url: str) -> None:
    replay(services, script, demo_db_url, half=1)
