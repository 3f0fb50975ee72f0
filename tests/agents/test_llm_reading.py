"""agents/understanding.with_llm_reading: what an LLM adds to an unsure offline reading.

A small model fills every field of its schema; only what the member's message shows is kept
(an age or a city the member never wrote must never be stored or repeated to them)."""

from __future__ import annotations

import dataclasses

from agents.llm import LlmUnderstanding
from agents.nlu import understand
from agents.understanding import with_llm_reading
from graph.state import Understanding


def test_the_models_intent_is_taken_and_marked_as_the_models() -> None:
    u = with_llm_reading(understand("elle me branche bien"), LlmUnderstanding(intent="interest"))
    assert (u.intent, u.by_model) == ("interest", True)
    assert u.confidence >= 0.8


def test_an_age_not_in_the_message_is_dropped() -> None:
    u = with_llm_reading(understand("chuis la pour trouver ma moitié"),
                         LlmUnderstanding(intent="answer", age=33), context="asked_age")
    assert u.age is None


def test_an_age_written_in_the_message_is_kept() -> None:
    u = with_llm_reading(understand("bon bah moi c 34 hein"), LlmUnderstanding(intent="answer", age=34),
                         context="asked_age")
    assert u.age == 34


def test_a_city_not_in_the_message_is_dropped_and_one_in_it_kept() -> None:
    extra = LlmUnderstanding(intent="answer", city="Yaoundé", preferred_city="Kribi")
    dropped = with_llm_reading(understand("jsuis dans la capitale"), extra)
    assert (dropped.city, dropped.preferred_city) == (None, None)
    kept = with_llm_reading(understand("jvis a yaounde mw"), LlmUnderstanding(intent="answer", city="Yaoundé"))
    assert kept.city == "Yaoundé"


def test_an_age_range_needs_both_ends_in_the_message() -> None:
    extra = LlmUnderstanding(intent="answer", age_min=25, age_max=40)

    def unread(text: str) -> Understanding:  # as if the rules had found no range
        return dataclasses.replace(understand(text), age_range=None)

    assert with_llm_reading(unread("entre 25 et la quarantaine"), extra).age_range is None
    assert with_llm_reading(unread("entre 25 et 40 svp"), extra).age_range == (25, 40)


def test_genders_only_when_they_were_asked() -> None:
    extra = LlmUnderstanding(intent="answer", gender="female", looking_for_gender="male")
    unasked = with_llm_reading(understand("tu es un robot ou une vraie personne"), extra)
    assert (unasked.gender, unasked.looking_for_gender) == (None, None)
    asked = with_llm_reading(understand("bah chui une nga moi"), LlmUnderstanding(intent="answer", gender="female"),
                             context="asked_gender")
    assert asked.gender == "female"


def test_an_unclear_model_leaves_the_offline_guess() -> None:
    offline = Understanding(text="bon la suite", intent="next_profile", confidence=0.3)
    assert with_llm_reading(offline, LlmUnderstanding(intent="unclear")) == offline
