"""Pure routing: which agent answers this turn, from what was understood and where we are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from agents.code_limit import CODES_PER_DAY
from agents.confirm import choice_of
from agents.nlu.reader import CLARIFY_BELOW
from graph.state import Awaiting, Intent, Pending, Route, State, Understanding

# Messages an agent answers whatever the member is doing (even while qualifying).
QUESTION_ROUTES: dict[Intent, Route] = {"question": "faq", "profile_question": "profile_info"}


@dataclass(frozen=True)
class Situation:
    """What routing needs to know about the member and the conversation."""

    qualified: bool = False
    opted_out: bool = False
    eligible: bool = True
    minimum_age: int = 18
    awaiting: Awaiting = "none"
    pending: Pending | None = None
    waiting_for_human: bool = False  # handed over, no admin has taken it yet
    handed_over_unread: bool = False  # ...because the bot did not understand the member
    profile_shown: bool = False  # a profile was shown in this conversation
    new_codes: int = 0  # profile codes in this message the daily limit counts (agents/code_limit.py)
    codes_left: int = CODES_PER_DAY  # codes the member may still look up today


def answers_pending(u: Understanding, pending: Pending | None) -> bool:
    """Whether the message replies to the confirmation or choice the bot asked for."""
    if not pending:
        return False
    if pending.get("kind") in ("intent_choice", "city_role"):
        return choice_of(u, pending) is not None or u.intent == "no"
    if pending.get("kind") == "delete_data" and u.intent == "delete_data":
        return True  # "supprimez tout" asked "vraiment tout supprimer ?": asked again is a yes
    return u.intent in ("yes", "no") or u.yes or u.no


# What, understood after the bot handed over for not understanding, gives the conversation back
# to the bot: the member answers, asks for profiles, reacts to one ("non merci, je veux juste un
# homme sérieux de 45 à 55 ans à Yaoundé" right after "je transmets à un conseiller").
TAKEN_BACK_BY: frozenset[Intent] = frozenset({
    "answer", "show_profiles", "next_profile", "view_profile", "interest", "change_criteria", "decline_reason",
})


def takes_back(u: Understanding, situation: Situation) -> bool:
    """Whether the bot, which handed over because it did not understand and no adviser has
    taken the conversation yet, understands this message well enough to take it back."""
    return (situation.waiting_for_human and situation.handed_over_unread
            and u.intent in TAKEN_BACK_BY and u.confidence >= CLARIFY_BELOW and not u.wants_human
            and not u.complaint and (u.intent != "answer" or u.answers_qualification(asked=None)))


def choose_route(u: Understanding, situation: Situation) -> Route:
    """The agent for this turn. Order matters: consent and safety first, then intent."""
    intent = u.intent
    if situation.opted_out:
        if intent == "opt_in" or u.opt_in:
            return "opt_in"
        return "forget" if intent == "delete_data" else "silent"
    if intent == "opt_out":
        return "opt_out"
    if answers_pending(u, situation.pending):
        return "confirm"
    if intent == "delete_data":
        return "forget"
    if not situation.eligible or (u.age is not None and u.age < situation.minimum_age):
        return "qualification" if situation.eligible else "ineligible"
    if situation.waiting_for_human and not takes_back(u, situation):
        return "faq" if intent == "question" else "waiting"
    if intent in ("human", "complaint") and (u.confidence >= CLARIFY_BELOW or u.wants_human or u.complaint):
        # An unsure reading ("intéressée par vos services" read as "human") is asked about
        # below, not handed over: an adviser's time is the agency's scarcest resource.
        return "handoff"
    if situation.awaiting == "offered_adviser" and intent == "yes" and not u.no:
        return "handoff"
    if situation.qualified and situation.new_codes > situation.codes_left:
        return "code_limit"
    if intent is not None and u.confidence < CLARIFY_BELOW and not u.answers_qualification(asked=None):
        return "clarify"
    return _by_intent(u, situation)


def _by_intent(u: Understanding, situation: Situation) -> Route:
    intent = u.intent
    if u.profile_codes and not situation.qualified and intent != "question":
        # Nothing about a profile before qualification (not even whether its code exists):
        # the member is told that qualification comes first, and it resumes.
        return "qualification"
    if intent == "interest" or (intent is None and (u.profile_codes or u.contact_request)):
        return "contact"
    if situation.qualified and "interest" in u.also and _only_grammar(u):
        # "je suis intéressée" from a qualified member: the grammar says she is a woman (known),
        # the message says she wants the introduction.
        return "contact"
    if intent in ("answer", "change_criteria") and u.question and not _answers_anything(u):
        # "prix ?" read as an answer to "which city?": it answers nothing, it asks.
        return "faq"
    if intent == "question" and not situation.qualified and u.answers_qualification(asked=None):
        # "bjr, Patrick, 41 ans, Douala. Les femmes sont vérifiées ?": the facts are recorded
        # and the question answered alongside (compose), then qualification goes on.
        return "qualification"
    if intent in QUESTION_ROUTES:
        if intent == "profile_question" and not (situation.profile_shown or u.profile_codes):
            return "faq"
        return QUESTION_ROUTES[intent]
    if intent in ("view_profile", "decline_reason"):
        return "matching" if situation.qualified else "qualification"
    if intent in ("next_profile", "show_profiles") or (intent is None and (u.wants_next or u.wants_profiles)):
        return "matching" if situation.qualified else "qualification"
    if intent in ("answer", "change_criteria") or u.answers_qualification(asked=None):
        return "qualification"
    if intent == "no" and situation.awaiting == "profile_shown":
        return "matching"
    if intent == "yes" and situation.awaiting == "profile_shown":
        return "contact"
    if not situation.qualified and intent not in ("is_bot", "flirt", "chitchat", "thanks", "unclear"):
        return "qualification"
    if intent in ("greeting", "thanks", "is_bot", "flirt", "chitchat", "yes", "no"):
        return "smalltalk"
    return "fallback"


def _only_grammar(u: Understanding) -> bool:
    """The only slot read is the member's gender, from their grammar ("intéressée")."""
    others = (u.age, u.city, u.looking_for_gender, u.age_range, u.preferred_city, u.name)
    return u.gender is not None and "gender" in u.inferred and not any(v is not None for v in others)


def _answers_anything(u: Understanding) -> bool:
    return u.answers_qualification(asked=None) or bool(u.name or u.any_preference or u.any_age or u.any_city)


def to_agent(state: State) -> Route:
    """The edge from `route` to the chosen agent."""
    return state["route"]


def after_qualification(state: State) -> Literal["matching", "compose"]:
    """Straight to a profile once qualified, or once a qualified member changed criteria."""
    updates = state.get("lead_updates", {})
    if updates.get("qualification_complete") or state.get("intent") == "criteria":
        return "matching"
    return "compose"
