"""The qualification agent: who the member is and whom they seek, one question at a time.

It also takes a qualified member's changes of criteria ("plutôt Abidjan", "entre 30 et
40 finalement") and hands over to matching, which shows a profile at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import get_args

from langgraph.runtime import Runtime

from agents.common import (
    agent,
    config_value,
    first_name,
    language,
    reply,
    seen_lead,
    spoken,
    understood,
    voice,
    with_metadata,
)
from agents.context import TurnContext
from agents.matching import MAX_AGE, criteria_for
from agents.messages import Voice
from agents.nlu.cities import wants_own_city
from agents.nlu.classifier import spelled
from agents.nlu.reader import WIDEN, asks_if_anyone_there
from bot.store.conversations import Lead
from graph.state import Button, LeadUpdates, Pending, Question, Reply, State, Understanding, Update
from knowledge.places import fold, is_covered, nearest
from knowledge.profiles import count_compatible

QUESTIONS: tuple[Question, ...] = get_args(Question)  # the order questions are asked in
CITIES_LISTED = 6  # cities named when the bot asks again for one
GENDER_WORDS = {"female": {"fr": "une femme", "en": "a woman"}, "male": {"fr": "un homme", "en": "a man"}}
SEEKING_COLUMNS = ("looking_for_gender", "preferred_age_min", "preferred_age_max", "preferred_city")
# "Douala aussi": a city added to the one already wanted, not in its place.
ALSO_WORDS = ("aussi", "egalement", "also", "too", "as well")



def missing_question(lead: Lead) -> Question | None:
    """The first question the member has not answered yet, or None when qualified."""
    meta = lead.metadata or {}
    for question in QUESTIONS:
        if question == "age_range":
            answered = lead.preferred_age_min is not None or meta.get("age_range_any")
        elif question == "preferred_city":
            answered = lead.preferred_city is not None or meta.get("preferred_city_any")
        else:
            answered = getattr(lead, question) is not None
        if not answered:
            return question
    return None


def plain_city_name(text: str) -> str | None:
    """A short answer that reads like a place name ("Bertoua", "Saint-Louis"), else None."""
    words = text.strip().strip(".!").split()
    if not 1 <= len(words) <= 3 or not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)


def question_reply(question: Question, lang: str, cities: Sequence[str], *, again: bool = False,
                   first: bool = False, words: Voice | None = None) -> Reply:
    """The message asking one qualification question (with quick-reply buttons); `first`: the
    first question of the conversation ("Pour commencer, ..." is said once)."""
    key = f"{'reask' if again else 'ask'}_{question}"
    if first and not again and question == "gender":
        key = "ask_gender_first"
    listed = ", ".join(cities[:CITIES_LISTED]) if cities else "—"
    text = (words or Voice()).say(key, lang, cities=listed)
    buttons: list[Button] = []
    if question in ("gender", "looking_for_gender"):
        buttons = [
            Button(id=f"{question}:male", title=(words or Voice()).say("button_man", lang)),
            Button(id=f"{question}:female", title=(words or Voice()).say("button_woman", lang)),
        ]
    elif question in ("age_range", "preferred_city"):
        buttons = [Button(id=f"{question}:any", title=(words or Voice()).say("button_any", lang))]
    return reply(text, buttons=buttons, purpose="reply")


def either(names: Sequence[str], lang: str, joiner: str) -> str:
    """["Douala", "Bafoussam"] -> "Douala et Bafoussam" / "Douala or Bafoussam"."""
    word = {"and": {"fr": "et", "en": "and"}, "or": {"fr": "ou", "en": "or"}}[joiner].get(lang, "et")
    names = list(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}" if len(names) > 1 else "".join(names)


def yes_no_buttons(lang: str, words: Voice) -> list[Button]:
    return [Button(id="yes", title=words.say("button_yes", lang)), Button(id="no", title=words.say("button_no", lang))]


@dataclass
class Answers:
    """What a message answered: lead columns to change, notes to the member, a question back."""

    changes: LeadUpdates = field(default_factory=LeadUpdates)
    notes: list[Reply] = field(default_factory=list)
    too_young: bool = False
    confirm: Pending | None = None  # something to check with the member before storing it
    confirm_text: str = ""
    confirm_buttons: list[Button] = field(default_factory=list)
    criteria_changed: bool = False  # whom the member seeks changed (not only who they are)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass
class Asking:
    """Where qualification stands: what was asked, the rules of the agency, how to speak."""

    asked: Question | None
    minimum: int
    lang: str
    cities: Sequence[str]
    words: Voice


def apply_answers(lead: Lead, u: Understanding, asking: Asking) -> Answers:
    """What the message answers about the member (lead as seen before it) and whom they seek."""
    result = Answers()
    changes = result.changes
    meta: dict[str, object] = {}
    if u.age is not None and u.age < asking.minimum:
        return Answers(changes=LeadUpdates(age=u.age, status="non_eligible", conversation_phase="termine"),
                       notes=[reply(asking.words.say("too_young", asking.lang, minimum=asking.minimum))],
                       too_young=True)
    if u.name and not (lead.metadata or {}).get("first_name"):
        meta["first_name"] = u.name
    _gender(lead, u, asking, result)
    if u.looking_for_gender:
        changes["looking_for_gender"] = u.looking_for_gender
    _cities(lead, u, asking, result, meta)
    if u.age is not None:
        if u.age > MAX_AGE:
            result.notes.append(reply(asking.words.say("age_unlikely", asking.lang, age=u.age)))
        else:
            changes["age"] = u.age
    _age_range(u, asking, result, meta)
    # A qualified member changing whom they seek is not correcting an answer ("criteria_updated" says it).
    corrected = [key for key, value in changes.items() if getattr(lead, key) not in (None, value)
                 and not (lead.qualification_complete and key in SEEKING_COLUMNS)]
    if corrected:
        result.notes.insert(0, reply(asking.words.say("noted_correction", asking.lang)))
    # `meta` holds only what this message changed (the column is merged below).
    # Saying again what is already sought ("je veux une ivoirienne" from a man seeking women)
    # changes nothing, and the bot must not say it did.
    known = lead.metadata or {}
    said: dict[str, object] = dict(changes)
    result.criteria_changed = any(key in said and said[key] != getattr(lead, key) for key in SEEKING_COLUMNS) or any(
        key in meta and meta[key] != known.get(key, [] if key == "also_cities" else False)
        for key in ("preferred_city_any", "age_range_any", "also_cities"))
    if result.criteria_changed:
        meta["widen_offered"] = []  # new criteria: every widening may be proposed again
    if meta:
        changes["metadata"] = with_metadata(lead, **meta)
    return result


def _gender(lead: Lead, u: Understanding, asking: Asking, result: Answers) -> None:
    if not u.gender or ("gender" in u.inferred and lead.gender):
        # A gender read from grammar never replaces a stated one (a correction names it: "je
        # suis une femme"): keyboards type "fatigué" for a woman too, and it is no wish either.
        return
    if (lead.gender and lead.gender != u.gender and not u.correction
            and lead.looking_for_gender is None and not u.looking_for_gender):
        # "une femme" from a man who was asked something else: whom he seeks, said early.
        result.changes["looking_for_gender"] = u.gender
    elif "gender" in u.inferred and asking.asked != "gender" and lead.gender is None:
        # Read from the member's grammar ("je suis divorcée"): checked before it is stored.
        words = GENDER_WORDS[u.gender][asking.lang if asking.lang in ("fr", "en") else "fr"]
        result.confirm = Pending(kind="gender", value=u.gender)
        result.confirm_text = asking.words.say("confirm_gender", asking.lang, gender_words=words)
        result.confirm_buttons = yes_no_buttons(asking.lang, asking.words)
    else:
        result.changes["gender"] = u.gender


def _cities(lead: Lead, u: Understanding, asking: Asking, result: Answers, meta: dict[str, object]) -> None:
    changes = result.changes
    if u.city and "city" in u.unsure and not result.confirm:
        mine, theirs = asking.words.say("button_mine", asking.lang), asking.words.say("button_theirs", asking.lang)
        result.confirm = Pending(kind="city_role", value=u.city, options=["mine", "theirs"],
                                 labels=[fold(mine), fold(theirs)])
        result.confirm_text = asking.words.say("clarify_city", asking.lang, city=u.city)
        result.confirm_buttons = [Button(id="city:mine", title=mine), Button(id="city:theirs", title=theirs)]
    elif u.city:
        changes["city"] = u.city
    elif asking.asked == "city" and u.is_empty() and (free_city := plain_city_name(u.text)):
        # A member may live where the catalogue has nobody yet: take the name as written.
        changes["city"] = free_city
    wanted_any = u.any_city or (u.any_preference and asking.asked == "preferred_city" and not u.any_age)
    if u.preferred_city:
        _preferred_city(lead, u, asking, result, meta)
    elif u.wanted_cities:
        # "Yaoundé ou Douala": the first covered one wanted, the others accepted too.
        covered = [c for c in u.wanted_cities if not asking.cities or is_covered(c, asking.cities)]
        if covered:
            changes["preferred_city"] = covered[0]
            meta.update(preferred_city_any=False, also_cities=covered[1:])
        else:
            _preferred_city(lead, replace(u, preferred_city=u.wanted_cities[0]), asking, result, meta)
    elif wanted_any:
        changes["preferred_city"] = None
        meta.update(preferred_city_any=True, also_cities=[])
    elif asking.asked == "preferred_city" and lead.city and wants_own_city(spelled(u.text)):
        # "la même que moi", "ici": the member's own city, already known
        _preferred_city(lead, replace(u, preferred_city=lead.city), asking, result, meta)


def _preferred_city(lead: Lead, u: Understanding, asking: Asking, result: Answers,
                    meta: dict[str, object]) -> None:
    city = u.preferred_city
    assert city is not None
    if asking.cities and not is_covered(city, asking.cities):
        near = [name for name, _ in nearest(city, asking.cities)]
        if near and not result.confirm:
            # One message: where we have members, and whether to look there instead.
            result.confirm = Pending(kind="widen", value="near:" + ",".join(near))
            result.confirm_text = asking.words.say("city_not_covered_propose", asking.lang, city=city,
                                                   nearby=either(near, asking.lang, "and"))
            result.confirm_buttons = yes_no_buttons(asking.lang, asking.words)
        else:
            nearby = either(near or list(asking.cities[:CITIES_LISTED]), asking.lang, "or")
            result.notes.append(reply(asking.words.say("city_not_covered", asking.lang, city=city, nearby=nearby)))
        return
    said_also = any(f" {w}" in f" {u.text.lower()}" for w in ALSO_WORDS) or bool(WIDEN.search(spelled(u.text)))  # "élargir à Douala"
    if said_also and lead.preferred_city and lead.preferred_city != city:
        also = list((lead.metadata or {}).get("also_cities") or [])
        meta["also_cities"] = [*also, city] if city not in also else also
    else:
        result.changes["preferred_city"] = city
        meta.update(preferred_city_any=False, also_cities=[])


def _age_range(u: Understanding, asking: Asking, result: Answers, meta: dict[str, object]) -> None:
    changes = result.changes
    minimum = asking.minimum
    if u.age_range:
        low, high = u.age_range
        low = low if low is not None else minimum
        high = high if high is not None else MAX_AGE
        if low > high:
            low, high = high, low
        if low < minimum:
            low = minimum
            if high >= minimum:
                result.notes.append(reply(asking.words.say("range_adjusted", asking.lang,
                                                           minimum=minimum, low=low, high=high)))
        if high >= minimum:
            changes.update(LeadUpdates(preferred_age_min=low, preferred_age_max=min(high, MAX_AGE)))
            meta["age_range_any"] = False
    elif u.any_age or (u.any_preference and asking.asked == "age_range" and not u.any_city):
        changes.update(LeadUpdates(preferred_age_min=minimum, preferred_age_max=MAX_AGE))
        meta["age_range_any"] = True


# Messages that try to answer the question asked: when they answer nothing, the question is
# asked again as "I didn't understand" and counts as a miss. An "ok", a greeting or a request
# for profiles only gets the question (never a handoff for two "ok" in a row).
ATTEMPTS = (None, "answer", "change_criteria")


def criteria_note(lead: Lead, changes: LeadUpdates, u: Understanding, lang: str, words: Voice) -> Reply:
    """What a qualified member's change of criteria did, in their words ("je cherche aussi à Douala")."""
    also = (changes.get("metadata") or {}).get("also_cities") or []
    if u.preferred_city and u.preferred_city in also and u.preferred_city not in (lead.metadata or {}).get(
            "also_cities", []):
        return reply(words.say("criteria_also_city", lang, city=u.preferred_city))
    if changes.get("preferred_city"):
        return reply(words.say("criteria_city", lang, city=changes["preferred_city"]))
    return reply(words.say("criteria_updated", lang))


@agent("qualification")
def qualification_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Record answers, then ask the next question, confirm what is unsure, or complete."""
    ctx = runtime.context
    u = understood(state)
    lead = seen_lead(state, ctx)
    lang = language(state, ctx)
    words = voice(state)
    asking = Asking(asked=state.get("asked"), minimum=int(config_value(ctx, "minimum_age", 18)),
                    lang=lang, cities=ctx.cities, words=words)
    answers = apply_answers(lead, u, asking)
    if answers.too_young:
        # Refused, nothing else: no welcome to a service the member cannot use.
        return spoken(Update(replies=answers.notes, lead_updates=answers.changes, intent="qualification",
                             asked=None, pending=None), words)
    replies: list[Reply] = []
    first_contact = ctx.lead.conversation_phase == "accueil"
    if first_contact:
        welcome = config_value(ctx, "welcome_message") or {}
        agency = config_value(ctx, "agency_name", "Matchbot")
        replies.append(reply(welcome.get(lang) or words.say("welcome", lang, agency=agency)))
    if u.profile_codes and not lead.qualification_complete:
        replies.append(reply(words.say("code_needs_qualification", lang)))
    elif (not first_contact and (u.intent in ("show_profiles", "next_profile") or u.wants_profiles)
          and not lead.qualification_complete):
        replies.append(reply(words.say("need_qualification_first", lang)))
    replies.extend(answers.notes)
    before = lead
    lead = seen_lead(state, ctx, **answers.changes)
    if answers.confirm:
        replies.append(reply(answers.confirm_text, buttons=answers.confirm_buttons))
        changes = LeadUpdates(**answers.changes)
        if first_contact:
            changes["conversation_phase"] = "qualification"  # welcomed once, not again after the answer
        return spoken(Update(replies=replies, lead_updates=changes, intent="qualification",
                             pending=answers.confirm, awaiting="asked_confirmation"), words)
    if lead.qualification_complete and answers.criteria_changed:
        replies.append(criteria_note(before, answers.changes, u, lang, words))
        return spoken(Update(replies=replies, lead_updates=LeadUpdates(**answers.changes, not_understood_count=0),
                             intent="criteria", asked=None), words)

    name = first_name(lead)
    pending = missing_question(lead)
    if pending is None:
        done = LeadUpdates(**answers.changes, not_understood_count=0)
        if not lead.qualification_complete:
            done.update(LeadUpdates(qualification_complete=True, status="prospect_qualifie",
                                    conversation_phase="matching"))
            key = "qualified_named" if name else "qualified"
            if count_compatible(ctx.conn, criteria=criteria_for(lead)) == 0:
                key += "_no_card"  # "voici un premier profil", then "je n'ai pas de profil": not that
            replies.append(reply(words.say(key, lang, first_name=name)))
        elif not replies:
            replies.append(reply(words.say("anything_else", lang)))
        return spoken(Update(replies=replies, lead_updates=done, intent="qualification", asked=None), words)

    asked = state.get("asked")
    again = (not answers.changed and not first_contact and asked == pending and u.intent in ATTEMPTS
             and not u.greeting)
    question = question_reply(pending, lang, ctx.cities, again=again, first=first_contact, words=words)
    # A confirmation just answered ("vous êtes une femme ?" "oui") was understood as much as an answer.
    confirmed = any(key in state.get("lead_updates", {}) for key in ("gender", "city", "preferred_city"))
    if (answers.changed or confirmed) and not answers.notes:
        ack = words.say("ack_named", lang, first_name=name) if name and u.name else words.say("ack", lang)
        question["text"] = f"{ack} {question['text']}"
    elif not first_contact and u.intent == "greeting" and asks_if_anyone_there(u.text):
        question["text"] = f"{words.say('still_here', lang)} {question['text']}"  # "vous êtes là ?"
    replies.append(question)
    updates = LeadUpdates(**answers.changes, conversation_phase="qualification",
                          not_understood_count=lead.not_understood_count + 1 if again else 0)
    return spoken(Update(replies=replies, lead_updates=updates, intent="qualification", asked=pending), words)
