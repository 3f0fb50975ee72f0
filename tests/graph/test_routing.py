"""Routing is pure: each understood message goes to the right agent."""

from __future__ import annotations

import pytest

from graph.routing import after_qualification, choose_route
from graph.state import Understanding

BASE = {"qualified": True, "opted_out": False, "eligible": True, "asked": None, "offered_human": False}


@pytest.mark.parametrize(
    ("understood", "overrides", "expected"),
    [
        ({"opt_in": True}, {"opted_out": True}, "opt_in"),
        ({"greeting": True}, {"opted_out": True}, "silent"),
        ({"question": True}, {"opted_out": True}, "silent"),
        ({"opt_out": True}, {}, "opt_out"),
        ({"opt_out": True, "wants_human": True}, {}, "opt_out"),
        ({"greeting": True}, {"eligible": False}, "ineligible"),
        ({"wants_human": True}, {}, "handoff"),
        ({"complaint": True, "question": True}, {}, "handoff"),
        ({"yes": True}, {"offered_human": True}, "handoff"),
        ({"no": True}, {"offered_human": True}, "smalltalk"),
        ({"profile_codes": ("MAT-2025-001",)}, {}, "contact"),
        ({"contact_request": True}, {}, "contact"),
        ({"wants_next": True}, {}, "matching"),
        ({"wants_next": True}, {"qualified": False}, "qualification"),
        ({"wants_profiles": True}, {}, "matching"),
        ({"wants_profiles": True}, {"qualified": False}, "qualification"),
        ({"age": 30}, {"qualified": False}, "qualification"),
        ({"age": 29, "correction": True}, {}, "qualification"),
        ({"any_preference": True}, {"qualified": False, "asked": "preferred_city"}, "qualification"),
        ({"question": True}, {"qualified": False}, "faq"),
        ({"question": True}, {}, "faq"),
        ({"greeting": True}, {"qualified": False}, "qualification"),
        ({"greeting": True}, {}, "smalltalk"),
        ({"thanks": True}, {}, "smalltalk"),
        ({}, {"qualified": False, "asked": "age"}, "qualification"),
        ({}, {}, "fallback"),
    ],
)
def test_choose_route(understood: dict, overrides: dict, expected: str) -> None:
    assert choose_route(Understanding(**understood), **{**BASE, **overrides}) == expected


def test_any_preference_counts_only_for_questions_that_accept_it() -> None:
    assert Understanding(any_preference=True).answers_qualification(asked="age_range")
    assert not Understanding(any_preference=True).answers_qualification(asked="gender")


def test_completed_qualification_goes_straight_to_matching() -> None:
    assert after_qualification({"lead_updates": {"qualification_complete": True}}) == "matching"
    assert after_qualification({"lead_updates": {}}) == "compose"
