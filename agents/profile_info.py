"""Questions about a shown profile ("il est chrétien ?", "elle a des enfants ?"), answered from
the catalogue fields members may see. Never the surname, the phone or an admin field."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents.common import agent, language, reply, seen_lead, spoken, understood, voice
from agents.context import TurnContext
from agents.matching import card_values, place_of, referenced
from agents.messages import Voice
from agents.translation import Translator
from graph.state import ProfileField, Reply, State, Update
from knowledge.profiles import Profile

PRIVATE_FIELDS: frozenset[ProfileField] = frozenset({"surname", "phone"})


def answer_about(profile: Profile, field: ProfileField | None, lang: str, values: dict[str, str],
                 words: Voice) -> Reply:
    """The answer to one question about a profile, from its public fields only."""
    name = profile.first_name
    if field in PRIVATE_FIELDS:
        return reply(words.say("profile_private", lang))
    if field == "religion":
        key = "profile_religion" if profile.religion else "profile_no_religion"
        return reply(words.say(key, lang, first_name=name, religion=(values["religion"] or "").lower()))
    if field == "children":
        if profile.children is None:
            return reply(words.say("profile_unknown", lang, first_name=name))
        if profile.children == 0:
            return reply(words.say("profile_no_children", lang, first_name=name))
        plural = "s" if profile.children > 1 else ""
        return reply(words.say("profile_children", lang, first_name=name, children=profile.children,
                               plural=plural, plural_en="ren" if plural else ""))
    if field == "profession" and values["profession"]:
        return reply(words.say("profile_profession", lang, first_name=name, profession=values["profession"].lower()))
    if field == "hobbies" and values["hobbies"]:
        return reply(words.say("profile_hobbies", lang, first_name=name, hobbies=values["hobbies"].lower()))
    if field in ("neighbourhood", "city") and profile.city:
        return reply(words.say("profile_place", lang, first_name=name, place=place_of(profile)))
    if field == "age":
        return reply(words.say("profile_age", lang, first_name=name, age=profile.age))
    if field == "marital_status":
        return reply(words.say("profile_status", lang, first_name=name))
    if field == "photos":
        if profile.photos:
            return reply(words.say("profile_photos", lang, first_name=name), media=list(profile.photos)[:3],
                         first_name=name)
        return reply(words.say("profile_no_photos", lang, first_name=name))
    return reply(words.say("profile_unknown", lang, first_name=name))


@agent("profile_info")
def profile_info_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Answer a member's question about the profile on screen (or the one they name)."""
    ctx = runtime.context
    lang = language(state, ctx)
    lead = seen_lead(state, ctx)
    u = understood(state)
    words = voice(state)
    profile = referenced(ctx, lead, u)
    if profile is None:
        return spoken(Update(replies=[reply(words.say("profile_which", lang))], intent="profile_info"), words)
    values = card_values(ctx.conn, profile, lang, Translator(ctx.services.chat_model))
    answer = answer_about(profile, u.profile_field, lang, values, words)
    answer["first_name"] = profile.first_name  # the guard keeps the public first name
    return spoken(Update(replies=[answer], intent="profile_info", awaiting="profile_shown"), words)
