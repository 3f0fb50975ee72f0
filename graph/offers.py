"""A question the bot asks outside a turn (a member outreach alert: "voulez-vous le voir ?").

The member's answer is read by their next turn in the context of the last thing the bot
asked, which lives in the conversation's checkpoint. A message sent by a job rather than by
a turn therefore updates that checkpoint as the turn that sent it would have (LangGraph's
`update_state`, as the graph's last node): "oui" then answers the alert, not whatever the
bot asked days before. It happens under the lead's turn lock, in the caller's transaction,
so that the message, its delivery job and the new context commit together or not at all.
"""

from __future__ import annotations

from functools import cache

from bot.core.connections import Conn
from graph.build import Graph, build_graph
from graph.checkpointer import saver, thread_config
from graph.state import Awaiting, Pending, Update
from graph.turn import LOCK_NAMESPACE


@cache
def _graph() -> Graph:
    return build_graph()


class ConversationState:
    """What member outreach needs of a member's conversation (bot/lead_platform/outreach/members.py)."""

    def lock(self, conn: Conn, lead_id: int) -> bool:
        """Hold the lead's turn lock until the caller's transaction ends; False while a turn runs."""
        row = conn.execute("SELECT pg_try_advisory_xact_lock(%s, %s) AS locked",
                           (LOCK_NAMESPACE, lead_id)).fetchone()
        return bool(row and row["locked"])

    def ask(self, conn: Conn, lead_id: int, *, pending: Pending | None, awaiting: Awaiting) -> None:
        """The conversation now waits for an answer to this (the member's next turn reads it so)."""
        graph = _graph().copy(update={"checkpointer": saver(conn)})
        graph.update_state(thread_config(lead_id), Update(pending=pending, awaiting=awaiting), as_node="guard")
