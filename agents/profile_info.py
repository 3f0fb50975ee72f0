"""Questions about a shown profile ("il est chrétien ?", "elle a des enfants ?"), answered from
the catalogue fields members may see. Never the surname, the phone or an admin field."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents.common import agent, language, reply, seen_lead, spoken, text_of, understood, voice
from agents.context import TurnContext
from agents.matching import card_translator, card_values, lower_first, place_of, referenced
from agents.messages import Voice
from graph.state import ProfileField, Reply, State, Update
from knowledge.places import fold
from knowledge.profiles import Profile

PRIVATE_FIELDS: frozenset[ProfileField] = frozenset({"surname", "phone"})
CHRISTIAN = ("catholique", "protestante", "evangelique")
# Words a member asks about a faith with ("il est chrétien ?") -> the catalogue's religions (folded).
FAITH_WORDS: dict[str, tuple[str, ...]] = {
    "chret": CHRISTIAN, "christ": CHRISTIAN, "catho": ("catholique",), "protestant": ("protestante",),
    "evangel": ("evangelique",), "musulm": ("musulmane",), "muslim": ("musulmane",), "islam": ("musulmane",),
}
NO_RELIGION = "sans religion"


def asked_faith(question: str) -> tuple[str, ...] | None:
    """The religions a yes/no question names ("elle est musulmane ?"), None when it names none."""
    folded = fold(question)
    return next((faiths for stem, faiths in FAITH_WORDS.items() if stem in folded), None)


def religion_answer(profile: Profile, question: str, lang: str, shown: str, words: Voice) -> str:
    """"Oui, Fatou est de religion catholique." / "Non, Afi se dit sans religion." """
    name = profile.first_name
    if not profile.religion:
        return words.say("profile_no_religion", lang, first_name=name)
    faith = fold(profile.religion)
    if faith == NO_RELIGION:
        text = words.say("profile_religion_none", lang, first_name=name)
    else:
        text = words.say("profile_religion", lang, first_name=name, religion=shown.lower() if lang == "fr" else shown)
    asked = asked_faith(question)
    if asked is None:
        return text
    return f"{words.say('answer_yes' if faith in asked else 'answer_no', lang)} {text}"


def answer_about(profile: Profile, field: ProfileField | None, lang: str, values: dict[str, str],
                 words: Voice, *, question: str = "") -> Reply:
    """The answer to one question about a profile, from its public fields only."""
    name = profile.first_name
    if field in PRIVATE_FIELDS:
        return reply(words.say("profile_private", lang))
    if field == "religion":
        return reply(religion_answer(profile, question, lang, values["religion"], words))
    if field == "children":
        if profile.children is None:
            return reply(words.say("profile_unknown", lang, first_name=name))
        if profile.children == 0:
            return reply(words.say("profile_no_children", lang, first_name=name))
        plural = "s" if profile.children > 1 else ""
        return reply(words.say("profile_children", lang, first_name=name, children=profile.children,
                               plural=plural, plural_en="ren" if plural else ""))
    if field == "profession" and values["profession"]:
        job = lower_first(values["profession"])
        article = "an" if job[:1].lower() in "aeiou" else "a"
        return reply(words.say("profile_profession", lang, first_name=name, profession=job, article=article))
    if field == "hobbies" and values["hobbies"]:
        return reply(words.say("profile_hobbies", lang, first_name=name, hobbies=lower_first(values["hobbies"])))
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
        # A code that is unknown or does not suit the member: one answer for both.
        key = "view_unknown" if u.profile_codes else "profile_which"
        return spoken(Update(replies=[reply(words.say(key, lang))], intent="profile_info"), words)
    values = card_values(ctx.conn, profile, lang, card_translator(ctx))
    answer = answer_about(profile, u.profile_field, lang, values, words, question=text_of(state))
    answer["first_name"] = profile.first_name  # the guard keeps the public first name
    return spoken(Update(replies=[answer], intent="profile_info", awaiting="profile_shown"), words)
