"""The conversation graph, wired: it reads like a table of contents."""

from __future__ import annotations

from typing import Literal, cast

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from agents.code_limit import asked_today, code_limit_node, codes_per_day, counted, new_codes
from agents.common import config_value, seen_lead
from agents.confirm import confirm_node
from agents.contact import contact_node
from agents.context import TurnContext
from agents.faq import faq_node
from agents.forget import forget_node
from agents.handoff import handoff_node, taken_back, waiting_node
from agents.matching import matching_node
from agents.opt_out import opt_in_node, opt_out_node
from agents.profile_info import profile_info_node
from agents.qualification import qualification_node
from agents.smalltalk import clarify_node, fallback_node, ineligible_node, smalltalk_node
from agents.understanding import understand_node
from graph.compose import compose_node, guard_node
from graph.routing import Situation, after_qualification, choose_route, takes_back, to_agent
from graph.state import InputState, LeadUpdates, State, Understanding, Update, merge_updates, turn_start

AGENTS = {
    "opt_out": opt_out_node,
    "opt_in": opt_in_node,
    "forget": forget_node,
    "confirm": confirm_node,
    "ineligible": ineligible_node,
    "handoff": handoff_node,
    "waiting": waiting_node,
    "contact": contact_node,
    "matching": matching_node,
    "profile_info": profile_info_node,
    "qualification": qualification_node,
    "faq": faq_node,
    "smalltalk": smalltalk_node,
    "clarify": clarify_node,
    "fallback": fallback_node,
    "code_limit": code_limit_node,
}
# The agents that look a profile up by the code a member names (what the daily limit counts).
CODE_LOOKUPS = ("contact", "matching", "profile_info")

Graph = CompiledStateGraph[State, TurnContext, InputState, State]


def start_turn_node(state: State) -> Update:
    """Clear what the previous turn left in the *turn* fields."""
    return turn_start(state)


def route_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Decide which agent answers (the decision itself is the pure choose_route), and count the
    profile codes the message looks up against the member's daily limit."""
    ctx = runtime.context
    lead = seen_lead(state, ctx)
    u = state.get("understanding", Understanding())
    today = ctx.services.clock().date()
    counting = new_codes(ctx, lead, u.profile_codes, today) if u.profile_codes and lead.qualification_complete else []
    situation = Situation(
        qualified=lead.qualification_complete,
        opted_out=lead.opted_out,
        eligible=lead.status != "non_eligible",
        minimum_age=int(config_value(ctx, "minimum_age", 18)),
        awaiting=state.get("context", "none"),
        pending=state.get("answering"),
        waiting_for_human=lead.status == "attente_humain" and lead.assigned_admin_id is None,
        handed_over_unread=lead.handoff_reason == "not_understood",
        profile_shown=lead.last_profile_shown is not None,
        new_codes=len(counting),
        codes_left=codes_per_day(ctx) - len(asked_today(lead, today)),
    )
    route = choose_route(u, situation)
    update = Update(route=route, intent=route)
    if takes_back(u, situation):
        update = taken_back(state, ctx, lead, route)  # the bot understands the member again
    if counting and route in CODE_LOOKUPS:
        update["lead_updates"] = merge_updates(cast(LeadUpdates, update.get("lead_updates") or {}),
                                               counted(lead, counting, today))
    return update


def after_confirm(state: State) -> Literal["qualification", "matching", "route", "compose"]:
    """Where an answered confirmation leads: the next question, a profile, or a new reading."""
    nxt = state.get("route")
    if nxt == "reroute":
        return "route"
    if nxt in ("qualification", "matching"):
        return nxt
    return "compose"


def build_graph(checkpointer: BaseCheckpointSaver | None = None) -> Graph:
    """start_turn → understand → route → one agent → compose → guard."""
    graph: StateGraph[State, TurnContext, InputState, State] = StateGraph(
        State, context_schema=TurnContext, input_schema=InputState
    )
    graph.add_node("start_turn", start_turn_node)
    graph.add_node("understand", understand_node)
    graph.add_node("route", route_node)
    for name, node in AGENTS.items():
        graph.add_node(name, node)
    graph.add_node("compose", compose_node)
    graph.add_node("guard", guard_node)

    graph.add_edge(START, "start_turn")
    graph.add_edge("start_turn", "understand")
    graph.add_edge("understand", "route")
    graph.add_conditional_edges("route", to_agent, {**{n: n for n in AGENTS}, "silent": END})
    graph.add_conditional_edges("qualification", after_qualification, ["matching", "compose"])
    graph.add_conditional_edges("confirm", after_confirm, ["qualification", "matching", "route", "compose"])
    for name in AGENTS:
        if name not in ("qualification", "confirm"):
            graph.add_edge(name, "compose")
    graph.add_edge("compose", "guard")
    graph.add_edge("guard", END)
    return graph.compile(checkpointer=checkpointer)
