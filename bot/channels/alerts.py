"""Admin alerts: a `logs` row the console shows, and a WhatsApp message to the admin phone."""

from __future__ import annotations

import logging
from typing import Any

from bot.channels.base import ChannelError
from bot.channels.delivery import TransientDeliveryError, template_for, window_open
from bot.channels.registry import Channels
from bot.channels.render import Outgoing
from bot.core import queue
from bot.core.connections import Conn
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.worker import Handler
from bot.store import conversations as repo
from bot.store.configuration import get_configuration
from bot.store.logs import insert_log

log = logging.getLogger(__name__)


def enqueue_admin_alert(conn: Conn, *, text: str, lead_id: int | None) -> int:
    """Record an alert for the console and, with `admin_phone` configured, queue it to WhatsApp."""
    log_id = insert_log(conn, source="alert", level="warning", message=text, lead_id=lead_id)
    if get_configuration(conn, "admin_phone"):
        queue.enqueue(conn, "deliver_admin_alert", {"log_id": log_id, "text": text, "lead_id": lead_id})
    return log_id


def alert_admins(conn: Conn, text: str) -> None:
    """An alert about no one member (a database switch): the `Alert` bot/core/failover.py calls."""
    enqueue_admin_alert(conn, text=text, lead_id=None)


def deliver_admin_alert_handler(services: Services, channels: Channels) -> Handler:
    """The queue handler for `deliver_admin_alert` jobs."""

    def handle(job: Job) -> dict[str, Any]:
        text = str(job.payload.get("text") or "")
        with services.pool.connection() as conn:
            phone = get_configuration(conn, "admin_phone")
            if not phone:
                return {"skipped": "no admin_phone configured"}
            phone = str(phone).strip()
            phone = phone if phone.startswith("+") else f"+{phone}"
            admin = repo.find_lead(conn, phone=phone)
            templates = get_configuration(conn, "whatsapp_templates", {})
            agency = get_configuration(conn, "agency_name", "Matchbot")
        message = Outgoing(text=text)
        if not window_open(admin.last_inbound_at if admin else None, services.clock()):
            template = template_for(templates, "alert", values={"text": text, "agency_name": agency,
                                                                 "lead_name": "", "profile_code": ""})
            if template is None:
                reason = "outside the 24-hour window and no approved template for 'alert'"
                _note(services, job, reason)
                return {"status": "refused", "reason": reason}
            message.template = template
        try:
            result = channels.get(channels.configured_provider()).send(
                address=phone, message=message, message_id=0)
        except ChannelError as exc:
            if exc.transient and job.attempts < job.max_attempts:
                raise TransientDeliveryError(str(exc)) from None
            _note(services, job, str(exc))
            return {"status": "failed", "error": str(exc)}
        return {"status": result.status, "provider_message_id": result.provider_message_id}

    return handle


def _note(services: Services, job: Job, reason: str) -> None:
    """The alert could not reach the admin's phone: say so where the console looks."""
    with services.pool.connection() as conn:
        insert_log(conn, source="alert", level="error",
                   message=f"admin alert not sent to WhatsApp: {reason}",
                   context={"log_id": job.payload.get("log_id")}, lead_id=job.payload.get("lead_id"))
