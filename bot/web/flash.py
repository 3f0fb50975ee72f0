"""Flash messages: short notices kept in the session until the next page shows them."""

from __future__ import annotations

from typing import Literal

from bot.web.sessions import Session

Level = Literal["info", "success", "error"]


def flash(session: Session, message: str, level: Level = "info") -> None:
    """Queue a message for the next rendered page."""
    queued = list(session.get("flash") or [])
    queued.append({"level": level, "message": message})
    session["flash"] = queued[-5:]


def pop_flashes(session: Session) -> list[dict[str, str]]:
    """The queued messages, removed from the session."""
    return list(session.pop("flash") or [])
