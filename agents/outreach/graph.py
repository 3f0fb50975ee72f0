"""The outreach agent's graph: research → draft → check → decide (a refused model paragraph
goes back to draft once, to be written from the facts alone)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, Literal, Protocol, cast

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from agents.outreach import draft as drafting
from agents.outreach.check import check_draft
from agents.outreach.research import facts_of
from agents.outreach.state import InputState, OutreachContext, OutreachState, Status, Verdict
from graph.state import AgentRun


class Node(Protocol):
    """A step: the state in, what it adds out (LangGraph passes the runtime by name)."""

    def __call__(self, state: OutreachState, *, runtime: Runtime[OutreachContext]) -> dict[str, Any]: ...


Graph = CompiledStateGraph[OutreachState, OutreachContext, InputState, OutreachState]
AGENT = "outreach"


def logged(step: str, summary: Callable[[OutreachState, dict[str, Any]], str]) -> Callable[[Node], Node]:
    """Wrap a step: time it and add its agent_logs entry (`outreach.<step>`) to the state."""

    def decorate(node: Node) -> Node:
        @functools.wraps(node)
        def run(state: OutreachState, *, runtime: Runtime[OutreachContext]) -> dict[str, Any]:
            started = time.perf_counter()
            added = node(state, runtime=runtime)
            brief, recipient = state["brief"], state["recipient"]
            entry = AgentRun(agent=f"{AGENT}.{step}",
                             input=f"campaign {brief.campaign_id} step {brief.step}, {recipient.kind} {recipient.id}",
                             output=summary(state, added)[:500],
                             duration_ms=int((time.perf_counter() - started) * 1000),
                             success=True, error=None)
            return {**added, "runs": [entry]}

        return run

    return decorate


@logged("research", lambda _s, a: f"{len(a['facts'])} facts: {', '.join(a['facts'])}")
def research_node(state: OutreachState, *, runtime: Runtime[OutreachContext]) -> dict[str, Any]:
    language = drafting.pick_template(state["brief"], state["recipient"].language).language
    return {"facts": facts_of(state["recipient"], language)}


@logged("draft", lambda _s, a: f"{a['email'].subject} (first paragraph: {a['email'].source})")
def draft_node(state: OutreachState, *, runtime: Runtime[OutreachContext]) -> dict[str, Any]:
    draft = drafting.write(chat_model=runtime.context.chat_model, brief=state["brief"],
                           recipient=state["recipient"], facts=state.get("facts", {}),
                           model_allowed=not state.get("refused_model"), prompts=runtime.context.prompts)
    return {"email": draft}


@logged("check", lambda _s, a: "ok" if a["verdict"].ok else "refused: " + "; ".join(a["verdict"].reasons))
def check_node(state: OutreachState, *, runtime: Runtime[OutreachContext]) -> dict[str, Any]:
    draft = state["email"]
    verdict = check_draft(draft, brief=state["brief"], facts=state.get("facts", {}))
    if draft.execution_id and runtime.context.prompts is not None:  # the model's paragraph, judged
        runtime.context.prompts.judge(draft.execution_id, ok=verdict.ok, reasons=verdict.reasons)
    added: dict[str, Any] = {"verdict": verdict}
    if not verdict.ok and draft.source == "model":
        added["refused_model"] = verdict.reasons
    return added


def decision(verdict: Verdict, approval_mode: str) -> Status:
    """Rejected when the check failed; approved when the campaign sends without approval; else pending."""
    if not verdict.ok:
        return "rejected"
    return "approved" if approval_mode == "auto" else "pending"


@logged("decide", lambda _s, a: str(a["status"]))
def decide_node(state: OutreachState, *, runtime: Runtime[OutreachContext]) -> dict[str, Any]:
    return {"status": decision(state["verdict"], state["brief"].approval_mode)}


def after_check(state: OutreachState) -> Literal["draft", "decide"]:
    """A refused model paragraph is written again from the facts alone; anything else is decided."""
    verdict, draft = state["verdict"], state["email"]
    return "draft" if not verdict.ok and draft.source == "model" else "decide"


def build_graph() -> Graph:
    """The compiled graph (no checkpointer: a run is one e-mail, start to end)."""
    builder = StateGraph(OutreachState, context_schema=OutreachContext, input_schema=InputState)
    builder.add_node("research", research_node)
    builder.add_node("draft", draft_node)
    builder.add_node("check", check_node)
    builder.add_node("decide", decide_node)
    builder.add_edge(START, "research")
    builder.add_edge("research", "draft")
    builder.add_edge("draft", "check")
    builder.add_conditional_edges("check", after_check, ["draft", "decide"])
    builder.add_edge("decide", END)
    return builder.compile()


def run(graph: Graph, state: InputState, context: OutreachContext) -> OutreachState:
    """One e-mail, researched, drafted, checked and decided."""
    return cast(OutreachState, graph.invoke(state, context=context))
