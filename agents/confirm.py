"""Answers to what the bot asked to confirm or choose: erase my data, my gender, whose city,
an introduction, a profile an outreach alert proposed, a wider search, or which of two
things the member meant."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents.common import agent, language, reply, seen_lead, spoken, understood, voice, with_metadata
from agents.contact import request_introduction
from agents.context import TurnContext
from agents.forget import erase_later
from agents.matching import show, suits
from agents.nlu.corpus import INTENTS
from bot.store.conversations import Lead
from graph.state import LeadUpdates, Pending, Reply, State, Understanding, Update
from knowledge.places import fold
from knowledge.profiles import get_profile_by_code


def choice_of(u: Understanding, pending: Pending) -> int | None:
    """Which offered option (0-based) a reply picks: "1", "2", or the words of the button."""
    text = fold(u.text).strip(" .!")
    options = pending.get("options") or []
    if text.isdigit() and 1 <= int(text) <= len(options):
        return int(text) - 1
    for index, label in enumerate(pending.get("labels") or []):
        if text == label or (len(text) > 3 and text in label):
            return index
    return None


def _said_yes(u: Understanding) -> bool:
    return (u.intent == "yes" or u.yes) and not u.no


@agent("confirm")
def confirm_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Act on the member's yes, no or choice."""
    ctx = runtime.context
    pending: Pending = state.get("answering") or Pending()
    u = understood(state)
    lang = language(state, ctx)
    lead = seen_lead(state, ctx)
    words = voice(state)
    kind = pending.get("kind")
    yes = _said_yes(u)
    replies: list[Reply] = []
    result = Update(intent="confirm", answering=None)
    if kind == "delete_data":
        if yes or (u.intent == "delete_data" and not u.no):
            erase_later(ctx)
            replies.append(reply(words.say("delete_done", lang)))
            result["lead_updates"] = LeadUpdates(opted_out=True, opted_out_at=ctx.services.clock())
        else:
            replies.append(reply(words.say("delete_cancelled", lang)))
    elif kind == "gender":
        value = pending.get("value")
        gender = value if yes else (u.gender or ("male" if value == "female" else "female"))
        result["lead_updates"] = LeadUpdates(gender=gender)  # type: ignore[typeddict-item]
        result["route"] = "qualification"
    elif kind == "city_role":
        city = pending.get("value") or ""
        choice = choice_of(u, pending)
        mine = choice == 0 if choice is not None else not u.no
        result["lead_updates"] = LeadUpdates(city=city) if mine else LeadUpdates(
            preferred_city=city, metadata=with_metadata(lead, preferred_city_any=False))
        result["route"] = "qualification"
    elif kind == "interest":
        profile = get_profile_by_code(ctx.conn, pending.get("value") or "")
        if yes and profile is not None and suits(ctx, lead, profile):
            replies.extend(request_introduction(state, ctx, profile))
        else:
            result["route"] = "matching"
    elif kind == "profile_offer":
        # "Oui" to a member outreach alert: that profile's card, if it still suits them.
        profile = get_profile_by_code(ctx.conn, pending.get("value") or "")
        if yes and profile is not None and suits(ctx, lead, profile):
            replies.extend([reply(words.say("view_asked", lang, code=profile.code)),
                            show(profile, ctx, lead, lang, words)])
            result.update(Update(awaiting="profile_shown", lead_updates=LeadUpdates(
                last_profile_shown=profile.code, conversation_phase="matching")))
        elif yes:
            result["route"] = "matching"  # gone meanwhile: the best other one
        else:
            replies.append(reply(words.say("offer_declined", lang)))
    elif kind == "widen":
        if yes:
            result["lead_updates"] = widened(lead, pending.get("value") or "")
            if lead.qualification_complete:
                replies.append(reply(words.say("widened", lang)))
            # Still qualifying (a wanted city we do not cover): qualification completes, then a profile.
            result["route"] = "matching" if lead.qualification_complete else "qualification"
        elif lead.qualification_complete:
            replies.append(reply(words.say("not_widened", lang)))
        else:
            replies.append(reply(words.say("nearby_declined", lang)))  # the city question follows
    elif kind == "intent_choice":
        choice = choice_of(u, pending)
        options = [o for o in pending.get("options", []) if o in INTENTS]
        if choice is not None and choice < len(options):
            result["route"] = "reroute"
            result["understanding"] = Understanding(text=pending.get("text", ""), intent=options[choice],
                                                    confidence=1.0)
    result["replies"] = replies
    return spoken(result, words)


def widened(lead: Lead, value: str) -> LeadUpdates:
    """The lead's criteria with the proposed widening applied ("cities:Douala,Buea", "ages:25-40",
    "near:Douala,Bafoussam" for a wanted city we do not cover)."""
    kind, _, detail = value.partition(":")
    if kind == "ages":
        low, _, high = detail.partition("-")
        return LeadUpdates(preferred_age_min=int(low), preferred_age_max=int(high))
    if kind == "city":
        return LeadUpdates(preferred_city=detail, metadata=with_metadata(lead, preferred_city_any=False))
    if kind == "near":
        # A wanted city we do not cover: the nearest covered one instead, and the next ones too.
        first, *others = [c for c in detail.split(",") if c]
        return LeadUpdates(preferred_city=first,
                           metadata=with_metadata(lead, preferred_city_any=False, also_cities=others))
    if kind == "cities":
        also = [c for c in detail.split(",") if c]
        return LeadUpdates(metadata=with_metadata(lead, also_cities=sorted({*lead.metadata.get("also_cities", []), *also})))
    return LeadUpdates(preferred_city=None, metadata=with_metadata(lead, preferred_city_any=True, also_cities=[]))
