"""One chat exchange with the copilot, and the chat as its page shows it.

`ask` stores the user's message, then either answers the copilot's last question itself (a
bare "oui"/"non" while the changes it showed wait: they run or are dropped, no model
involved) or runs the graph over the chat's recent messages, and stores the reply with the
changes prepared during the run. `decide` is the buttons' way to confirm or cancel. Both
areas' routes (dashboard, console) call only these.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal

import psycopg
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage

from bot.core.connections import Conn
from bot.lead_platform.copilot import actions
from bot.lead_platform.copilot.graph import copilot_graph
from bot.lead_platform.copilot.messages import answer_kind, text
from bot.lead_platform.copilot.workspace import Workspace
from bot.lead_platform.store import copilot as store

log = logging.getLogger(__name__)
PAGES = Path(__file__).parent / "pages"  # the chat's template, in both areas' template folders
HISTORY = 12  # recent messages the model reads back (the question included)
SHOWN = 60  # messages the page shows
MAX_QUESTION = 2000
# Each question costs model calls: a client (all its users together) asks at most this many a
# minute; more are answered with a request to wait, without calling the model.
QUESTIONS_PER_MINUTE = 12
# Tool calls of one round run in parallel, each on a pooled connection: two at a time leave the
# web pool (10 connections, 2 s to get one) to the other requests.
TOOLS_AT_ONCE = 2

ActionState = Literal["pending", "done", "cancelled", "failed", "expired"]


@dataclass(frozen=True)
class ActionView:
    action: store.Action
    state: ActionState


@dataclass(frozen=True)
class Entry:
    """One message of the chat, with the changes it showed."""

    message: store.ChatMessage
    actions: tuple[ActionView, ...] = ()


def view(ws: Workspace) -> list[Entry]:
    """The session's chat, oldest first, each copilot message with its changes and their state."""
    now = ws.now()
    with ws.tenant() as conn:
        messages = store.recent_messages(conn, session_id=ws.session_id, limit=SHOWN)
        shown = store.session_actions(conn, session_id=ws.session_id)
    by_message: dict[int, list[ActionView]] = {}
    for action in shown:
        if action.message_id is not None:
            state: ActionState = "expired" if action.expired(now) else action.status
            by_message.setdefault(action.message_id, []).append(ActionView(action, state))
    return [Entry(m, tuple(by_message.get(m.id, ()))) for m in messages]


def decide(ws: Workspace, action_id: uuid.UUID, *, confirm: bool) -> str:
    """A button's answer to one change; the outcome is added to the chat and returned."""
    decision = actions.decide(ws, action_id, confirm=confirm)
    say(ws, decision.reply)
    return decision.reply


def ask(ws: Workspace, question: str) -> str:
    """Answer one message of the user (module docstring); returns the reply as stored."""
    question = question.strip()[:MAX_QUESTION]
    with ws.tenant() as conn:
        asked = store.questions_since(conn, since=ws.now() - timedelta(minutes=1))
        store.add_message(conn, client_id=ws.client_id, session_id=ws.session_id, role="user", content=question)
        history = store.recent_messages(conn, session_id=ws.session_id, limit=HISTORY)
        waiting = _waiting(conn, ws, history)
    kind = answer_kind(question)
    if kind is not None and waiting:
        return _answer_waiting(ws, waiting, confirm=kind == "yes")
    if asked >= QUESTIONS_PER_MINUTE:
        return say(ws, text(ws.language)["busy"])
    return say(ws, _run(ws, history), attach=[a.id for a in ws.proposed])


def _waiting(conn: Conn, ws: Workspace, history: list[store.ChatMessage]) -> list[store.Action]:
    """Changes the copilot's last message showed that are still pending (expired ones included)."""
    last = next((m for m in reversed(history) if m.role == "assistant"), None)
    if last is None:
        return []
    return [a for a in store.session_actions(conn, session_id=ws.session_id)
            if a.message_id == last.id and a.status == "pending"]


def _answer_waiting(ws: Workspace, waiting: list[store.Action], *, confirm: bool) -> str:
    live = [a for a in waiting if not a.expired(ws.now())]
    if not live:
        return say(ws, text(ws.language)["too_late"])
    replies = [actions.decide(ws, a.id, confirm=confirm).reply for a in live]
    return say(ws, "\n".join(dict.fromkeys(replies)))  # "Cancelled" once for several


def _run(ws: Workspace, history: list[store.ChatMessage]) -> str:
    """The graph over the recent chat; the model's answer, or why there is none."""
    t = text(ws.language)
    messages: list[AnyMessage] = [HumanMessage(m.content) if m.role == "user" else AIMessage(m.content)
                                  for m in history]
    try:
        state = copilot_graph(ws.scope).invoke({"messages": messages}, context=ws,
                                               config={"max_concurrency": TOOLS_AT_ONCE})
    except psycopg.OperationalError:
        raise  # the database is away: the route answers 503
    except Exception:  # a provider outage or refusal: the user reads that nothing changed
        log.exception("copilot: the model call failed")
        return t["unavailable"]
    last = state["messages"][-1]
    reply = str(last.text).strip() if isinstance(last, AIMessage) and not last.tool_calls else ""
    return ws.mask(reply) if reply else t["gave_up"]


def say(ws: Workspace, reply: str, *, attach: list[uuid.UUID] | None = None) -> str:
    """Store the copilot's message (with the changes it shows)."""
    with ws.tenant() as conn:
        message_id = store.add_message(conn, client_id=ws.client_id, session_id=ws.session_id, role="assistant",
                                       content=reply)
        if attach:
            store.attach(conn, attach, message_id=message_id)
    return reply
