"""The matching agent: one compatible profile at a time, never the same one twice."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents.common import agent, language, reply, seen_lead
from agents.context import TurnContext
from agents.messages import say
from bot.store.conversations import Lead
from graph.state import Button, LeadUpdates, Reply, State, Understanding, Update
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
        Button(id="next", title=say("button_next", lang)),
        Button(id=f"interested:{profile.code}", title=say("button_interested", lang)),
    ]
    return reply(text, media=list(profile.photos or [])[:3], buttons=buttons,
                 profile_code=profile.code, first_name=profile.first_name, purpose="reply")


def seeking_query(lead: Lead, lang: str) -> str:
    """What the member is looking for, as text to embed and rank profiles by."""
    gender = GENDER_WORDS.get(lead.looking_for_gender or "", {}).get(lang, "")
    low, high = lead.preferred_age_min, lead.preferred_age_max
    # With no city required, the member's own city still ranks nearer profiles first.
    city = lead.preferred_city or lead.city or ""
    return " ".join(p for p in (gender, f"{low}-{high}" if low else "", city, lead.seeking_text or "") if p)


def criteria_for(lead: Lead) -> MatchCriteria:
    """Hard constraints from the lead's answers."""
    return MatchCriteria(
        lead_id=lead.id,
        wanted_gender=lead.looking_for_gender,
        age_min=lead.preferred_age_min,
        age_max=lead.preferred_age_max,
        lead_age=lead.age,
        city=lead.preferred_city,
    )


@agent("matching")
def matching_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Show the best compatible profile the member has not seen yet."""
    ctx = runtime.context
    lang = language(state, ctx)
    lead = seen_lead(state, ctx)
    u = state.get("understanding", Understanding())
    vector = ctx.services.embedder.embed_query(seeking_query(lead, lang))
    criteria = criteria_for(lead)
    found = match_profiles(ctx.conn, criteria=criteria, query_vector=vector, limit=1)
    if not found and u.see_again and reset_views(ctx.conn, lead_id=lead.id):
        # Seen everything and asked to see them again: start the list over.
        found = match_profiles(ctx.conn, criteria=criteria, query_vector=vector, limit=1)
    if not found:
        key = "no_more_match" if lead.last_profile_shown is not None else "no_match"
        return Update(replies=[reply(say(key, lang))], intent="matching", offered_human=True)
    profile = found[0]
    record_view(ctx.conn, lead_id=lead.id, profile_id=profile.id)
    replies: list[Reply] = []
    if u.wants_next and not state.get("replies"):
        replies.append(reply(say("next_intro", lang)))
    replies.append(profile_card(profile, lang))
    updates = LeadUpdates(last_profile_shown=profile.code, conversation_phase="matching", not_understood_count=0)
    return Update(replies=replies, lead_updates=updates, intent="matching", offered_human=False)
