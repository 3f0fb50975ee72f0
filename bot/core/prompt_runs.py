"""Every LLM call of a registered prompt becomes a `prompt_performance` row.

A `PromptRun` callback rides in the call's config (bot/core/prompts.py `PromptCall.config`),
so it sees the whole call: the chat model's run (messages sent, the answer, the usage
tokens the provider reported) and, for a structured call, the parser after it. When the
call's outermost run ends, one row is written: input and output, response time, tokens,
cost (bot/core/llm_prices.py), format consistency (1: the answer parsed, or a text
answer is not empty; 0: the answer came back but did not parse; NULL: no answer), and the
error. `judge` adds afterwards what the service's own checks made of the output, and
`link_feedback` the `feedback_tracking` row of the prediction it made.

Rows are written as the service role on a connection of their own: a call recorded
stays recorded when the caller's transaction rolls back, and a failure to record is
logged (by exception type only: the texts may quote a member) without failing the call.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import psycopg
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.exceptions import OutputParserException
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult
from pydantic import BaseModel, ValidationError

from bot.core.connections import Conn, Pool
from bot.core.db import service_transaction
from bot.core.llm_prices import Prices, cost_usd

if TYPE_CHECKING:
    from bot.core.prompts import PromptCall

log = logging.getLogger(__name__)
Environment = Literal["production", "staging", "test"]
MAX_TEXT = 4000  # characters kept of each message and of the output
# A record waits at most this long for a pooled connection: a busy pool drops the record, never
# holds up the member's turn or the job behind the call.
WAIT_SECONDS = 5.0
# Errors that mean the model answered, but not in the format asked for.
FORMAT_ERRORS = (ValidationError, OutputParserException, json.JSONDecodeError)
ENVIRONMENTS: dict[str, Environment] = {"production": "production", "test": "test", "development": "staging"}

INSERT_SQL = """
INSERT INTO prompt_performance (
    prompt_registry_id, prompt_name, execution_id, client_id, subject, ab_test_id, test_arm,
    input_data, output_data, response_time_ms, input_tokens, output_tokens, token_count, cost_usd,
    model_name, consistency_score, error_occurred, error_message, environment)
VALUES (%(registry_id)s, %(name)s, %(execution_id)s, %(client_id)s, %(subject)s, %(test_id)s, %(arm)s,
        %(input)s, %(output)s, %(ms)s, %(input_tokens)s, %(output_tokens)s, %(tokens)s, %(cost)s,
        %(model)s, %(consistency)s, %(error)s, %(error_message)s, %(environment)s)
"""


def _text(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text[:MAX_TEXT]


def _message(message: BaseMessage) -> dict[str, str]:
    return {"role": message.type, "content": _text(message.content)}


def _output(value: object) -> dict[str, Any]:
    """The answer as JSON: a parsed object's fields, a message's text and tool calls."""
    if isinstance(value, AIMessage):  # before BaseModel: a message is one too
        out: dict[str, Any] = {"text": _text(value.content)}
        if value.tool_calls:
            out["tool_calls"] = [{"name": c["name"], "args": c["args"]} for c in value.tool_calls]
        return out
    if isinstance(value, BaseModel):
        return {"parsed": json.loads(value.model_dump_json())}
    if isinstance(value, dict):
        return {"parsed": json.loads(json.dumps(value, default=str))}
    return {"text": _text(value)}


def _consistent(value: object) -> bool:
    """A finished call's answer has its format: parsed, or a text that says something."""
    if isinstance(value, AIMessage):
        return bool(str(value.content).strip() or value.tool_calls)
    return value is not None and value != ""


class PromptRun(BaseCallbackHandler):
    """Collects one prompt call and records it when its outermost run ends."""

    def __init__(self, call: PromptCall, recorder: Recorder) -> None:
        self.call = call
        self.recorder = recorder
        self.root: uuid.UUID | None = None
        self.started = 0.0
        self.sent: list[BaseMessage] = []
        self.answer: AIMessage | None = None
        self.model_name: str | None = None

    def _start(self, run_id: uuid.UUID) -> None:
        if self.root is None:
            self.root, self.started = run_id, time.perf_counter()

    def on_chain_start(self, serialized: dict[str, Any] | None, inputs: Any, *, run_id: uuid.UUID,
                       **kwargs: Any) -> None:
        self._start(run_id)

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[BaseMessage]], *,
                            run_id: uuid.UUID, metadata: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self._start(run_id)
        self.sent = messages[0] if messages else []
        self.model_name = str((metadata or {}).get("ls_model_name") or "") or None

    def on_llm_end(self, response: LLMResult, *, run_id: uuid.UUID, **kwargs: Any) -> None:
        generation = response.generations[0][0] if response.generations and response.generations[0] else None
        if isinstance(generation, ChatGeneration) and isinstance(generation.message, AIMessage):
            self.answer = generation.message
            self.model_name = generation.message.response_metadata.get("model_name") or self.model_name
        if run_id == self.root:
            self._finish(self.answer, None)

    def on_llm_error(self, error: BaseException, *, run_id: uuid.UUID, **kwargs: Any) -> None:
        if run_id == self.root:
            self._finish(None, error)

    def on_chain_end(self, outputs: Any, *, run_id: uuid.UUID, **kwargs: Any) -> None:
        if run_id == self.root:
            self._finish(outputs, None)

    def on_chain_error(self, error: BaseException, *, run_id: uuid.UUID, **kwargs: Any) -> None:
        if run_id == self.root:
            self._finish(None, error)

    def _finish(self, output: object, error: BaseException | None) -> None:
        elapsed_ms = round((time.perf_counter() - self.started) * 1000)
        usage = self.answer.usage_metadata if self.answer is not None else None
        input_tokens = usage.get("input_tokens") if usage else None
        output_tokens = usage.get("output_tokens") if usage else None
        if error is None:
            consistency: float | None = 1.0 if _consistent(output) else 0.0
        else:  # an answer that did not parse is a format failure; no answer says nothing of the format
            consistency = 0.0 if isinstance(error, FORMAT_ERRORS) else None
        call = self.call
        self.recorder.write({
            "registry_id": call.variant.id if call.variant else None, "name": call.name,
            "execution_id": call.execution_id, "client_id": call.client_id, "subject": call.subject,
            "test_id": call.test_id, "arm": call.arm,
            "input": json.dumps({"messages": [_message(m) for m in self.sent if m.type != "system"],
                                 "parameters": dict(call.parameters)}, ensure_ascii=False, default=str),
            "output": json.dumps(_output(output) if error is None else {}, ensure_ascii=False, default=str),
            "ms": elapsed_ms, "input_tokens": input_tokens, "output_tokens": output_tokens,
            "tokens": (input_tokens or 0) + (output_tokens or 0) if usage else None,
            "cost": cost_usd(self.model_name, input_tokens=input_tokens or 0, output_tokens=output_tokens or 0,
                             extra=self.recorder.prices) if usage else None,
            "model": self.model_name, "consistency": consistency, "error": error is not None,
            "error_message": f"{type(error).__name__}: {error}"[:1000] if error is not None else None,
        })


class Recorder:
    """Writes prompt calls to prompt_performance through the pool."""

    def __init__(self, pool: Pool, *, environment: str = "production", prices: Prices | None = None) -> None:
        self.pool = pool
        self.environment: Environment = ENVIRONMENTS.get(environment, "staging")
        self.prices = prices or {}

    def handler(self, call: PromptCall) -> PromptRun:
        return PromptRun(call, self)

    def write(self, row: dict[str, Any]) -> None:
        try:
            with self.pool.connection(timeout=WAIT_SECONDS) as conn, service_transaction(conn):
                conn.execute(INSERT_SQL, {**row, "environment": self.environment})
        except psycopg.Error as exc:
            log.warning("prompt call %s not recorded (%s)", row["name"], type(exc).__name__)

    def judge(self, execution_id: str, *, ok: bool, reasons: Sequence[str] = ()) -> None:
        """The service's verdict on a recorded output (1 kept, 0 refused) and its reasons."""
        try:
            with self.pool.connection(timeout=WAIT_SECONDS) as conn, service_transaction(conn):
                conn.execute(
                    """UPDATE prompt_performance SET output_quality_score = %s, output_data = output_data || %s::jsonb
                       WHERE execution_id = %s""",
                    (1 if ok else 0, json.dumps({"refused": [r[:300] for r in reasons]} if reasons else {},
                                                ensure_ascii=False), execution_id))
        except psycopg.Error as exc:
            log.warning("verdict on prompt call %s not recorded (%s)", execution_id, type(exc).__name__)


def link_feedback(conn: Conn, *, execution_id: str, feedback_id: uuid.UUID | str) -> None:
    """Tie a recorded call to the feedback_tracking row of the prediction it made (any transaction
    that can see the row: the tenant's for a lead platform call)."""
    conn.execute("UPDATE prompt_performance SET feedback_id = %s WHERE execution_id = %s",
                 (feedback_id, execution_id))
