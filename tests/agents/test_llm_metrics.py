"""LLM calls, tokens and errors counted by prompt through the real SDK against the local stand-in,
and a model that quotes the member's message into an invalid answer: the log line does not."""

from __future__ import annotations

import io
import itertools
import json
import logging
from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY

from bot.channels.local import LocalChat
from bot.core.log_context import json_handler
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.runtime import build_services
from tests.support.llm_server import LLMServer, ScriptedLLM

PHONES = (f"+2376981{n:05d}" for n in itertools.count(1))
UNREADABLE = "chuis la pour trouver ma moitié"  # the offline layer reads nothing here: the model is asked


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def errors(prompt: str) -> float:
    """Failed calls of a prompt, whatever the exception type (the SDK's wrapper decides it)."""
    return sum(s.value for family in REGISTRY.collect() if family.name == "matchbot_llm_errors"
               for s in family.samples if s.name.endswith("_total") and s.labels["prompt"] == prompt)


@pytest.fixture
def script() -> ScriptedLLM:
    return ScriptedLLM()


@pytest.fixture
def openai_services(demo_db_url: str, script: ScriptedLLM) -> Iterator[Services]:
    with LLMServer(script) as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            environment="test", database_url=demo_db_url, chat_provider="openai", embedding_provider="offline",
            burst_window_seconds=0, openai_api_key="sk-test", openai_base_url=server.base_url,
        )
        services = build_services(settings, demo_db_url, pool_size=3)
        yield services
        services.pool.close()


@pytest.fixture
def chat(openai_services: Services, demo_db_url: str) -> LocalChat:
    worker = Worker(openai_services.pool, all_handlers(openai_services), database_url=demo_db_url)
    chat = LocalChat(openai_services, worker, phone=next(PHONES))
    chat.send("Bonjour")
    return chat


def test_calls_and_tokens_are_counted_under_their_prompt(chat: LocalChat, script: ScriptedLLM) -> None:
    calls, tokens_in, tokens_out = (sample("matchbot_llm_calls_total", prompt="understand"),
                                    sample("matchbot_llm_tokens_total", prompt="understand", direction="input"),
                                    sample("matchbot_llm_tokens_total", prompt="understand", direction="output"))
    script.structured.append({"intent": "answer", "age": 33, "language": "fr"})
    chat.send(UNREADABLE)
    assert script.chat_calls == 1
    assert sample("matchbot_llm_calls_total", prompt="understand") == calls + 1
    # The stand-in reports 10 prompt and 5 completion tokens per call.
    assert sample("matchbot_llm_tokens_total", prompt="understand", direction="input") == tokens_in + 10
    assert sample("matchbot_llm_tokens_total", prompt="understand", direction="output") == tokens_out + 5
    assert sample("matchbot_llm_call_seconds_count", prompt="understand") >= 1


def test_provider_errors_are_counted_under_their_prompt(chat: LocalChat, script: ScriptedLLM) -> None:
    before = errors("understand")
    script.failures = 2  # the call and the SDK's one retry
    assert chat.send(UNREADABLE)  # the offline reading stands
    assert errors("understand") == before + 1


def test_a_model_quoting_the_member_does_not_put_their_words_in_the_logs(
    chat: LocalChat, script: ScriptedLLM
) -> None:
    script.structured.append({"intent": UNREADABLE})  # not an intent: the structured answer fails
    stream = io.StringIO()
    handler = json_handler(stream)
    logging.getLogger().addHandler(handler)
    try:
        chat.send(UNREADABLE)
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(text) for text in stream.getvalue().splitlines()]
    failed = [line for line in lines if "LLM reading failed" in line["message"]]
    assert failed, lines  # the failure is logged, with the turn's job and lead
    assert failed[0]["job_type"] == "bot_turn" and failed[0]["lead_id"] == chat.lead_id
    assert "[text]" in failed[0]["message"]
    assert UNREADABLE not in stream.getvalue()
