"""Pure routing: which agent answers this turn, from what was understood and the lead."""

from __future__ import annotations

from typing import Literal

from graph.state import Question, Route, State, Understanding


def choose_route(
    u: Understanding,
    *,
    qualified: bool,
    opted_out: bool,
    eligible: bool,
    asked: Question | None,
    offered_human: bool,
) -> Route:
    """The agent for this turn. Order matters: safety and consent first, then intent."""
    if opted_out:
        return "opt_in" if u.opt_in else "silent"
    if u.opt_out:
        return "opt_out"
    if not eligible:
        return "ineligible"
    if u.wants_human or u.complaint:
        return "handoff"
    if offered_human and u.yes and not u.no:
        return "handoff"
    if u.profile_codes or u.contact_request:
        return "contact"
    if u.wants_next or u.wants_profiles:
        return "matching" if qualified else "qualification"
    if u.answers_qualification(asked=asked):
        return "qualification"
    if u.question:
        return "faq"
    if not qualified and not u.thanks:
        return "qualification"
    if u.greeting or u.thanks or (offered_human and u.no):
        return "smalltalk"
    return "fallback"


def to_agent(state: State) -> Route:
    """The edge from `route` to the chosen agent."""
    return state["route"]


def after_qualification(state: State) -> Literal["matching", "compose"]:
    """Straight to the first profile once qualification has just completed."""
    return "matching" if state.get("lead_updates", {}).get("qualification_complete") else "compose"
