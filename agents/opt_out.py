"""Opt-out (STOP/ARRÊT) and opt-in (START): consent to receive messages."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, language, merged_updates, reply
from agents.messages import say
from graph.state import State
from agents.context import TurnContext


@agent("opt_out")
def opt_out_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Confirm once; from now on nothing is sent to this member."""
    ctx = runtime.context
    updates = merged_updates(state, opted_out=True, opted_out_at=ctx.services.clock())
    text = say("opted_out", language(state, ctx))
    return {"replies": [reply(text, purpose="opt_out_confirmation")], "lead_updates": updates,
            "intent": "opt_out"}


@agent("opt_in")
def opt_in_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Messages resume."""
    ctx = runtime.context
    updates = merged_updates(state, opted_out=False, opted_out_at=None)
    return {"replies": [reply(say("opted_in", language(state, ctx)))], "lead_updates": updates,
            "intent": "opt_in"}
