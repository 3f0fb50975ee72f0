"""The last two steps of every turn: compose the replies, then guard them."""

from __future__ import annotations

import logging

from langgraph.runtime import Runtime
from langgraph.types import Overwrite

from agents.common import config_value, reply, seen_lead, spoken, text_of, understood, voice
from agents.context import TurnContext
from agents.faq import grounded_answer, lookup
from agents.handoff import hand_over
from agents.privacy import digits, guard_text
from agents.qualification import missing_question, question_reply
from agents.understanding import ASKED_CONTEXT
from bot.lead_platform.store import feedback
from bot.store.logs import insert_log
from graph.state import LeadUpdates, Reply, State, Update

log = logging.getLogger(__name__)
NOT_UNDERSTOOD_LIMIT = 2
# Routes after which a member still qualifying is asked the next question in the same turn.
SIDE_ROUTES = ("faq", "smalltalk", "fallback", "profile_info", "contact", "confirm", "opt_in")


def compose_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Hand over after repeated misunderstanding; answer a question asked on the side; resume
    qualification after a side question; say what the last message waits for."""
    ctx = runtime.context
    lead = seen_lead(state, ctx)
    if lead.not_understood_count >= NOT_UNDERSTOOD_LIMIT and lead.status != "attente_humain":
        # The readings of the turns not understood in a row (this one included) were wrong.
        feedback.conversation_outcome(ctx.conn, member_id=ctx.lead.id, event="handoff",
                                      last=lead.not_understood_count)
        return hand_over(state, ctx, reason="not_understood")
    words = voice(state)
    replies: list[Reply] = list(state.get("replies", []))
    result = Update()
    side = _side_answer(state, ctx)
    if side is not None:
        replies.insert(max(0, len(replies) - 1), reply(side[0]))
        result["llm_calls"] = side[1]
    still_qualifying = (
        not lead.qualification_complete and lead.status not in ("non_eligible", "attente_humain")
        and not lead.opted_out and not state.get("pending")
    )
    pending = missing_question(lead) if still_qualifying else None
    if state.get("route") in SIDE_ROUTES and still_qualifying:
        if ctx.lead.conversation_phase == "accueil" and state.get("route") != "qualification":
            agency = config_value(ctx, "agency_name", "Matchbot")
            custom = (config_value(ctx, "welcome_message") or {}).get(lead.language)
            replies.insert(0, reply(custom or words.say("welcome", lead.language, agency=agency)))
        if pending is not None:
            # Not understood while qualifying: the question again says so itself ("Je n'ai pas
            # reconnu cette ville 🙏 ... Nos membres sont surtout à ..."), once.
            missed = state.get("route") == "fallback" and state.get("intent") == "unknown"
            if missed:
                replies = [r for r in replies if r not in state.get("replies", [])]
            replies.append(question_reply(pending, lead.language, ctx.cities, again=missed, words=words,
                                          first=ctx.lead.conversation_phase == "accueil"))
            result.update(Update(asked=pending, lead_updates=LeadUpdates(conversation_phase="qualification")))
    if not replies and state.get("route") not in ("silent", "waiting"):
        # Whatever happened, the member is never left without an answer.
        replies.append(reply(words.say("anything_else", lead.language)))
    if replies != state.get("replies", []):
        result["replies"] = Overwrite(replies)
    if state.get("awaiting", "none") == "none":
        asked = result.get("asked", state.get("asked")) if still_qualifying else None
        if state.get("offered_human"):
            result["awaiting"] = "offered_adviser"
        elif asked is not None and (state.get("route") == "qualification" or "asked" in result):
            result["awaiting"] = ASKED_CONTEXT[asked]
    return spoken(result, words)


def _side_answer(state: State, ctx: TurnContext) -> tuple[str, int] | None:
    """A knowledge-base answer to a question asked alongside something else ("homme 34 ans,
    c'est combien ?"), when the agent that answered did not answer it."""
    u = understood(state)
    # A question about the shown profile is answered by profile_info: the knowledge base's
    # general entry on the same subject ("religion", "photos") would say it twice.
    if state.get("route") in ("faq", "fallback", "handoff", "forget", "opt_out", "silent", "waiting", "clarify",
                              "profile_info"):
        return None
    if "question" not in u.also and not (u.question and u.intent == "answer") and not (
            u.intent == "question" and state.get("route") == "qualification"):
        return None
    hit = lookup(ctx, text_of(state), seen_lead(state, ctx).language)
    if hit is None:
        return None
    return grounded_answer(ctx, hit, text_of(state), seen_lead(state, ctx).language)


def guard_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """No surname, phone number (but the agency's) or e-mail address in any bot message."""
    ctx = runtime.context
    agency = config_value(ctx, "agency_phone")
    allowed = {digits(str(agency))} if agency else set()
    replies = state.get("replies", [])
    public = {r["first_name"] for r in replies if r.get("first_name")}
    # The member's own first name, which they told us, may be said back to them even when a
    # profile's surname is spelt the same ("Kouassi").
    own = (seen_lead(state, ctx).metadata or {}).get("first_name")
    if own:
        public.add(str(own))
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
