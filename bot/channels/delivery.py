"""The `deliver_message` job: one stored outbound row goes out through its lead's channel.

Rules, in order: an opted-out member gets nothing but the opt-out confirmation; inside
the 24-hour customer-service window any message goes; outside it only an approved
template for the message's purpose goes, else the row is refused with the reason (the
console shows it). Transient provider errors raise, so the queue retries with backoff;
permanent ones are recorded on the row and the job completes.

A message goes out once however the attempts end: two runs of one delivery never overlap
(the row's advisory lock), and a row an earlier attempt left `sending` (its worker was
killed, or the provider's answer was lost to a timeout) is looked up at the provider
before it is sent again (Twilio lists its messages; Meta cannot, so there it is resent).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.channels.base import Channel, ChannelError, SendResult
from bot.channels.registry import Channels
from bot.channels.render import Outgoing, choices_from_metadata
from bot.core import queue
from bot.core.connections import Conn
from bot.core.log_context import bind_lead
from bot.core.metrics import DELIVERIES
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.worker import Handler, RetryLater
from bot.store import conversations as repo
from bot.store import inbound
from bot.store.configuration import get_configuration
from bot.store.conversations import Message

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
LOCK_NAMESPACE = 0x53454E44  # "SEND": advisory locks (namespace, outbound message id)
# A transient failure is retried from the queue after 2 s, 4 s, 8 s … then every 5 min
# (bot.core.queue.backoff_seconds): about 25 minutes of provider outage before a message
# is marked failed, without ever holding a worker thread in between.
DELIVERY_ATTEMPTS = 12
DONE_STATUSES = {"queued", "sent", "delivered", "read", "accepted", "scheduled", "refused",
                 "failed", "undelivered", "canceled"}


class TransientDeliveryError(Exception):
    """The provider could not take the message now (429, 5xx, network): retry later."""


def enqueue_delivery(conn: Conn, message_id: int) -> None:
    """Queue a stored outbound row for sending, in the same transaction that stored it."""
    queue.enqueue(conn, "deliver_message", {"message_id": message_id}, priority=1,
                  max_attempts=DELIVERY_ATTEMPTS)


def window_open(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True while the member's last message is less than 24 hours old."""
    return last_inbound_at is not None and now - last_inbound_at < WINDOW


def template_for(
    templates: Any, purpose: str, *, values: dict[str, Any]
) -> dict[str, Any] | None:
    """The configured template of a purpose with its variables filled, or None.

    `variables` lists value names in order: `lead_name`, `text`, `agency_name`,
    `profile_code`, `metadata.<key>`; any other entry is used as literal text.
    """
    entry = templates.get(purpose) if isinstance(templates, dict) else None
    if not isinstance(entry, dict) or not (entry.get("content_sid") or entry.get("name")):
        return None
    filled = []
    for variable in entry.get("variables") or []:
        name = str(variable)
        if name.startswith("metadata."):
            filled.append(str((values.get("metadata") or {}).get(name[9:], "")))
        else:
            filled.append(str(values[name]) if name in values and values[name] is not None else name)
    return {**entry, "values": filled}


def deliver(services: Services, channels: Channels, message_id: int, *, last_attempt: bool) -> dict[str, Any]:
    """Send one outbound row once; returns what happened (for the job's result).

    The row's advisory lock is held from the status check until the outcome is recorded,
    on one connection. A worker stalled mid-delivery (the database froze for longer than
    the job's lease) still holds it when the job is taken back and run elsewhere: the
    second run waits for the first and then finds the message sent, instead of sending it
    again (tests/webhooks/test_chaos.py freezes the database longer than the lease).
    """
    with services.pool.connection() as conn:
        locked = conn.execute("SELECT pg_try_advisory_lock(%s, %s) AS locked",
                              (LOCK_NAMESPACE, message_id)).fetchone()
        if not (locked and locked["locked"]):
            raise RetryLater(0.5, "another worker is delivering this message")
        try:
            return _deliver_locked(services, channels, conn, message_id, last_attempt=last_attempt)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, message_id))


def _deliver_locked(services: Services, channels: Channels, conn: Conn, message_id: int, *,
                    last_attempt: bool) -> dict[str, Any]:
    """`deliver` once the row's lock is held: checks, sends, and records the outcome on `conn`."""
    message = repo.get_message(conn, message_id)
    lead = repo.get_lead(conn, message.lead_id) if message else None
    if message is None or lead is None:
        return {"skipped": "message or lead no longer exists"}
    bind_lead(lead.id)
    if message.direction != "out":
        return {"skipped": "not an outbound message"}
    if message.delivery_status in DONE_STATUSES:
        return {"skipped": f"already {message.delivery_status}"}
    purpose = str(message.metadata.get("purpose") or "reply")
    if lead.opted_out and purpose != "opt_out_confirmation":
        return _refuse(conn, message_id, "the member opted out (STOP); nothing is sent to them",
                       channel=lead.channel, code="opted_out")
    outgoing = Outgoing(
        text=message.content or "",
        media=[str(m) for m in message.media if isinstance(m, str)],
        choices=choices_from_metadata(message.metadata),
    )
    templates = get_configuration(conn, "whatsapp_templates", {})
    values = {"lead_name": lead.name or "", "text": message.content or "", "metadata": message.metadata,
              "profile_code": message.profile_code or "",
              "agency_name": get_configuration(conn, "agency_name", "Matchbot")}
    template = template_for(templates, purpose, values=values)
    if not window_open(lead.last_inbound_at, services.clock()):
        if template is None:
            return _refuse(conn, message_id,
                           f"outside the 24-hour window and no approved template for '{purpose}'",
                           channel=lead.channel, code="outside_window")
        outgoing.template = template
    elif template and template.get("interactive") and outgoing.choices:
        outgoing.template = template  # a quick-reply content template beats the text fallback
    cut_off = message.delivery_status == "sending"  # an earlier attempt may have reached the provider
    repo.advance_delivery_status(conn, message_id=message_id, status="sending")
    try:
        channel = channels.get(lead.channel)
        earlier = _sent_by_an_earlier_attempt(conn, channel, lead.address, outgoing, message) if cut_off else None
        result = earlier or channel.send(address=lead.address, message=outgoing, message_id=message_id)
    except ChannelError as exc:
        retry = exc.transient and not last_attempt
        DELIVERIES.labels(lead.channel, "retry" if retry else "failed",
                          exc.code or ("network" if exc.transient else "unknown")).inc()
        if retry:
            repo.set_delivery_status(conn, message_id=message_id, status="sending", error=str(exc))
            raise TransientDeliveryError(str(exc)) from None
        repo.advance_delivery_status(conn, message_id=message_id, status="failed", error=str(exc))
        log.warning("message %s not delivered: %s", message_id, exc)
        return {"status": "failed", "error": str(exc)}
    DELIVERIES.labels(lead.channel, result.status, "").inc()
    repo.record_sent(conn, message_id, provider_message_id=result.provider_message_id, status=result.status)
    return {"status": result.status, "provider_message_id": result.provider_message_id,
            "template": bool(outgoing.template), "found_sent": earlier is not None}


def _sent_by_an_earlier_attempt(conn: Conn, channel: Channel, address: str, outgoing: Outgoing,
                                message: Message) -> SendResult | None:
    """The provider's message for this row when an earlier attempt sent it and was cut off
    before recording it (its worker killed, or the provider's answer lost to a timeout): the
    same content to the same address, created since the row, that no other row carries."""
    found = channel.sent_since(address=address, message=outgoing, since=message.created_at)
    claimed = repo.claimed_provider_ids(conn, [f.provider_message_id for f in found if f.provider_message_id])
    return next((f for f in found if f.provider_message_id and f.provider_message_id not in claimed), None)


def _refuse(conn: Any, message_id: int, reason: str, *, channel: str, code: str) -> dict[str, Any]:
    DELIVERIES.labels(channel, "refused", code).inc()
    repo.advance_delivery_status(conn, message_id=message_id, status="refused", error=reason)
    return {"status": "refused", "reason": reason}


def deliver_message_handler(services: Services, channels: Channels) -> Handler:
    """The queue handler for `deliver_message` jobs ({"message_id": id})."""

    def handle(job: Job) -> dict[str, Any]:
        message_id = int(job.payload["message_id"])
        return deliver(services, channels, message_id, last_attempt=job.attempts >= job.max_attempts)

    return handle


def apply_delivery_status_handler(services: Services) -> Handler:
    """`apply_delivery_status`: a status callback that arrived before its message's provider id."""

    def handle(job: Job) -> dict[str, Any]:
        provider_id = str(job.payload["provider_message_id"])
        with services.pool.connection() as conn:
            changed = repo.advance_delivery_status(conn, provider_message_id=provider_id,
                                                   status=str(job.payload["status"]),
                                                   error=job.payload.get("error"))
            if changed or inbound.provider_message_known(conn, provider_id):
                return {"applied": bool(changed)}
        if job.attempts < job.max_attempts:
            raise TransientDeliveryError(f"no message with provider id {provider_id} yet")
        return {"skipped": "unknown provider message id"}

    return handle
