"""The graph's routing without a model, the bare yes/no that answers a confirmation question, and
a model that keeps calling tools being stopped."""

from __future__ import annotations

import psycopg
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langgraph.graph import END

from bot.lead_platform.copilot import chat
from bot.lead_platform.copilot.graph import MAX_ROUNDS, CopilotState, next_step, rounds
from bot.lead_platform.copilot.messages import answer_kind
from tests.bot.lead_platform.copilot.conftest import MakeServices, agent_logs, desk
from tests.bot.lead_platform.leadkit import Tenant
from tests.support.llm_server import ScriptedLLM, tool_call


def calling(n: int) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": "lead_filters", "args": {}, "id": f"c{n}"}])


def test_the_tools_run_while_the_model_calls_them_and_has_rounds_left() -> None:
    earlier: list[AnyMessage] = [HumanMessage("avant"), calling(0), ToolMessage("{}", tool_call_id="c0"), AIMessage("ok")]
    asked: list[AnyMessage] = [*earlier, HumanMessage("Quels tags ?")]
    assert next_step(CopilotState(messages=[*asked, calling(1)])) == "tools"
    assert next_step(CopilotState(messages=[*asked, AIMessage("Voici les tags.")])) == END
    used: list[AnyMessage] = list(asked)
    for n in range(MAX_ROUNDS):
        used += [calling(n), ToolMessage("{}", tool_call_id=f"c{n}")]
    assert rounds(used) == MAX_ROUNDS  # the earlier question's round is not counted
    assert next_step(CopilotState(messages=[*used, calling(MAX_ROUNDS)])) == END


def test_only_a_bare_yes_or_no_answers_a_confirmation() -> None:
    assert [answer_kind(m) for m in ("Oui !", "  ok", "D'accord.", "Yes please", "Non merci", "annuler")] == [
        "yes", "yes", "yes", "yes", "no", "no"]
    assert answer_kind("oui, et tague aussi Paul") is None and answer_kind("Pourquoi ?") is None


def test_a_model_that_keeps_calling_tools_is_stopped(
    conn: psycopg.Connection, make_services: MakeServices, script: ScriptedLLM, alpha: Tenant,
) -> None:
    script.turns = [[tool_call("lead_filters")] for _ in range(MAX_ROUNDS + 3)]
    ws = desk(conn, make_services("mistral"), alpha, language="en")
    assert chat.ask(ws, "Loop forever") == "I could not finish that request. Try asking something narrower."
    assert script.chat_calls == MAX_ROUNDS + 1
    assert [r["agent_name"] for r in agent_logs(conn, alpha.client_id)] == ["copilot.lead_filters"] * MAX_ROUNDS
