"""The copilot's graph: the model, bound to the tools, calls them through a ToolNode until it answers.

    START → model ─(tool calls)→ tools → model … ─(an answer, or rounds used up)→ END

One compiled graph per scope (a client's tools; the agency's, with its members), built
once per process; each request passes its `Workspace` as the runtime context, so the same
graph serves every tenant and each tool call runs as the request's tenant.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal, TypedDict

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage
from langchain_core.tools import BaseTool
from langgraph.graph import START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.graph.state import CompiledStateGraph
from langgraph.prebuilt import ToolNode
from langgraph.prebuilt.tool_node import ToolInvocationError
from langgraph.runtime import Runtime

from bot.lead_platform.copilot.audit import audited
from bot.lead_platform.copilot.member_tools import MEMBER_TOOLS
from bot.lead_platform.copilot.prompts import COPILOT, LANGUAGE_NAMES
from bot.lead_platform.copilot.tools import CLIENT_TOOLS
from bot.lead_platform.copilot.workspace import Scope, Workspace

# Rounds of tool calls in one request before the copilot stops and says it could not finish.
MAX_ROUNDS = 4


class CopilotState(TypedDict):
    """The conversation so far: the chat's recent messages, the question, then what the model
    and the tools add (each node returns only its new messages)."""

    messages: Annotated[list[AnyMessage], add_messages]


def tools_of(scope: Scope) -> tuple[BaseTool, ...]:
    return CLIENT_TOOLS + MEMBER_TOOLS if scope == "agency" else CLIENT_TOOLS


def rounds(messages: list[AnyMessage]) -> int:
    """Tool-calling answers of the model since the user's last message."""
    count = 0
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            break
        count += isinstance(message, AIMessage) and bool(message.tool_calls)
    return count


def next_step(state: CopilotState) -> Literal["tools", "__end__"]:
    """The tools when the model called some and has rounds left; otherwise the end."""
    last = state["messages"][-1]
    if isinstance(last, AIMessage) and last.tool_calls and rounds(state["messages"]) <= MAX_ROUNDS:
        return "tools"
    return "__end__"  # END


def model(state: CopilotState, runtime: Runtime[Workspace]) -> dict[str, Any]:
    """One call of the chat model with the registry's prompt and the scope's tools (recorded)."""
    ws = runtime.context
    assert ws.services.chat_model is not None  # offline, chat.py answers without the graph
    call = ws.services.prompts.call(COPILOT, subject=f"copilot:{ws.client_id}", client_id=ws.client_id)
    system = call.system(workspace=ws.name, language_name=LANGUAGE_NAMES.get(ws.language, "English"),
                         today=ws.now().date().isoformat())
    bound = call.model(ws.services.chat_model).bind_tools(list(tools_of(ws.scope)))
    reply = bound.invoke([SystemMessage(system), *state["messages"]], config=call.config())
    return {"messages": [reply]}


@functools.cache
def copilot_graph(scope: Scope) -> CompiledStateGraph[CopilotState, Workspace, CopilotState, CopilotState]:
    builder = StateGraph(CopilotState, context_schema=Workspace)
    builder.add_node("model", model)
    # Validation errors of the model's arguments go back to it; anything else is audited's to catch.
    builder.add_node("tools", ToolNode(list(tools_of(scope)), wrap_tool_call=audited,
                                       handle_tool_errors=(ToolInvocationError,)))
    builder.add_edge(START, "model")
    builder.add_conditional_edges("model", next_step)
    builder.add_edge("tools", "model")
    return builder.compile()
