"""What every agent shares: reading the lead as this turn sees it, replies, timing."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from langgraph.runtime import Runtime

from agents.messages import say
from graph.state import AgentRun, Reply, State
from agents.context import TurnContext

log = logging.getLogger(__name__)

Node = Callable[[State, Runtime[TurnContext]], dict[str, Any]]


def lead_value(state: State, ctx: TurnContext, name: str) -> Any:
    """A lead column as this turn sees it: changed earlier in the turn, else the stored row."""
    updates = state.get("lead_updates") or {}
    if name in updates:
        return updates[name]
    return getattr(ctx.lead, name)


def language(state: State, ctx: TurnContext) -> str:
    """The member's language for this turn."""
    return str(lead_value(state, ctx, "language") or "fr")


def text_of(state: State) -> str:
    """The turn's inbound messages as one text."""
    return "\n".join(t for t in state.get("inbound", []) if t).strip()


def reply(text: str, **extra: Any) -> Reply:
    """One outbound message."""
    return Reply(text=text, **extra)  # type: ignore[typeddict-item]


def merged_updates(state: State, **changes: Any) -> dict[str, Any]:
    """The turn's lead updates with these changes added (metadata merged, not replaced)."""
    updates = dict(state.get("lead_updates") or {})
    if "metadata" in changes:
        base = updates.get("metadata") or {}
        changes["metadata"] = {**base, **changes["metadata"]}
    updates.update(changes)
    return updates


def config_value(ctx: TurnContext, key: str, default: Any = None) -> Any:
    """An agency setting from `configuration` (None values fall back to the default)."""
    value = ctx.config.get(key)
    return default if value is None else value


def agent(name: str) -> Callable[[Node], Node]:
    """Wrap a node: time it, record an agent_logs entry, and never let it crash the turn.

    On an exception the member gets the polite "not understood" reply and the error is
    logged with success = false.
    """

    def decorate(node: Node) -> Node:
        @functools.wraps(node)
        def run(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
            started = time.perf_counter()
            error = None
            try:
                result = node(state, runtime)
            except Exception as exc:  # an agent bug must not lose the member's message
                log.exception("agent %s failed", name)
                error = f"{type(exc).__name__}: {exc}"
                lang = language(state, runtime.context)
                result = {"replies": [*state.get("replies", []), reply(say("not_understood", lang))]}
            duration = int((time.perf_counter() - started) * 1000)
            replies = result.get("replies", state.get("replies", []))
            entry = AgentRun(
                agent=name,
                input=text_of(state)[:500],
                output=" | ".join(r.get("text", "") for r in replies)[:500],
                duration_ms=duration,
                success=error is None,
                error=error,
            )
            result["agent_runs"] = [*state.get("agent_runs", []), entry]
            return result

        return run

    return decorate
