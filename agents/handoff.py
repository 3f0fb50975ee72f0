"""The handoff agent: a person from the agency takes the conversation over."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, language, merged_updates, reply, text_of
from agents.messages import say
from bot.channels.alerts import enqueue_admin_alert
from graph.state import State
from agents.context import TurnContext

REASON_MESSAGES = {"request": "handoff", "complaint": "handoff_complaint", "not_understood": "handoff_not_understood"}


def hand_over(state: State, ctx: TurnContext, *, reason: str) -> dict[str, Any]:
    """State changes of a handoff: status, reason, the member told, the admins alerted."""
    lang = language(state, ctx)
    updates = merged_updates(
        state, status="attente_humain", handoff_reason=reason, conversation_phase="humain",
        not_understood_count=0,
    )
    excerpt = text_of(state)[:200]
    enqueue_admin_alert(
        ctx.conn, lead_id=ctx.lead.id,
        text=f"Conversation à reprendre (lead {ctx.lead.id}, motif : {reason}) : « {excerpt} »",
    )
    return {
        "replies": [reply(say(REASON_MESSAGES.get(reason, "handoff"), lang))],
        "lead_updates": updates, "intent": "handoff", "offered_human": False,
    }


@agent("handoff")
def handoff_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Hand over on request, complaint or report."""
    u = state.get("understanding") or {}
    reason = "complaint" if u.get("complaint") else "request"
    return hand_over(state, runtime.context, reason=reason)
