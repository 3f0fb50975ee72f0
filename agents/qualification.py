"""The qualification agent: who the member is and whom they seek, one question at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import get_args

from langgraph.runtime import Runtime

from agents.common import agent, config_value, language, reply, seen_lead, with_metadata
from agents.context import TurnContext
from agents.messages import say
from bot.store.conversations import Lead
from graph.state import Button, LeadUpdates, Question, Reply, State, Understanding, Update

QUESTIONS: tuple[Question, ...] = get_args(Question)  # the order questions are asked in
MAX_AGE = 99


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


def question_reply(question: Question, lang: str, cities: Sequence[str], *, again: bool = False) -> Reply:
    """The message asking one qualification question (with quick-reply buttons)."""
    key = f"{'reask' if again else 'ask'}_{question}"
    listed = ", ".join(cities[:8]) if cities else "—"
    text = say(key, lang, cities=listed) if "{cities}" in say(key, "fr") else say(key, lang)
    buttons: list[Button] = []
    if question in ("gender", "looking_for_gender"):
        buttons = [
            Button(id=f"{question}:male", title=say("button_man", lang)),
            Button(id=f"{question}:female", title=say("button_woman", lang)),
        ]
    elif question in ("age_range", "preferred_city"):
        buttons = [Button(id=f"{question}:any", title=say("button_any", lang))]
    return reply(text, buttons=buttons, purpose="reply")


@dataclass
class Answers:
    """What a message answered: lead columns to change, notes to the member."""

    changes: LeadUpdates = field(default_factory=LeadUpdates)
    notes: list[Reply] = field(default_factory=list)
    too_young: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def apply_answers(lead: Lead, u: Understanding, *, asked: Question | None, minimum: int,
                  lang: str) -> Answers:
    """What the message answers about the member (lead as seen before it) and whom they seek."""
    result = Answers()
    changes = result.changes
    meta: dict[str, bool] = {}
    if u.gender:
        if (lead.gender and lead.gender != u.gender and not u.correction
                and lead.looking_for_gender is None and not u.looking_for_gender):
            # "une femme" from a man who was asked something else: whom he seeks, said early.
            changes["looking_for_gender"] = u.gender
        else:
            changes["gender"] = u.gender
    if u.looking_for_gender:
        changes["looking_for_gender"] = u.looking_for_gender
    if u.city:
        changes["city"] = u.city
    elif asked == "city" and u.is_empty() and (free_city := plain_city_name(u.text)):
        # A member may live where the catalogue has nobody yet: take the name as written.
        changes["city"] = free_city
    if u.preferred_city:
        changes["preferred_city"] = u.preferred_city
        meta["preferred_city_any"] = False
    if u.age is not None:
        if u.age < minimum:
            return Answers(changes=LeadUpdates(age=u.age, status="non_eligible", conversation_phase="termine"),
                           notes=[reply(say("too_young", lang, minimum=minimum))], too_young=True)
        if u.age > MAX_AGE:
            result.notes.append(reply(say("age_unlikely", lang, age=u.age)))
        else:
            changes["age"] = u.age
    if u.age_range:
        low, high = u.age_range
        low = low if low is not None else minimum
        high = high if high is not None else MAX_AGE
        if low > high:
            low, high = high, low
        if low < minimum:
            low = minimum
            if high >= minimum:
                result.notes.append(reply(say("range_adjusted", lang, minimum=minimum, low=low, high=high)))
        if high >= minimum:
            changes.update(LeadUpdates(preferred_age_min=low, preferred_age_max=min(high, MAX_AGE)))
            meta["age_range_any"] = False
    if u.any_preference:
        if asked == "age_range" and "preferred_age_min" not in changes:
            changes.update(LeadUpdates(preferred_age_min=minimum, preferred_age_max=MAX_AGE))
            meta["age_range_any"] = True
        elif asked == "preferred_city" and "preferred_city" not in changes:
            meta["preferred_city_any"] = True
    if any(getattr(lead, key) not in (None, value) for key, value in changes.items()):
        result.notes.insert(0, reply(say("noted_correction", lang)))
    if meta:
        changes["metadata"] = with_metadata(lead, **meta)
    return result


@agent("qualification")
def qualification_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Record answers, then ask the next question or complete the qualification."""
    ctx = runtime.context
    u = state.get("understanding", Understanding())
    lead = seen_lead(state, ctx)
    lang = language(state, ctx)
    replies: list[Reply] = []
    first_contact = ctx.lead.conversation_phase == "accueil"
    if first_contact:
        welcome = config_value(ctx, "welcome_message") or {}
        agency = config_value(ctx, "agency_name", "Matchbot")
        replies.append(reply(welcome.get(lang) or say("welcome", lang, agency=agency)))
    elif (u.wants_profiles or u.wants_next) and not lead.qualification_complete:
        replies.append(reply(say("need_qualification_first", lang)))

    asked = state.get("asked")
    answers = apply_answers(lead, u, asked=asked, minimum=int(config_value(ctx, "minimum_age", 18)),
                            lang=lang)
    replies.extend(answers.notes)
    if answers.too_young:
        return Update(replies=replies, lead_updates=answers.changes, intent="qualification", asked=None)

    lead = seen_lead(state, ctx, **answers.changes)
    pending = missing_question(lead)
    if pending is None:
        done = LeadUpdates(**answers.changes, not_understood_count=0)
        if not lead.qualification_complete:
            done.update(LeadUpdates(qualification_complete=True, status="prospect_qualifie",
                                    conversation_phase="matching"))
            replies.append(reply(say("qualified", lang)))
        return Update(replies=replies, lead_updates=done, intent="qualification", asked=None)

    again = not answers.changed and not first_contact and asked == pending and not u.greeting
    question = question_reply(pending, lang, ctx.cities, again=again)
    if answers.changed and not answers.notes:
        question["text"] = f"{say('ack', lang)} {question['text']}"
    replies.append(question)
    updates = LeadUpdates(**answers.changes, conversation_phase="qualification",
                          not_understood_count=lead.not_understood_count + 1 if again else 0)
    return Update(replies=replies, lead_updates=updates, intent="qualification", asked=pending)
