"""The handoff agent: a person from the agency takes the conversation over.

The member is told when someone will answer (advisers' hours). Until an adviser takes
the conversation, the bot still answers questions and STOP, and says, once in a while,
that the message was passed on; after `handback_minutes` without an adviser the
conversation comes back to the bot (graph/handback.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from langgraph.runtime import Runtime
from langgraph.types import Overwrite

from agents.common import agent, config_value, language, reply, seen_lead, spoken, text_of, understood, voice
from agents.context import TurnContext
from agents.hours import Hours
from bot.channels.alerts import enqueue_admin_alert
from bot.store.conversations import Lead
from graph.state import Intent, LeadUpdates, Reply, Route, State, Update

REASON_NOTES = {"complaint": "handoff_complaint", "not_understood": "handoff_not_understood"}
# A member who keeps writing while waiting hears "passed on" at most this often.
WAITING_NOTICE_EVERY = timedelta(minutes=10)
PING_NOTICE_EVERY = timedelta(minutes=3)
PINGS: frozenset[Intent] = frozenset({"greeting", "human", "is_bot", "complaint"})


def hand_over(state: State, ctx: TurnContext, *, reason: str) -> Update:
    """A handoff: status and reason, the admins alerted, and the member told when (that alone)."""
    lang = language(state, ctx)
    words = voice(state)
    now = ctx.services.clock()
    hours = Hours.from_config(config_value(ctx, "adviser_hours"))
    updates = LeadUpdates(status="attente_humain", handoff_reason=reason, conversation_phase="humain",
                          human_since=now, not_understood_count=0)
    enqueue_admin_alert(
        ctx.conn, lead_id=ctx.lead.id,
        text=f"Conversation à reprendre (lead {ctx.lead.id}, motif : {reason}) : « {text_of(state)[:200]} »",
    )
    told: list[Reply] = []
    if reason in REASON_NOTES:
        told.append(reply(words.say(REASON_NOTES[reason], lang)))
    if hours.is_open(now):
        told.append(reply(words.say("handoff_open", lang)))
    else:
        told.append(reply(words.say("handoff_closed", lang, hours=hours.describe(lang),
                                    next_opening=hours.when(now, lang))))
    return spoken(Update(replies=Overwrite(told), lead_updates=updates, intent="handoff", offered_human=False,
                         asked=None), words)


@agent("handoff")
def handoff_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Hand over on request or complaint."""
    u = understood(state)
    return hand_over(state, runtime.context, reason="complaint" if u.intent == "complaint" or u.complaint else "request")


@agent("waiting")
def waiting_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """A message while the member waits for an adviser: passed on, and when they will answer."""
    ctx = runtime.context
    lead = seen_lead(state, ctx)
    now = ctx.services.clock()
    last = (lead.metadata or {}).get("waiting_notice_at")
    # One notice per WAITING_NOTICE_EVERY, not one per message; a member who calls out
    # ("allo ?", "vous êtes là ??") hears back sooner, but not at every word of an impatient burst.
    pinged = understood(state).intent in PINGS
    since = now - datetime.fromisoformat(last) if last else None
    if since is not None and since < (PING_NOTICE_EVERY if pinged else WAITING_NOTICE_EVERY):
        return Update(intent="human")
    lang = language(state, ctx)
    words = voice(state)
    hours = Hours.from_config(config_value(ctx, "adviser_hours"))
    text = words.say("waiting_ping" if pinged and since is not None else "waiting_human", lang, when=hours.when(now, lang))
    metadata = {**(lead.metadata or {}), "waiting_notice_at": now.isoformat()}
    return spoken(Update(replies=[reply(text)], intent="human", lead_updates=LeadUpdates(metadata=metadata)), words)


def taken_back(state: State, ctx: TurnContext, lead: Lead, route: Route) -> Update:
    """The bot had handed over because it did not understand; the member's next message it
    understands gives the conversation back to it: the member is told, and so are the admins."""
    enqueue_admin_alert(ctx.conn, lead_id=lead.id,
                        text=f"Conversation reprise par le bot : le membre a répondu avant qu'un conseiller ne la prenne (lead {lead.id})")
    words = voice(state)
    return spoken(Update(
        route=route, intent=route,
        replies=[reply(words.say("taken_back", language(state, ctx)))],
        lead_updates=LeadUpdates(
            status="prospect_qualifie" if lead.qualification_complete else "nouveau_lead",
            conversation_phase="matching" if lead.qualification_complete else "qualification",
            human_since=None, handoff_reason=None, not_understood_count=0),
    ), words)
