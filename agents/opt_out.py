"""Opt-out (STOP/ARRÊT, even inside a sentence) and opt-in (START, "bon ok je reviens")."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents.common import agent, language, reply, seen_lead, spoken, voice
from agents.context import TurnContext
from graph.state import LeadUpdates, State, Update


@agent("opt_out")
def opt_out_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Confirm once; from now on nothing is sent to this member."""
    ctx = runtime.context
    words = voice(state)
    updates = LeadUpdates(opted_out=True, opted_out_at=ctx.services.clock())
    text = words.say("opted_out", language(state, ctx))
    return spoken(Update(replies=[reply(text, purpose="opt_out_confirmation")], lead_updates=updates,
                         intent="opt_out", pending=None), words)


@agent("opt_in")
def opt_in_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Messages resume, and so does the conversation: the next question (compose asks it) or,
    for a qualified member, the way to new profiles."""
    ctx = runtime.context
    words = voice(state)
    updates = LeadUpdates(opted_out=False, opted_out_at=None)
    key = "opted_in_qualified" if seen_lead(state, ctx).qualification_complete else "opted_in"
    return spoken(Update(replies=[reply(words.say(key, language(state, ctx)))], lead_updates=updates,
                         intent="opt_in"), words)
