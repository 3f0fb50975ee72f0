"""Handed-over conversations that no adviser took come back to the bot (`handback` job, every minute).

After `handback_minutes` (configuration) without an adviser, the member gets an apology
and the bot answers again; an alert tells the admins. 0 turns it off.
"""

from __future__ import annotations

from typing import Any

import psycopg

from agents.messages import say
from bot.channels.alerts import enqueue_admin_alert
from bot.channels.delivery import enqueue_delivery
from bot.core import queue
from bot.core.connections import Conn
from bot.core.services import Services
from bot.core.worker import Handler
from bot.store import conversations as repo
from bot.store.configuration import get_configuration

HANDBACK_EVERY = 60.0


def hand_back(conn: Conn) -> int:
    """Give back every conversation waiting longer than configured; returns how many."""
    minutes = int(get_configuration(conn, "handback_minutes", 45) or 0)
    if minutes <= 0:
        return 0
    with conn.transaction():
        leads = conn.execute(
            """SELECT id, language, qualification_complete, channel FROM leads
               WHERE status = 'attente_humain' AND assigned_admin_id IS NULL
                 AND human_since < now() - make_interval(mins => %s)
               FOR UPDATE SKIP LOCKED""",
            (minutes,),
        ).fetchall()
        for lead in leads:
            status = "prospect_qualifie" if lead["qualification_complete"] else "nouveau_lead"
            phase = "matching" if lead["qualification_complete"] else "qualification"
            repo.update_lead(conn, lead["id"], status=status, conversation_phase=phase, human_since=None,
                             not_understood_count=0)
            message_id = repo.record_outbound(
                conn, lead_id=lead["id"], content=say("handback", lead["language"] or "fr"), intent="handback",
                channel=lead["channel"], metadata={"agent": "handback", "purpose": "reply"},
            )
            enqueue_delivery(conn, message_id)
            enqueue_admin_alert(conn, lead_id=lead["id"],
                                text=f"Conversation rendue au bot après {minutes} min sans conseiller (lead {lead['id']})")
    return len(leads)


def job_handlers(services: Services) -> dict[str, Handler]:
    """`handback`: every minute (re-enqueues itself; at most one is pending)."""

    def handback(job: queue.Job) -> dict[str, Any]:
        with services.pool.connection() as conn:
            given_back = hand_back(conn)
            queue.schedule(conn, "handback", delay=HANDBACK_EVERY)
        return {"given_back": given_back}

    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, "handback", delay=HANDBACK_EVERY)
    except psycopg.Error:  # a worker must start even if seeding fails; the next start schedules it
        pass
    return {"handback": handback}
