"""The last two steps of every turn: compose the replies, then guard them."""

from __future__ import annotations

import logging

from langgraph.runtime import Runtime
from langgraph.types import Overwrite

from agents.common import config_value, seen_lead
from agents.context import TurnContext
from agents.handoff import hand_over
from agents.messages import say
from agents.privacy import digits, guard_text
from agents.qualification import missing_question, question_reply
from bot.store.logs import insert_log
from graph.state import LeadUpdates, Reply, State, Update

log = logging.getLogger(__name__)
NOT_UNDERSTOOD_LIMIT = 2


def compose_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Hand over after repeated misunderstanding; resume qualification after a side question."""
    ctx = runtime.context
    lead = seen_lead(state, ctx)
    if lead.not_understood_count >= NOT_UNDERSTOOD_LIMIT:
        return hand_over(state, ctx, reason="not_understood")
    still_qualifying = (
        not lead.qualification_complete and lead.status not in ("non_eligible", "attente_humain")
        and not lead.opted_out
    )
    if state.get("route") not in ("faq", "smalltalk", "fallback") or not still_qualifying:
        return Update()
    pending = missing_question(lead)
    if ctx.lead.conversation_phase != "accueil" and pending is None:
        return Update()
    replies: list[Reply] = list(state.get("replies", []))
    if ctx.lead.conversation_phase == "accueil":
        agency = config_value(ctx, "agency_name", "Matchbot")
        custom = (config_value(ctx, "welcome_message") or {}).get(lead.language)
        replies.insert(0, {"text": custom or say("welcome", lead.language, agency=agency)})
    if pending is None:
        return Update(replies=Overwrite(replies))
    replies.append(question_reply(pending, lead.language, ctx.cities))
    return Update(replies=Overwrite(replies), asked=pending,
                  lead_updates=LeadUpdates(conversation_phase="qualification"))


def guard_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """No surname, phone number (but the agency's) or e-mail address in any bot message."""
    ctx = runtime.context
    agency = config_value(ctx, "agency_phone")
    allowed = {digits(str(agency))} if agency else set()
    replies = state.get("replies", [])
    public = {r["first_name"] for r in replies if r.get("first_name")}
    guarded: list[Reply] = []
    for message in replies:
        result = guard_text(message.get("text", ""), names=ctx.names, allowed_numbers=allowed,
                            public_first_names=public)
        if result.removed:
            log.warning("privacy guard masked %s for lead %s", result.removed, ctx.lead.id)
            insert_log(ctx.conn, source="privacy_guard", level="warning", lead_id=ctx.lead.id,
                       message="masked content in a bot message", context={"removed": result.removed})
        guarded.append({**message, "text": result.text})
    return Update(replies=Overwrite(guarded))
