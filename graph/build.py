"""The conversation graph, wired: it reads like a table of contents."""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from agents.common import seen_lead
from agents.contact import contact_node
from agents.context import TurnContext
from agents.faq import faq_node
from agents.handoff import handoff_node
from agents.matching import matching_node
from agents.opt_out import opt_in_node, opt_out_node
from agents.qualification import qualification_node
from agents.smalltalk import fallback_node, ineligible_node, smalltalk_node
from agents.understanding import understand_node
from graph.compose import compose_node, guard_node
from graph.routing import after_qualification, choose_route, to_agent
from graph.state import InputState, State, Understanding, Update, turn_start

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


def start_turn_node(state: State) -> Update:
    """Clear what the previous turn left in the *turn* fields."""
    return turn_start()


def route_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Decide which agent answers (the decision itself is the pure choose_route)."""
    lead = seen_lead(state, runtime.context)
    route = choose_route(
        state.get("understanding", Understanding()),
        qualified=lead.qualification_complete,
        opted_out=lead.opted_out,
        eligible=lead.status != "non_eligible",
        asked=state.get("asked"),
        offered_human=state.get("offered_human", False),
    )
    return Update(route=route, intent=route)


Graph = CompiledStateGraph[State, TurnContext, InputState, State]


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
    for name in AGENTS:
        if name != "qualification":
            graph.add_edge(name, "compose")
    graph.add_edge("compose", "guard")
    graph.add_edge("guard", END)
    return graph.compile(checkpointer=checkpointer)
