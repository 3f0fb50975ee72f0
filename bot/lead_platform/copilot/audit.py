"""Every tool call of the copilot is an `agent_logs` row, and no phone number leaves a tool.

`audited` wraps the graph's ToolNode (LangGraph's `wrap_tool_call`): it times the call,
masks phone numbers in what the tool returns (the model, then the user, would read them),
turns an unexpected failure into an error the model reads, and records name, arguments,
result summary, duration and error as `copilot.<tool>`, like the bot's agents record
theirs. A tool may hand a summary (and the member it read) back as its message's artifact;
otherwise the start of its answer is the summary.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, cast

import psycopg
from langchain_core.messages import ToolMessage
from langgraph.errors import GraphBubbleUp
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.types import Command

from bot.lead_platform.copilot.workspace import Workspace
from bot.store.logs import record_agent_runs

log = logging.getLogger(__name__)
# What the model reads when a tool broke (the log keeps the exception).
TOOL_FAILED = "The tool failed with an internal error: tell the user it did not work, and do not retry it."
SUMMARY_CHARS = 500
ARGUMENT_CHARS = 1000


def record(ws: Workspace, *, agent: str, arguments: Mapping[str, Any], output: str, started: float,
           error: str | None, member_id: int | None = None) -> None:
    """One agent_logs row; a failure to write it is logged, never the user's problem."""
    run = {
        "agent": agent[:50],
        "input": f"{ws.scope} {ws.client_id} {json.dumps(arguments, ensure_ascii=False, default=str)}"[:ARGUMENT_CHARS],
        "output": output[:SUMMARY_CHARS],
        "duration_ms": round((time.perf_counter() - started) * 1000),
        "success": error is None,
        "error": error[:1000] if error else None,
    }
    try:
        with ws.service() as conn:
            record_agent_runs(conn, lead_id=member_id, runs=[run])
    except psycopg.Error as exc:
        log.warning("copilot call %s not logged (%s)", agent, type(exc).__name__)


def audited(request: ToolCallRequest,
            execute: Callable[[ToolCallRequest], ToolMessage | Command]) -> ToolMessage | Command:
    """Run one tool call: masked, logged, and never an exception out of the graph."""
    ws = cast(Workspace, request.runtime.context)  # the graph's context_schema
    call = request.tool_call
    started = time.perf_counter()
    error: str | None = None
    try:
        result = execute(request)
    except GraphBubbleUp:
        raise
    except Exception as exc:  # a broken tool is logged and told to the model, not raised
        log.exception("copilot tool %s failed", call["name"])
        error = f"{type(exc).__name__}: {exc}"
        result = ToolMessage(content=TOOL_FAILED, name=call["name"], tool_call_id=call["id"], status="error")
    summary, member_id = "", None
    if isinstance(result, ToolMessage):
        result.content = ws.mask(str(result.text))
        artifact = result.artifact if isinstance(result.artifact, dict) else {}
        summary = str(artifact.get("summary") or str(result.text)[:200])
        member_id = artifact.get("member_id")
        if result.status == "error" and error is None:
            error = str(result.text)
    record(ws, agent=f"copilot.{call['name']}", arguments=call["args"], output=summary, started=started,
           error=error, member_id=member_id)
    return result
