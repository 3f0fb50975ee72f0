"""Pure routing: which agent answers this turn, from what was understood and the lead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

Route = Literal[
    "silent", "opt_out", "opt_in", "ineligible", "handoff", "contact", "matching",
    "qualification", "faq", "smalltalk", "fallback",
]

QUALIFICATION_KEYS = ("age", "gender", "city", "looking_for_gender", "age_range", "preferred_city")


def has_qualification_data(u: Mapping[str, Any], *, asked: str | None) -> bool:
    """The message answers (or corrects) some qualification question."""
    if any(u.get(key) for key in QUALIFICATION_KEYS):
        return True
    return bool(u.get("any_preference")) and asked in ("age_range", "preferred_city")


def choose_route(
    u: Mapping[str, Any],
    *,
    qualified: bool,
    opted_out: bool,
    eligible: bool,
    asked: str | None,
    offered_human: bool,
) -> Route:
    """The agent for this turn. Order matters: safety and consent first, then intent."""
    if opted_out:
        return "opt_in" if u.get("opt_in") else "silent"
    if u.get("opt_out"):
        return "opt_out"
    if not eligible:
        return "ineligible"
    if u.get("wants_human") or u.get("complaint"):
        return "handoff"
    if offered_human and u.get("yes") and not u.get("no"):
        return "handoff"
    if u.get("profile_codes") or u.get("contact_request"):
        return "contact"
    if u.get("wants_next") or u.get("wants_profiles"):
        return "matching" if qualified else "qualification"
    answers = has_qualification_data(u, asked=asked)
    if answers:
        return "qualification"
    if u.get("question"):
        return "faq"
    if not qualified and not u.get("thanks"):
        return "qualification"
    if u.get("greeting") or u.get("thanks") or (offered_human and u.get("no")):
        return "smalltalk"
    return "fallback"


def after_qualification(state: Mapping[str, Any]) -> Literal["matching", "compose"]:
    """Straight to the first profile once qualification has just completed."""
    updates = state.get("lead_updates") or {}
    return "matching" if updates.get("qualification_complete") else "compose"
