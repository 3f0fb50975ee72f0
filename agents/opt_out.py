"""Opt-out (STOP/ARRÊT) and opt-in (START): consent to receive messages."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents.common import agent, language, reply
from agents.context import TurnContext
from agents.messages import say
from graph.state import LeadUpdates, State, Update


@agent("opt_out")
def opt_out_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Confirm once; from now on nothing is sent to this member."""
    ctx = runtime.context
    updates = LeadUpdates(opted_out=True, opted_out_at=ctx.services.clock())
    text = say("opted_out", language(state, ctx))
    return Update(replies=[reply(text, purpose="opt_out_confirmation")], lead_updates=updates, intent="opt_out")


@agent("opt_in")
def opt_in_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Messages resume."""
    ctx = runtime.context
    updates = LeadUpdates(opted_out=False, opted_out_at=None)
    return Update(replies=[reply(say("opted_in", language(state, ctx)))], lead_updates=updates, intent="opt_in")
