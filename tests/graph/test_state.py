"""The state's declarations: lead updates name real columns, reducers add, turns start clean."""

from __future__ import annotations

import dataclasses
from typing import get_type_hints

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph

from bot.store.conversations import UPDATABLE_LEAD_COLUMNS, Lead
from graph.state import InputState, LeadUpdates, State, Understanding, Update, merge_updates, turn_start


def test_lead_updates_are_exactly_the_updatable_columns_of_a_lead() -> None:
    declared = set(get_type_hints(LeadUpdates))
    assert declared == UPDATABLE_LEAD_COLUMNS
    assert declared <= {f.name for f in dataclasses.fields(Lead)}  # a turn can see them on the lead


def test_later_updates_win_column_by_column() -> None:
    assert merge_updates(LeadUpdates(age=30, city="Douala"), LeadUpdates(age=31)) == {"age": 31, "city": "Douala"}


def _graph() -> StateGraph:
    def start(state: State) -> Update:
        return turn_start(state)

    def first(state: State) -> Update:
        return Update(replies=[{"text": f"one:{state['inbound'][0]}"}], llm_calls=1,
                      lead_updates=LeadUpdates(age=30))

    def second(state: State) -> Update:
        return Update(replies=[{"text": "two"}], llm_calls=1, lead_updates=LeadUpdates(city="Lomé"))

    graph = StateGraph(State, input_schema=InputState)
    for name, node in (("start", start), ("first", first), ("second", second)):
        graph.add_node(name, node)
    graph.add_edge(START, "start")
    graph.add_edge("start", "first")
    graph.add_edge("first", "second")
    graph.add_edge("second", END)
    return graph


def test_nodes_return_what_they_add_and_every_turn_starts_clean() -> None:
    graph = _graph().compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "lead-1"}}
    for message in ("a", "b"):
        state = graph.invoke(InputState(inbound=[message]), config)
        assert [r["text"] for r in state["replies"]] == [f"one:{message}", "two"]
        assert state["llm_calls"] == 2
        assert state["lead_updates"] == {"age": 30, "city": "Lomé"}
        assert state["understanding"] == Understanding()
