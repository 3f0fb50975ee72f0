"""The conversation graph, wired: it reads like a table of contents."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from agents.contact import contact_node
from agents.faq import faq_node
from agents.handoff import handoff_node
from agents.matching import matching_node
from agents.opt_out import opt_in_node, opt_out_node
from agents.qualification import qualification_node
from agents.smalltalk import fallback_node, ineligible_node, smalltalk_node
from agents.understanding import understand_node
from graph.compose import compose_node, guard_node
from graph.routing import Route, after_qualification, choose_route
from graph.state import State
from agents.context import TurnContext

AGENTS = {
    "opt_out": opt_out_node,
    "opt_in": opt_in_node,
    "ineligible": ineligible_node,
    "handoff": handoff_node,
    "contact": contact_node,
    "matching": matching_node,
    "qualification": qualification_node,
    "faq": faq_node,
    "smalltalk": smalltalk_node,
    "fallback": fallback_node,
}


def route_node(state: State, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    """Decide which agent answers (the decision itself is the pure choose_route)."""
    ctx = runtime.context
    updates = state.get("lead_updates") or {}
    lead = ctx.lead
    route = choose_route(
        state.get("understanding") or {},
        qualified=bool(updates.get("qualification_complete", lead.qualification_complete)),
        opted_out=bool(updates.get("opted_out", lead.opted_out)),
        eligible=updates.get("status", lead.status) != "non_eligible",
        asked=state.get("asked"),
        offered_human=bool(state.get("offered_human")),
    )
    return {"route": route, "intent": route}


def to_agent(state: State) -> Route:
    return state["route"]


def build_graph(checkpointer: BaseCheckpointSaver | None = None) -> CompiledStateGraph:
    """understand → route → one agent → compose → guard."""
    graph = StateGraph(State, context_schema=TurnContext)
    graph.add_node("understand", understand_node)
    graph.add_node("route", route_node)
    for name, node in AGENTS.items():
        graph.add_node(name, node)
    graph.add_node("compose", compose_node)
    graph.add_node("guard", guard_node)

    graph.add_edge(START, "understand")
    graph.add_edge("understand", "route")
    graph.add_conditional_edges("route", to_agent, {**{n: n for n in AGENTS}, "silent": END})
    graph.add_conditional_edges("qualification", after_qualification, ["matching", "compose"])
    for name in AGENTS:
        if name != "qualification":
            graph.add_edge(name, "compose")
    graph.add_edge("compose", "guard")
    graph.add_edge("guard", END)
    return graph.compile(checkpointer=checkpointer)
