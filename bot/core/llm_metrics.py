"""LLM calls, tokens and errors by prompt, counted by a LangChain callback on the chat model.

Each call site names its prompt with `llm_config("faq")` (LangChain run metadata, which
child runs inherit, so a structured-output call is counted under its caller's name);
the handler, attached to the model in bot/core/chat_model.py, counts every call of the
model whoever makes it. An unnamed call is counted as "other".
"""

from __future__ import annotations

import threading
import time
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult
from langchain_core.runnables import RunnableConfig

from bot.core.metrics import LLM_CALLS, LLM_ERRORS, LLM_SECONDS, LLM_TOKENS

PROMPT_KEY = "matchbot_prompt"


def llm_config(prompt: str) -> RunnableConfig:
    """The config to invoke a model with so that its calls are counted under `prompt`."""
    return {"run_name": prompt, "metadata": {PROMPT_KEY: prompt}}


class LlmMetrics(BaseCallbackHandler):
    """Counts calls, usage tokens (from the answer's usage metadata), errors and call time by prompt."""

    def __init__(self) -> None:
        self._runs: dict[UUID, tuple[str, float]] = {}
        self._lock = threading.Lock()  # worker threads share the model

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[BaseMessage]], *,
                            run_id: UUID, metadata: dict[str, Any] | None = None, **kwargs: Any) -> None:
        prompt = str((metadata or {}).get(PROMPT_KEY) or "other")
        LLM_CALLS.labels(prompt).inc()
        with self._lock:
            self._runs[run_id] = (prompt, time.perf_counter())

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        prompt = self._finish(run_id)
        for generations in response.generations:
            for generation in generations:
                message = generation.message if isinstance(generation, ChatGeneration) else None
                usage = message.usage_metadata if isinstance(message, AIMessage) else None
                if usage:
                    LLM_TOKENS.labels(prompt, "input").inc(usage.get("input_tokens", 0))
                    LLM_TOKENS.labels(prompt, "output").inc(usage.get("output_tokens", 0))

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        LLM_ERRORS.labels(self._finish(run_id), type(error).__name__).inc()

    def _finish(self, run_id: UUID) -> str:
        with self._lock:
            run = self._runs.pop(run_id, None)
        if run is None:
            return "other"
        prompt, started = run
        LLM_SECONDS.labels(prompt).observe(time.perf_counter() - started)
        return prompt
