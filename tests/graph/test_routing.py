"""Routing is pure: each understood message goes to the right agent, consent and safety first."""

from __future__ import annotations

import dataclasses

import pytest

from graph.routing import Situation, after_qualification, choose_route
from graph.state import Pending, Understanding

QUALIFIED = Situation(qualified=True, profile_shown=True)
NEW = Situation()


def read(intent: str | None, confidence: float = 0.95, **slots: object) -> Understanding:
    return Understanding(text="…", intent=intent, confidence=confidence, **slots)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("understood", "situation", "expected"),
    [
        # Consent first: an opted-out member only comes back, or asks to be erased.
        (read("opt_in"), Situation(opted_out=True), "opt_in"),
        (read("greeting"), Situation(opted_out=True), "silent"),
        (read("question"), Situation(opted_out=True), "silent"),
        (read("delete_data"), Situation(opted_out=True), "forget"),
        (read("opt_out"), QUALIFIED, "opt_out"),
        (read("chitchat", opt_in=True), Situation(opted_out=True), "opt_in"),  # "bon ok je reviens, START"
        # A confirmation the bot asked for is answered first.
        (read("yes"), Situation(pending=Pending(kind="delete_data")), "confirm"),
        (read("delete_data"), Situation(pending=Pending(kind="delete_data")), "confirm"),  # "supprimez tout"
        (read("no"), Situation(pending=Pending(kind="widen", value="anywhere")), "confirm"),
        (read("question"), Situation(pending=Pending(kind="delete_data")), "faq"),
        (read("delete_data"), QUALIFIED, "forget"),
        # Minors are refused from any message stating their age.
        (read("answer", age=16), NEW, "qualification"),
        (read("question", age=15), QUALIFIED, "qualification"),
        (read("greeting"), Situation(eligible=False), "ineligible"),
        # Waiting for an adviser: questions still answered, the rest acknowledged.
        (read("question"), Situation(waiting_for_human=True), "faq"),
        (read("greeting"), Situation(waiting_for_human=True), "waiting"),
        # ...unless the bot had handed over because it did not understand, and now does
        (read("answer", looking_for_gender="male"), Situation(waiting_for_human=True, handed_over_unread=True),
         "qualification"),
        (read("show_profiles"), dataclasses.replace(QUALIFIED, waiting_for_human=True, handed_over_unread=True),
         "matching"),
        (read("answer", looking_for_gender="male"), Situation(waiting_for_human=True), "waiting"),  # asked for one
        (read("answer", confidence=0.3, looking_for_gender="male"),
         Situation(waiting_for_human=True, handed_over_unread=True), "waiting"),
        (read("answer"), Situation(waiting_for_human=True, handed_over_unread=True), "waiting"),  # nothing read
        (read("greeting"), Situation(waiting_for_human=True, handed_over_unread=True), "waiting"),
        (read("human"), QUALIFIED, "handoff"),
        (read("complaint"), NEW, "handoff"),
        (read("yes"), Situation(awaiting="offered_adviser"), "handoff"),
        (read("no"), dataclasses.replace(QUALIFIED, awaiting="offered_adviser"), "smalltalk"),
        # Unsure: ask (the LLM, when configured, has already been asked).
        (read("next_profile", confidence=0.3), QUALIFIED, "clarify"),
        (read("answer", confidence=0.3, age=30), NEW, "qualification"),
        # Intents.
        (read("interest"), QUALIFIED, "contact"),
        (read("interest"), NEW, "contact"),
        # A code named before qualification: qualification first (nothing said about the code).
        (read("interest", profile_codes=("MAT-2025-002",)), NEW, "qualification"),
        (read("view_profile", profile_codes=("MAT-2025-002",)), NEW, "qualification"),
        (read("profile_question", profile_codes=("MAT-2025-002",)), NEW, "qualification"),
        (read(None, profile_codes=("MAT-2025-002",)), NEW, "qualification"),
        (read("question", profile_codes=("MAT-2025-002",)), NEW, "faq"),
        # The daily limit of codes looked up: a new code past it is refused, known ones are not.
        (read("interest", profile_codes=("MAT-2025-002",)), dataclasses.replace(QUALIFIED, new_codes=1, codes_left=0),
         "code_limit"),
        (read("view_profile", profile_codes=("MAT-2025-002", "MAT-2025-003")),
         dataclasses.replace(QUALIFIED, new_codes=2, codes_left=1), "code_limit"),
        (read("view_profile", profile_codes=("MAT-2025-002",)), dataclasses.replace(QUALIFIED, new_codes=0, codes_left=0),
         "matching"),
        (read("interest", profile_codes=("MAT-2025-002",)), dataclasses.replace(QUALIFIED, new_codes=1, codes_left=1),
         "contact"),
        (read("view_profile"), QUALIFIED, "matching"),
        (read("decline_reason"), QUALIFIED, "matching"),
        (read("next_profile"), QUALIFIED, "matching"),
        (read("show_profiles"), NEW, "qualification"),
        (read("profile_question"), QUALIFIED, "profile_info"),
        (read("profile_question"), NEW, "faq"),
        (read("question"), NEW, "faq"),
        (read("change_criteria"), QUALIFIED, "qualification"),
        (read("answer"), QUALIFIED, "qualification"),
        # "je suis intéressée": her gender from her grammar, and an introduction wanted.
        (read("answer", also=("interest",), gender="female", inferred=("gender",)), QUALIFIED, "contact"),
        (read("answer", also=("interest",), gender="female", inferred=("gender",)), NEW, "qualification"),
        # Unsure readings of "human" are asked about, not handed over.
        (read("human", confidence=0.45), NEW, "clarify"),
        (read("human", confidence=0.45, wants_human=True), NEW, "handoff"),
        # "prix ?" read as an answer to "which city?": it answers nothing, it asks.
        (read("answer", confidence=0.66, question=True), NEW, "faq"),
        (read("answer", question=True, any_preference=True), NEW, "qualification"),
        (read("no"), dataclasses.replace(QUALIFIED, awaiting="profile_shown"), "matching"),
        (read("yes"), dataclasses.replace(QUALIFIED, awaiting="profile_shown"), "contact"),
        (read("greeting"), NEW, "qualification"),
        (read("is_bot"), NEW, "smalltalk"),
        (read("flirt"), QUALIFIED, "smalltalk"),
        (read("thanks"), QUALIFIED, "smalltalk"),
        (read("unclear"), QUALIFIED, "fallback"),
        (read(None), QUALIFIED, "fallback"),
    ],
)
def test_choose_route(understood: Understanding, situation: Situation, expected: str) -> None:
    assert choose_route(understood, situation) == expected


def test_any_preference_counts_only_for_questions_that_accept_it() -> None:
    assert Understanding(any_preference=True).answers_qualification(asked="age_range")
    assert not Understanding(any_preference=True).answers_qualification(asked="gender")


def test_qualified_or_new_criteria_go_straight_to_matching() -> None:
    assert after_qualification({"lead_updates": {"qualification_complete": True}}) == "matching"
    assert after_qualification({"lead_updates": {}, "intent": "criteria"}) == "matching"
    assert after_qualification({"lead_updates": {}}) == "compose"
