"""Erasing a member on their request: asked once more, then done exactly as `matchbot forget`.

The erasure itself is the `forget_member` job (bot/store/retention.py): it waits until
the confirmation has been delivered, then erases everything, that message included.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents.common import agent, language, reply, spoken, voice
from agents.context import TurnContext
from agents.qualification import yes_no_buttons
from bot.core import queue
from graph.state import Pending, State, Update

FORGET_JOB = "forget_member"
FORGET_AFTER_SECONDS = 20.0  # time for the confirmation to reach the member first


@agent("forget")
def forget_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """"Supprimez mes données": ask for a clear yes before erasing anything."""
    lang = language(state, runtime.context)
    words = voice(state)
    text = words.say("delete_confirm", lang)
    return spoken(Update(replies=[reply(text, buttons=yes_no_buttons(lang, words))], intent="delete_data",
                         pending=Pending(kind="delete_data"), awaiting="asked_confirmation"), words)


def erase_later(ctx: TurnContext) -> None:
    """Queue the erasure of this member (after the goodbye has been delivered)."""
    queue.enqueue(ctx.conn, FORGET_JOB, {"lead_id": ctx.lead.id}, delay=FORGET_AFTER_SECONDS,
                  dedup_key=f"forget:{ctx.lead.id}")
