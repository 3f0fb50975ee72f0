"""What every agent shares: the lead as this turn sees it, replies and their wording, timing."""

from __future__ import annotations

import dataclasses
import functools
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol, Unpack

from langgraph.runtime import Runtime
from langgraph.types import Overwrite

from agents.context import TurnContext
from agents.messages import Voice, say
from bot.store.conversations import Lead
from graph.state import AgentRun, Button, LeadUpdates, Reply, State, Understanding, Update

log = logging.getLogger(__name__)


class Node(Protocol):
    """A graph node: the state in, what it adds out (LangGraph passes the runtime by name)."""

    def __call__(self, state: State, *, runtime: Runtime[TurnContext]) -> Update: ...


def seen_lead(state: State, ctx: TurnContext, **changes: Unpack[LeadUpdates]) -> Lead:
    """The lead as this turn sees it: the stored row, the turn's updates, then these changes."""
    updates: dict[str, Any] = {**state.get("lead_updates", {}), **changes}
    return dataclasses.replace(ctx.lead, **updates) if updates else ctx.lead


def understood(state: State) -> Understanding:
    """What this turn understood (nothing before the understanding agent ran)."""
    return state.get("understanding", Understanding())


def language(state: State, ctx: TurnContext) -> str:
    """The member's language for this turn."""
    return seen_lead(state, ctx).language or "fr"


def first_name(lead: Lead) -> str | None:
    """The member's first name: the one they gave us, else their WhatsApp name if it is one."""
    given = (lead.metadata or {}).get("first_name")
    if given:
        return str(given)
    word = (lead.name or "").split()[0] if lead.name else ""
    return word if word.isalpha() and word[:1].isupper() and len(word) > 1 else None


def agreement(lead: Lead) -> str:
    """The French feminine ending for the member: "e" for a woman, "" for a man, "(e)" unknown."""
    return {"female": "e", "male": ""}.get(lead.gender or "", "(e)")


def text_of(state: State) -> str:
    """The turn's inbound messages as one text."""
    return "\n".join(t for t in state.get("inbound", []) if t).strip()


def reply(text: str, *, media: list[str] | None = None, buttons: list[Button] | None = None,
          profile_code: str | None = None, first_name: str | None = None, purpose: str | None = None) -> Reply:
    """One outbound message (only the parts given)."""
    message = Reply(text=text)
    if media is not None:
        message["media"] = media
    if buttons is not None:
        message["buttons"] = buttons
    if profile_code is not None:
        message["profile_code"] = profile_code
    if first_name is not None:
        message["first_name"] = first_name
    if purpose is not None:
        message["purpose"] = purpose
    return message


def voice(state: State) -> Voice:
    """Picks phrasings that the member did not read last time."""
    return Voice(state.get("said"))


def spoken(result: Update, words: Voice) -> Update:
    """A node's result with the phrasings it used remembered."""
    if words.used:
        result["said"] = {**result.get("said", {}), **words.used}
    return result


def with_metadata(lead: Lead, **keys: Any) -> dict[str, Any]:
    """The lead's whole metadata column with these keys changed (for `lead_updates`)."""
    return {**(lead.metadata or {}), **keys}


def config_value(ctx: TurnContext, key: str, default: Any = None) -> Any:
    """An agency setting from `configuration` (None values fall back to the default)."""
    value = ctx.config.get(key)
    return default if value is None else value


def agent(name: str) -> Callable[[Node], Node]:
    """Wrap a node: time it, record an agent_logs entry, and never let it crash the turn.

    On an exception the member gets the polite "not understood" reply and the error is
    logged with success = false.
    """

    def decorate(node: Node) -> Node:
        @functools.wraps(node)
        def run(state: State, *, runtime: Runtime[TurnContext]) -> Update:
            started = time.perf_counter()
            error = None
            try:
                result = node(state, runtime=runtime)
            except Exception as exc:  # an agent bug must not lose the member's message
                log.exception("agent %s failed", name)
                error = f"{type(exc).__name__}: {exc}"
                result = Update(replies=[reply(say("not_understood", language(state, runtime.context)))])
            added = result.get("replies") or []
            written = added.value if isinstance(added, Overwrite) else added
            entry = AgentRun(
                agent=name,
                input=text_of(state)[:500],
                output=" | ".join(r.get("text", "") for r in written)[:500],
                duration_ms=int((time.perf_counter() - started) * 1000),
                success=error is None,
                error=error,
            )
            return {**result, "agent_runs": [entry]}

        return run

    return decorate
