"""The last two steps of every turn: compose the replies, then guard them."""

from __future__ import annotations

import logging
from typing import Any

from langgraph.runtime import Runtime

from agents.common import config_value, lead_value
from agents.handoff import hand_over
from agents.messages import say
from agents.privacy import digits, guard_text
from bot.store.logs import insert_log
from agents.qualification import missing_question, question_reply
from graph.state import Reply, State
from agents.context import TurnContext

log = logging.getLogger(__name__)
NOT_UNDERSTOOD_LIMIT = 2


def compose_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Hand over after repeated misunderstanding; resume qualification after a side question."""
    ctx = runtime.context
    if int(lead_value(state, ctx, "not_understood_count") or 0) >= NOT_UNDERSTOOD_LIMIT:
        return hand_over(state, ctx, reason="not_understood")
    route = state.get("route")
    updates = state.get("lead_updates") or {}
    replies: list[Reply] = list(state.get("replies") or [])
    still_qualifying = (
        not lead_value(state, ctx, "qualification_complete")
        and lead_value(state, ctx, "status") != "non_eligible"
        and not lead_value(state, ctx, "opted_out")
        and updates.get("status") != "attente_humain"
    )
    if route in ("faq", "smalltalk", "fallback") and still_qualifying:
        lang = str(lead_value(state, ctx, "language"))
        if ctx.lead.conversation_phase == "accueil":
            agency = config_value(ctx, "agency_name", "Matchbot")
            custom = (config_value(ctx, "welcome_message") or {}).get(lang)
            replies.insert(0, {"text": custom or say("welcome", lang, agency=agency)})
        pending = missing_question(state, ctx)
        if pending:
            replies.append(question_reply(pending, lang, ctx))
            phase = {"conversation_phase": "qualification"}
            return {"replies": replies, "asked": pending, "lead_updates": {**updates, **phase}}
    return {"replies": replies}


def guard_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """No surname, phone number (but the agency's) or e-mail address in any bot message."""
    ctx = runtime.context
    agency = config_value(ctx, "agency_phone")
    allowed = {digits(str(agency))} if agency else set()
    public = {r.get("first_name", "") for r in state.get("replies", []) if r.get("first_name")}
    guarded: list[Reply] = []
    for message in state.get("replies", []):
        result = guard_text(message.get("text", ""), names=ctx.names, allowed_numbers=allowed,
                            public_first_names=public)
        if result.removed:
            log.warning("privacy guard masked %s for lead %s", result.removed, ctx.lead.id)
            insert_log(ctx.conn, source="privacy_guard", level="warning", lead_id=ctx.lead.id,
                       message="masked content in a bot message", context={"removed": result.removed})
        guarded.append({**message, "text": result.text})
    return {"replies": guarded}
