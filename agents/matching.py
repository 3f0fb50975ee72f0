"""The matching agent: one compatible profile at a time, never the same one twice.

It also shows a profile again on request ("revoir le premier", "voir MAT-2025-017"),
tightens the search when a member says why they turn a profile down ("trop vieux"),
and, when nothing new is left, proposes what would widen the search.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from langgraph.runtime import Runtime

from agents.common import agent, language, reply, seen_lead, spoken, understood, voice, with_metadata
from agents.context import TurnContext
from agents.messages import Voice
from agents.translation import Translator
from bot.core.connections import Conn
from bot.store.conversations import Lead
from graph.state import Button, LeadUpdates, Pending, Reply, State, Understanding, Update, merge_updates
from knowledge.places import fold, nearest
from knowledge.profiles import (
    MatchCriteria,
    Profile,
    get_profile_by_code,
    is_compatible,
    match_profiles,
    record_view,
    reset_views,
    shown_profiles,
)

MAX_AGE = 99  # the oldest age a search asks for (a range with no maximum)

GENDER_WORDS = {"male": {"fr": "un homme", "en": "a man"}, "female": {"fr": "une femme", "en": "a woman"}}
WIDEN_YEARS = 5  # how far a proposed widening moves each end of the age range
NEAR_CITIES = 2  # covered cities, besides their own, a member open to any city is shown first


def card_translator(ctx: TurnContext) -> Translator:
    """The translation service as the profile cards use it (recorded under their name)."""
    return Translator(ctx.services.chat_model, component="profile_card", prompts=ctx.services.prompts)


def card_values(conn: Conn, profile: Profile, lang: str, translator: Translator) -> dict[str, str]:
    """The public fields of a card in the member's language (catalogue values translated)."""
    hobbies = [h.strip() for h in (profile.hobbies or "").split(",") if h.strip()]
    texts = [t for t in (profile.profession, profile.religion, profile.description_short, *hobbies) if t]
    done = (translator.translate_many(conn, texts, source="fr", target=lang, context_type="profile_card")
            if lang != "fr" else {})

    def shown(text: str | None) -> str:
        return done[text].text if text and text in done else (text or "")

    return {"profession": shown(profile.profession), "religion": shown(profile.religion),
            "description": shown(profile.description_short),
            "hobbies": as_list([shown(h) for h in hobbies])}


def lower_first(text: str) -> str:
    """"Painting" -> "painting" inside a sentence; "IT engineer" stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def as_list(items: list[str]) -> str:
    """"Yoga, Painting, Photography" -> "Yoga, painting, photography": one sentence, as the French
    catalogue writes it."""
    return ", ".join(item if n == 0 else lower_first(item) for n, item in enumerate(items))


def place_of(profile: Profile) -> str:
    place = profile.city or ""
    if profile.neighborhood:
        place = f"{place} ({profile.neighborhood})" if place else profile.neighborhood
    return place


def profile_card(profile: Profile, lang: str, *, values: dict[str, str] | None = None,
                 words: Voice | None = None) -> Reply:
    """The public card of a profile: never its surname or anything admin-only."""
    words = words or Voice()
    values = values or {"profession": profile.profession or "", "description": profile.description_short or "",
                        "hobbies": profile.hobbies or ""}
    description = f"\n« {values['description']} »" if values["description"] else ""
    hobbies = words.say("card_hobbies", lang, hobbies=values["hobbies"]) if values["hobbies"] else ""
    text = words.say("profile_card", lang, code=profile.code, first_name=profile.first_name, age=profile.age,
                     place=place_of(profile), profession=values["profession"], description=description,
                     hobbies=hobbies)
    text = f"{text}\n\n{words.say('card_footer', lang)}"
    buttons = [
        Button(id="next", title=words.say("button_next", lang)),
        Button(id=f"interested:{profile.code}", title=words.say("button_interested", lang)),
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
    """Hard constraints from the lead's answers and what they turned profiles down for."""
    meta = lead.metadata or {}
    return MatchCriteria(
        lead_id=lead.id,
        wanted_gender=lead.looking_for_gender,
        age_min=lead.preferred_age_min,
        age_max=lead.preferred_age_max,
        lead_age=lead.age,
        city=lead.preferred_city,
        also_cities=tuple(meta.get("also_cities") or ()),
        exclude_religions=tuple(meta.get("exclude_religions") or ()),
        without_children=bool(meta.get("without_children")),
    )


def nearest_first(ctx: TurnContext, lead: Lead, criteria: MatchCriteria, vector: list[float]) -> list[Profile]:
    """The next profile. With no city required, one in the member's own city first, then in the
    nearest covered ones, then anywhere: a member of Yaoundé open to any city meets Yaoundé
    before Québec, as a matchmaker would introduce them."""
    if not criteria.city and lead.city:
        near = tuple(name for name, _ in nearest(lead.city, ctx.cities, count=NEAR_CITIES))
        for city, also in ((lead.city, ()), (near[0], near[1:]) if near else (None, ())):
            if city and (found := match_profiles(ctx.conn, criteria=dataclasses.replace(
                    criteria, city=city, also_cities=also), query_vector=vector, limit=1)):
                return found
    return match_profiles(ctx.conn, criteria=criteria, query_vector=vector, limit=1)


def show(profile: Profile, ctx: TurnContext, lead: Lead, lang: str, words: Voice) -> Reply:
    """A profile's card for this member (translated for English members), remembered as seen."""
    record_view(ctx.conn, lead_id=lead.id, profile_id=profile.id)
    values = card_values(ctx.conn, profile, lang, card_translator(ctx)) if lang != "fr" else None
    return profile_card(profile, lang, values=values, words=words)


def tightened(lead: Lead, u: Understanding, shown: Profile | None, lang: str,
              words: Voice, *, religion: str | None = None) -> tuple[LeadUpdates, Reply | None]:
    """The search made narrower by the reason a profile was turned down, and what to say
    (`religion`: the shown profile's, in the member's language)."""
    if u.age_range:
        # "il est trop jeune. Un homme de 40 ans minimum svp": the one wished instead says how
        return wished_instead(lead, u, lang, words)
    reason = u.decline_reason
    meta = dict(lead.metadata or {})
    if shown is None or reason is None:
        return LeadUpdates(), None
    if reason == "too_old" and not u.age_range:
        age = min(shown.age - 1, lead.preferred_age_max or shown.age - 1)
        if lead.preferred_age_min is None or age >= lead.preferred_age_min:
            return LeadUpdates(preferred_age_max=age), reply(words.say("decline_too_old", lang, age=age))
    if reason == "too_young" and not u.age_range:
        age = max(shown.age + 1, lead.preferred_age_min or shown.age + 1)
        if lead.preferred_age_max is None or age <= lead.preferred_age_max:
            return LeadUpdates(preferred_age_min=age), reply(words.say("decline_too_young", lang, age=age))
    if reason == "too_far" and not u.preferred_city:
        city = lead.city or lead.preferred_city
        if city:
            meta.update(preferred_city_any=False, also_cities=[])
            return (LeadUpdates(preferred_city=city, metadata=meta),
                    reply(words.say("decline_too_far", lang, city=city)))
    if reason == "religion" and shown.religion:
        meta["exclude_religions"] = sorted({*meta.get("exclude_religions", []), shown.religion})
        key = "decline_no_religion" if fold(shown.religion) == "sans religion" else "decline_religion"
        return (LeadUpdates(metadata=meta), reply(words.say(key, lang, religion=(religion or shown.religion).lower())))
    if reason == "children" and shown.children:
        meta["without_children"] = True
        return LeadUpdates(metadata=meta), reply(words.say("decline_children", lang))
    return LeadUpdates(), reply(words.say("decline_generic", lang))


def wished_instead(lead: Lead, u: Understanding, lang: str, words: Voice) -> tuple[LeadUpdates, Reply]:
    """The ages (and gender) a member asks for while turning a card down, the bounds they do
    not name kept, or opened when they contradict the new one."""
    assert u.age_range is not None
    low, high = u.age_range
    new_low = low if low is not None else lead.preferred_age_min
    new_high = high if high is not None else lead.preferred_age_max
    if high is None and new_high is not None and low is not None and new_high < low:
        new_high = MAX_AGE  # "40 minimum" beyond a maximum of 35: the maximum goes
    if low is None and new_low is not None and high is not None and new_low > high:
        new_low = None  # "30 max" under a minimum of 35: the minimum goes
    updates = LeadUpdates(preferred_age_min=new_low, preferred_age_max=new_high)
    if u.looking_for_gender and u.looking_for_gender != lead.looking_for_gender:
        updates["looking_for_gender"] = u.looking_for_gender
    if low is not None and high is not None:
        note = words.say("decline_range", lang, low=low, high=high)
    elif low is not None:
        note = words.say("decline_too_young", lang, age=low)
    else:
        note = words.say("decline_too_old", lang, age=high)
    return updates, reply(note)


def suits(ctx: TurnContext, lead: Lead, profile: Profile) -> bool:
    """Whether this member may see or ask for this profile: they are qualified, and it passes
    the hard constraints both ways (the filter matching itself uses), or they were shown it and
    it is still active: a card the member has read stays theirs to ask for after they narrow
    their search ("trop vieux", then "revoir le premier", then "intéressée")."""
    if not lead.qualification_complete:
        return False
    if is_compatible(ctx.conn, criteria=criteria_for(lead), profile_id=profile.id):
        return True
    return profile.status == "active" and any(p.id == profile.id for p in shown_profiles(ctx.conn, lead_id=lead.id))


def referenced(ctx: TurnContext, lead: Lead, u: Understanding) -> Profile | None:
    """The profile a message points at: by code, by rank among those shown, else the last one.

    A code of a profile that does not suit the member is None, as an unknown code is: the
    answer must not tell a member which codes exist."""
    if u.profile_codes:
        profile = get_profile_by_code(ctx.conn, u.profile_codes[0])
        return profile if profile is not None and suits(ctx, lead, profile) else None
    if u.profile_ordinal is not None:
        seen = shown_profiles(ctx.conn, lead_id=lead.id)
        if u.profile_ordinal == -1:
            # "celle d'avant": the one before the last shown (the last one is on screen).
            return seen[-2] if len(seen) >= 2 else (seen[-1] if seen else None)
        return seen[u.profile_ordinal - 1] if 0 < u.profile_ordinal <= len(seen) else None
    return get_profile_by_code(ctx.conn, lead.last_profile_shown) if lead.last_profile_shown else None


def spoken_list(names: Sequence[str], conjunction: str) -> str:
    """'Douala', 'Douala et Paris', 'Douala, Lyon et Paris'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def proposals(lead: Lead, ctx: TurnContext, lang: str) -> list[tuple[str, dict[str, object], str]]:
    """What would find new profiles, in the order it is proposed: (message key, its values,
    the widening as `confirm.widened` applies it)."""
    found: list[tuple[str, dict[str, object], str]] = []
    city = lead.preferred_city
    if city:
        also = [name for name in (lead.metadata or {}).get("also_cities") or () if name != city]
        near = [name for name, _ in nearest(city, ctx.cities, count=2 + len(also)) if name not in also][:2]
        wanted = spoken_list([city, *also], "and" if lang == "en" else "et")  # every city asked for, not the first
        if near:
            names = spoken_list(near, "or" if lang == "en" else "ou")
            found.append(("widen_city", {"city": wanted, "nearby": names}, "cities:" + ",".join(near)))
        found.append(("widen_anywhere", {"city": wanted}, "anywhere"))
    low, high = lead.preferred_age_min, lead.preferred_age_max
    if low is not None and high is not None and (low > 18 or high < 99):
        wider_low, wider_high = max(18, low - WIDEN_YEARS), min(99, high + WIDEN_YEARS)
        found.append(("widen_age", {"low": low, "high": high, "wider_low": wider_low, "wider_high": wider_high},
                      f"ages:{wider_low}-{wider_high}"))
    return found


def widening(lead: Lead, ctx: TurnContext, lang: str, words: Voice) -> tuple[Reply, Pending, LeadUpdates] | None:
    """The next proposal that would find new profiles and was not made yet since the member's
    criteria last changed: nearby cities, every city, then a wider age range. None when all
    were made: each "suivant" gets something new to consider, never the same sentence again."""
    none = "" if lead.last_profile_shown else "_none"  # nothing shown yet, or nothing new
    made = list((lead.metadata or {}).get("widen_offered") or [])
    for key, values, value in proposals(lead, ctx, lang):
        if value not in made:
            remembered = LeadUpdates(metadata=with_metadata(lead, widen_offered=[*made, value]))
            return reply(words.say(f"{key}{none}", lang, **values)), Pending(kind="widen", value=value), remembered
    return None


@agent("matching")
def matching_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Show the best compatible profile the member has not seen yet (or the one asked for)."""
    ctx = runtime.context
    lang = language(state, ctx)
    lead = seen_lead(state, ctx)
    u = understood(state)
    words = voice(state)
    replies: list[Reply] = []
    updates = LeadUpdates()
    if u.intent == "view_profile" and not (u.see_again and not u.profile_codes and u.profile_ordinal is None):
        profile = referenced(ctx, lead, u) if (u.profile_codes or u.profile_ordinal is not None) else None
        if profile is None:
            key = "view_unknown" if u.profile_codes or u.profile_ordinal is not None else "view_which"
            return spoken(Update(replies=[reply(words.say(key, lang))], intent="matching"), words)
        seen_before = any(p.id == profile.id for p in shown_profiles(ctx.conn, lead_id=lead.id))
        intro = reply(words.say("view_again" if seen_before else "view_asked", lang, code=profile.code))
        replies = [intro, show(profile, ctx, lead, lang, words)]
        return spoken(Update(replies=replies, intent="matching", awaiting="profile_shown",
                             lead_updates=LeadUpdates(last_profile_shown=profile.code)), words)
    if u.intent == "decline_reason":
        shown = referenced(ctx, lead, u)
        religion = None
        if shown is not None and shown.religion and lang != "fr":
            religion = card_values(ctx.conn, shown, lang, card_translator(ctx))["religion"]
        updates, note = tightened(lead, u, shown, lang, words, religion=religion)
        lead = seen_lead(state, ctx, **updates)
        if note:
            replies.append(note)
    vector = ctx.embed(seeking_query(lead, lang))
    criteria = criteria_for(lead)
    found = nearest_first(ctx, lead, criteria, vector)
    if not found and u.see_again and reset_views(ctx.conn, lead_id=lead.id):
        # Seen everything and asked to see them again: start the list over.
        found = nearest_first(ctx, lead, criteria, vector)
    if not found:
        proposal = widening(lead, ctx, lang, words)
        if proposal is not None:
            text, pending, remembered = proposal
            return spoken(Update(replies=[*replies, text], intent="matching",
                                 lead_updates=merge_updates(updates, remembered),
                                 pending=pending, awaiting="asked_confirmation"), words)
        key = "exhausted" if lead.last_profile_shown else "no_match"
        return spoken(Update(replies=[*replies, reply(words.say(key, lang))], intent="matching",
                             lead_updates=updates, offered_human=key == "no_match"), words)
    profile = found[0]
    if (u.intent == "next_profile" or u.wants_next) and not state.get("replies") and not replies:
        replies.append(reply(words.say("next_intro", lang)))
    replies.append(show(profile, ctx, lead, lang, words))
    updates.update(LeadUpdates(last_profile_shown=profile.code, conversation_phase="matching", not_understood_count=0))
    return spoken(Update(replies=replies, lead_updates=updates, intent="matching", offered_human=False,
                         awaiting="profile_shown"), words)
