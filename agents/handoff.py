"""The handoff agent: a person from the agency takes the conversation over."""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import Overwrite

from agents.common import agent, language, reply, text_of
from agents.context import TurnContext
from agents.messages import say
from bot.channels.alerts import enqueue_admin_alert
from graph.state import LeadUpdates, State, Understanding, Update

REASON_MESSAGES = {"request": "handoff", "complaint": "handoff_complaint", "not_understood": "handoff_not_understood"}


def hand_over(state: State, ctx: TurnContext, *, reason: str) -> Update:
    """A handoff: status and reason, the admins alerted, and the member told (that message alone)."""
    updates = LeadUpdates(status="attente_humain", handoff_reason=reason, conversation_phase="humain",
                          not_understood_count=0)
    excerpt = text_of(state)[:200]
    enqueue_admin_alert(
        ctx.conn, lead_id=ctx.lead.id,
        text=f"Conversation à reprendre (lead {ctx.lead.id}, motif : {reason}) : « {excerpt} »",
    )
    told = reply(say(REASON_MESSAGES.get(reason, "handoff"), language(state, ctx)))
    return Update(replies=Overwrite([told]), lead_updates=updates, intent="handoff", offered_human=False)


@agent("handoff")
def handoff_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Hand over on request, complaint or report."""
    u = state.get("understanding", Understanding())
    return hand_over(state, runtime.context, reason="complaint" if u.complaint else "request")
