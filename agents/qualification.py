"""The qualification agent: who the member is and whom they seek, one question at a time."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents.common import agent, config_value, language, lead_value, merged_updates, reply
from agents.messages import say
from graph.state import Reply, State
from agents.context import TurnContext

# The order questions are asked in; each maps to the lead columns it fills.
QUESTIONS = ("gender", "age", "city", "looking_for_gender", "age_range", "preferred_city")
MAX_AGE = 99


def missing_question(state: State, ctx: TurnContext) -> str | None:
    """The first question the member has not answered yet, or None when qualified."""
    meta = lead_value(state, ctx, "metadata") or {}
    for question in QUESTIONS:
        if question == "age_range":
            answered = lead_value(state, ctx, "preferred_age_min") is not None or meta.get("age_range_any")
        elif question == "preferred_city":
            answered = lead_value(state, ctx, "preferred_city") is not None or meta.get("preferred_city_any")
        else:
            answered = lead_value(state, ctx, question) is not None
        if not answered:
            return question
    return None


def _says_nothing_else(u: dict[str, Any]) -> bool:
    return not any(value for key, value in u.items() if key not in ("text", "language"))


def plain_city_name(text: str) -> str | None:
    """A short answer that reads like a place name ("Bertoua", "Saint-Louis"), else None."""
    words = text.strip().strip(".!").split()
    if not 1 <= len(words) <= 3 or not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)


def question_reply(question: str, lang: str, ctx: TurnContext, *, again: bool = False) -> Reply:
    """The message asking one qualification question (with quick-reply buttons)."""
    key = f"{'reask' if again else 'ask'}_{question}"
    cities = ", ".join(ctx.cities[:8]) if ctx.cities else "—"
    text = say(key, lang, cities=cities) if "{cities}" in say(key, "fr") else say(key, lang)
    buttons: list[dict[str, str]] = []
    if question in ("gender", "looking_for_gender"):
        buttons = [
            {"id": f"{question}:male", "title": say("button_man", lang)},
            {"id": f"{question}:female", "title": say("button_woman", lang)},
        ]
    elif question in ("age_range", "preferred_city"):
        buttons = [{"id": f"{question}:any", "title": say("button_any", lang)}]
    return reply(text, buttons=buttons, purpose="reply")


def apply_answers(state: State, ctx: TurnContext, u: dict[str, Any]) -> tuple[dict[str, Any], list[Reply], bool]:
    """Write what the message answered into the lead; returns (updates, notes, changed)."""
    lang = language(state, ctx)
    minimum = int(config_value(ctx, "minimum_age", 18))
    asked = state.get("asked")
    changes: dict[str, Any] = {}
    notes: list[Reply] = []
    meta: dict[str, Any] = {}
    if u.get("gender"):
        known = lead_value(state, ctx, "gender")
        if (known and known != u["gender"] and not u.get("correction")
                and lead_value(state, ctx, "looking_for_gender") is None and not u.get("looking_for_gender")):
            # "une femme" from a man who was asked something else: whom he seeks, said early.
            changes["looking_for_gender"] = u["gender"]
        else:
            changes["gender"] = u["gender"]
    if u.get("looking_for_gender"):
        changes["looking_for_gender"] = u["looking_for_gender"]
    if u.get("city"):
        changes["city"] = u["city"]
    elif asked == "city" and _says_nothing_else(u) and (free_city := plain_city_name(u.get("text", ""))):
        # A member may live where the catalogue has nobody yet: take the name as written.
        changes["city"] = free_city
    if u.get("preferred_city"):
        changes["preferred_city"] = u["preferred_city"]
        meta["preferred_city_any"] = False
    if u.get("age") is not None:
        age = int(u["age"])
        if age < minimum:
            return merged_updates(state, age=age, status="non_eligible", conversation_phase="termine"), [
                reply(say("too_young", lang, minimum=minimum))
            ], True
        if age > MAX_AGE:
            notes.append(reply(say("age_unlikely", lang, age=age)))
        else:
            changes["age"] = age
    if u.get("age_range"):
        low, high = u["age_range"]
        low = low if low is not None else minimum
        high = high if high is not None else MAX_AGE
        if low > high:
            low, high = high, low
        if low < minimum:
            low = minimum
            if high >= minimum:
                notes.append(reply(say("range_adjusted", lang, minimum=minimum, low=low, high=high)))
        if high >= minimum:
            changes.update(preferred_age_min=low, preferred_age_max=min(high, MAX_AGE))
            meta["age_range_any"] = False
    if u.get("any_preference"):
        if asked == "age_range" and "preferred_age_min" not in changes:
            changes.update(preferred_age_min=minimum, preferred_age_max=MAX_AGE)
            meta["age_range_any"] = True
        elif asked == "preferred_city" and "preferred_city" not in changes:
            meta["preferred_city_any"] = True
    corrected = any(
        lead_value(state, ctx, key) not in (None, value) for key, value in changes.items()
    )
    if corrected:
        notes.insert(0, reply(say("noted_correction", lang)))
    if meta:
        changes["metadata"] = {**(lead_value(state, ctx, "metadata") or {}), **meta}
    return merged_updates(state, **changes), notes, bool(changes)


@agent("qualification")
def qualification_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Record answers, then ask the next question or complete the qualification."""
    ctx = runtime.context
    u = state.get("understanding") or {}
    lang = language(state, ctx)
    replies: list[Reply] = list(state.get("replies") or [])
    first_contact = ctx.lead.conversation_phase == "accueil"
    if first_contact:
        welcome = config_value(ctx, "welcome_message") or {}
        agency = config_value(ctx, "agency_name", "Matchbot")
        replies.append(reply(welcome.get(lang) or say("welcome", lang, agency=agency)))
    elif (u.get("wants_profiles") or u.get("wants_next")) and not lead_value(state, ctx, "qualification_complete"):
        replies.append(reply(say("need_qualification_first", lang)))

    updates, notes, changed = apply_answers(state, ctx, u)
    state = {**state, "lead_updates": updates}
    replies.extend(notes)
    if updates.get("status") == "non_eligible":
        return {"replies": replies, "lead_updates": updates, "intent": "qualification", "asked": None}

    pending = missing_question(state, ctx)
    not_understood = int(lead_value(state, ctx, "not_understood_count") or 0)
    if pending is None:
        if lead_value(state, ctx, "qualification_complete"):
            updates = merged_updates(state, not_understood_count=0)
            return {"replies": replies, "lead_updates": updates, "intent": "qualification", "asked": None}
        updates = merged_updates(
            state, qualification_complete=True, status="prospect_qualifie",
            conversation_phase="matching", not_understood_count=0,
        )
        replies.append(reply(say("qualified", lang)))
        return {"replies": replies, "lead_updates": updates, "intent": "qualification", "asked": None}

    again = not changed and not first_contact and state.get("asked") == pending and not u.get("greeting")
    if again:
        not_understood += 1
    updates = merged_updates(
        {**state, "lead_updates": updates}, conversation_phase="qualification",
        not_understood_count=not_understood if again else 0,
    )
    question = question_reply(pending, lang, ctx, again=again)
    if changed and not notes:
        question = {**question, "text": f"{say('ack', lang)} {question['text']}"}
    replies.append(question)
    return {"replies": replies, "lead_updates": updates, "intent": "qualification", "asked": pending}
