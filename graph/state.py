"""The conversation graph's state, declared once, and the per-turn context.

Fields marked *turn* are reset by every turn's input; the others persist in the
lead's checkpoint thread from one turn to the next.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

Route = Literal[
    "opt_out", "opt_in", "handoff", "contact", "matching", "qualification", "faq",
    "smalltalk", "fallback",
]


class Reply(TypedDict, total=False):
    """One outbound WhatsApp message composed by an agent."""

    text: str
    media: list[str]
    buttons: list[dict[str, str]]
    profile_code: str | None
    first_name: str  # of the profile on a card (public; the guard keeps it)
    purpose: str


class AgentRun(TypedDict):
    """What one agent did, for agent_logs."""

    agent: str
    input: str
    output: str
    duration_ms: int
    success: bool
    error: str | None


class InputState(TypedDict):
    """What a turn starts from."""

    inbound: list[str]  # *turn* texts of the messages answered by this turn, oldest first


class State(InputState, total=False):
    """The whole state."""

    understanding: dict[str, Any]  # *turn* what the offline NLU (and maybe the LLM) understood
    route: Route  # *turn* which agent answers
    intent: str  # *turn* label stored on the conversation rows
    replies: list[Reply]  # *turn* outbound messages, in order
    lead_updates: dict[str, Any]  # *turn* columns to write on the lead at the end of the turn
    agent_runs: list[AgentRun]  # *turn* for agent_logs
    llm_calls: int  # *turn* LLM calls made by this turn
    asked: str | None  # the qualification question last asked (persisted)
    offered_human: bool  # the last reply offered an adviser (a "yes" then means handoff)


TURN_RESET: dict[str, Any] = {
    "understanding": {}, "route": "fallback", "intent": "", "replies": [], "lead_updates": {},
    "agent_runs": [], "llm_calls": 0,
}
