"""The matching agent: one compatible profile at a time, never the same one twice."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, language, lead_value, merged_updates, reply
from agents.messages import say
from graph.state import Reply, State
from agents.context import TurnContext
from knowledge.profiles import MatchCriteria, Profile, match_profiles, record_view, reset_views

GENDER_WORDS = {"male": {"fr": "un homme", "en": "a man"}, "female": {"fr": "une femme", "en": "a woman"}}


def profile_card(profile: Profile, lang: str) -> Reply:
    """The public card of a profile: never its surname or anything admin-only."""
    place = profile.city or ""
    if profile.neighborhood:
        place = f"{place} ({profile.neighborhood})" if place else profile.neighborhood
    description = f"\n« {profile.description_short} »" if profile.description_short else ""
    hobbies = say("card_hobbies", lang, hobbies=profile.hobbies) if profile.hobbies else ""
    text = say(
        "profile_card", lang, code=profile.code, first_name=profile.first_name, age=profile.age,
        place=place, profession=profile.profession or "", description=description, hobbies=hobbies,
    )
    text = f"{text}\n\n{say('card_footer', lang)}"
    buttons = [
        {"id": "next", "title": say("button_next", lang)},
        {"id": f"interested:{profile.code}", "title": say("button_interested", lang)},
    ]
    return reply(text, media=list(profile.photos or [])[:3], buttons=buttons,
                 profile_code=profile.code, first_name=profile.first_name, purpose="reply")


def seeking_query(state: State, ctx: TurnContext, lang: str) -> str:
    """What the member is looking for, as text to embed and rank profiles by."""
    gender = GENDER_WORDS.get(lead_value(state, ctx, "looking_for_gender") or "", {}).get(lang, "")
    low, high = lead_value(state, ctx, "preferred_age_min"), lead_value(state, ctx, "preferred_age_max")
    # With no city required, the member's own city still ranks nearer profiles first.
    city = lead_value(state, ctx, "preferred_city") or lead_value(state, ctx, "city") or ""
    free = lead_value(state, ctx, "seeking_text") or ""
    return " ".join(p for p in (gender, f"{low}-{high}" if low else "", city, free) if p)


def criteria_for(state: State, ctx: TurnContext) -> MatchCriteria:
    """Hard constraints from the lead's answers."""
    return MatchCriteria(
        lead_id=ctx.lead.id,
        wanted_gender=lead_value(state, ctx, "looking_for_gender"),
        age_min=lead_value(state, ctx, "preferred_age_min"),
        age_max=lead_value(state, ctx, "preferred_age_max"),
        lead_age=lead_value(state, ctx, "age"),
        city=lead_value(state, ctx, "preferred_city"),
    )


@agent("matching")
def matching_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Show the best compatible profile the member has not seen yet."""
    ctx = runtime.context
    lang = language(state, ctx)
    replies: list[Reply] = list(state.get("replies") or [])
    u = state.get("understanding") or {}
    vector = ctx.services.embedder.embed_query(seeking_query(state, ctx, lang))
    criteria = criteria_for(state, ctx)
    found = match_profiles(ctx.conn, criteria=criteria, query_vector=vector, limit=1)
    if not found and u.get("see_again") and reset_views(ctx.conn, lead_id=ctx.lead.id):
        # Seen everything and asked to see them again: start the list over.
        found = match_profiles(ctx.conn, criteria=criteria, query_vector=vector, limit=1)
    if not found:
        seen_before = lead_value(state, ctx, "last_profile_shown") is not None
        replies.append(reply(say("no_more_match" if seen_before else "no_match", lang)))
        return {"replies": replies, "intent": "matching", "offered_human": True}
    profile = found[0]
    record_view(ctx.conn, lead_id=ctx.lead.id, profile_id=profile.id)
    if u.get("wants_next") and not replies:
        replies.append(reply(say("next_intro", lang)))
    replies.append(profile_card(profile, lang))
    updates = merged_updates(state, last_profile_shown=profile.code, conversation_phase="matching",
                             not_understood_count=0)
    return {"replies": replies, "lead_updates": updates, "intent": "matching", "offered_human": False}
