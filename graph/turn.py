"""One bot turn: the `bot_turn` job that answers a lead's waiting messages.

Everything a turn writes — the graph checkpoint, outbound rows and their delivery jobs,
lead columns, agent logs, the answered marks — commits in ONE transaction on the turn's
connection. A worker that dies mid-turn leaves nothing behind, and the job's retry
answers the same messages once. Turns of one lead never overlap (advisory lock).
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, datetime
from typing import Any, cast

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_postgres import PostgresChatMessageHistory

from agents.context import TurnContext
from agents.nlu.model import TRAIN_JOB, ModelFiles, UnderstandingModel
from agents.privacy import load_name_index
from bot.channels.delivery import enqueue_delivery
from bot.core import queue
from bot.core.cache import TtlCache
from bot.core.connections import Conn
from bot.core.log_context import bind_private
from bot.core.metrics import TURN_LATENCY
from bot.core.services import Services
from bot.core.worker import Handler, PermanentError, RetryLater
from bot.store import conversations as repo
from bot.store.configuration import all_configuration
from bot.store.conversations import Lead, Message
from bot.store.logs import record_agent_runs
from bot.store.memory import CHAT_MEMORY_TABLE, memory_session_id, recent_messages
from graph.build import build_graph
from graph.checkpointer import saver, thread_config
from graph.state import InputState, State, Understanding
from knowledge.embeddings import OfflineEmbeddings
from knowledge.profiles import catalogue_cities

log = logging.getLogger(__name__)
LOCK_NAMESPACE = 0x4C454144  # "LEAD": advisory locks (namespace, lead id)


def sentiment_of(u: Understanding) -> str:
    """The sentiment stored on the inbound rows of a turn."""
    if u.complaint:
        return "negative"
    if u.thanks:
        return "positive"
    return "neutral"


MEMORY_TURNS = 6  # messages of chat memory an LLM reading sees


class TurnRunner:
    """Runs bot turns; every turn's checkpoint goes through that turn's own connection."""

    def __init__(self, services: Services) -> None:
        self.services = services
        # Compiled once (~12 ms); each turn gets a copy bound to its connection's saver.
        self.graph = build_graph()
        # Catalogue-wide lookups, refreshed every minute (per database: one runner each).
        self.cities = TtlCache(catalogue_cities)
        self.names = TtlCache(load_name_index)
        # The intent classifier: trained once per machine (loaded from a file or the database).
        self.understanding = UnderstandingModel(OfflineEmbeddings(),
                                                files=ModelFiles(services.settings.models_dir))

    def run(self, lead_id: int) -> dict[str, Any]:
        """Answer every waiting message of the lead in one turn."""
        with self.services.pool.connection() as conn:
            locked = conn.execute(
                "SELECT 1 WHERE pg_try_advisory_lock(%s, %s)", (LOCK_NAMESPACE, lead_id)
            ).fetchone()
            if locked is None:
                raise RetryLater(0.25, "another turn of this lead is running")
            try:
                with conn.transaction():
                    outcome, memory = self._turn(conn, lead_id)
                if "waited_seconds" in outcome:  # committed: the member's wait is over
                    TURN_LATENCY.observe(outcome["waited_seconds"])
                if memory:
                    history = PostgresChatMessageHistory(
                        # The library types connections with tuple rows; it only writes through it.
                        CHAT_MEMORY_TABLE, memory_session_id(lead_id), sync_connection=cast(Any, conn)
                    )
                    history.add_messages(memory)
                return outcome
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, lead_id))

    def _turn(self, conn: Conn, lead_id: int) -> tuple[dict[str, Any], list[BaseMessage]]:
        lead = repo.get_lead(conn, lead_id)
        if lead is None:
            raise PermanentError(f"lead {lead_id} does not exist")
        inbound = repo.unanswered_inbound(conn, lead_id)
        if not inbound:
            return {"answered": 0}, []
        config = all_configuration(conn)
        ids = [m.id for m in inbound]
        if lead.assigned_admin_id is not None or config.get("bot_enabled") is False:
            repo.mark_answered(conn, ids, intent="human")
            return {"answered": len(ids), "silent": "a person has this conversation"}, []
        cities = self.cities.get(conn)
        context = TurnContext(
            services=self.services, conn=conn, lead=lead, config=config, cities=cities,
            names=self.names.get(conn), reader=self.understanding.reader(conn),
            memory=recent_messages(conn, lead_id, limit=MEMORY_TURNS) if self.services.chat_model is not None else [],
        )
        graph = self.graph.copy(update={"checkpointer": saver(conn)})
        texts = [m.content or "" for m in inbound]
        bind_private(*texts)  # no log line of this turn may quote what the member wrote
        state = cast(State, graph.invoke(
            InputState(inbound=texts), thread_config(lead_id), context=context, durability="exit"
        ))
        self._persist(conn, lead, inbound, state, prediction_id=context.prediction_id)
        memory: list[BaseMessage] = [HumanMessage(t) for t in texts if t]
        memory += [AIMessage(r["text"]) for r in state.get("replies", [])]
        return {
            "answered": len(ids), "route": state.get("route"), "replies": len(state.get("replies", [])),
            "llm_calls": state.get("llm_calls", 0),
            "waited_seconds": round((datetime.now(UTC) - inbound[0].created_at).total_seconds(), 3),
        }, memory

    def _persist(self, conn: Conn, lead: Lead, inbound: list[Message], state: State, *,
                 prediction_id: uuid.UUID | None) -> None:
        intent = state.get("intent") or state.get("route")
        for message in state.get("replies", []):
            metadata = {
                "agent": state.get("route"), "llm_calls": state.get("llm_calls", 0),
                "purpose": message.get("purpose", "reply"), "buttons": message.get("buttons", []),
            }
            message_id = repo.record_outbound(
                conn, lead_id=lead.id, content=message["text"], intent=intent,
                profile_code=message.get("profile_code"), media=message.get("media", []),
                metadata=metadata, channel=lead.channel,
            )
            enqueue_delivery(conn, message_id)
        understood = state.get("understanding", Understanding())
        reading: dict[str, Any] = {"context": state.get("context", "none"), "intent": understood.intent,
                                   "confidence": round(understood.confidence, 3)}
        if prediction_id is not None:  # what an admin's correction of these messages scores
            reading["feedback_id"] = str(prediction_id)
        repo.mark_answered(conn, [m.id for m in inbound], intent=intent, sentiment=sentiment_of(understood),
                           reading=reading)
        repo.update_lead(conn, lead.id, **state.get("lead_updates", {}))
        record_agent_runs(conn, lead_id=lead.id, runs=state.get("agent_runs", []))




def job_handlers(services: Services) -> dict[str, Handler]:
    """`bot_turn` (payload {"lead_id": int}) and `train_understanding` (after admins labelled
    messages: one process trains and stores the model, the others load it)."""
    runner = TurnRunner(services)

    def bot_turn(job: queue.Job) -> dict[str, Any]:
        lead_id = job.payload.get("lead_id")
        if not isinstance(lead_id, int):
            raise PermanentError("bot_turn payload has no integer lead_id")
        return runner.run(lead_id)

    def train_understanding(job: queue.Job) -> dict[str, Any]:
        with services.pool.connection() as conn:
            return runner.understanding.retrain(conn)

    threading.Thread(target=_warm_up, args=(runner,), name="matchbot-understanding", daemon=True).start()
    return {"bot_turn": bot_turn, TRAIN_JOB: train_understanding}


def _warm_up(runner: TurnRunner) -> None:
    """Load or train the classifier now, so that the first member does not wait for it."""
    try:
        with runner.services.pool.connection() as conn:
            runner.understanding.reader(conn)
    except Exception as exc:  # noqa: BLE001 -- the first turn will try again
        log.warning("understanding warm-up failed: %s", exc)
