"""WhatsApp channels: Twilio, Meta Cloud API and the local outbox, and the delivery jobs."""

from __future__ import annotations

from bot.channels.alerts import deliver_admin_alert_handler, enqueue_admin_alert
from bot.channels.delivery import apply_delivery_status_handler, deliver_message_handler
from bot.channels.registry import Channels
from bot.core.services import Services
from bot.core.worker import Handler

__all__ = ["Channels", "enqueue_admin_alert", "job_handlers"]


def job_handlers(services: Services) -> dict[str, Handler]:
    """Delivery jobs (messages, admin alerts, late status callbacks) sharing this process's clients."""
    channels = Channels(services.settings)
    return {
        "deliver_message": deliver_message_handler(services, channels),
        "deliver_admin_alert": deliver_admin_alert_handler(services, channels),
        "apply_delivery_status": apply_delivery_status_handler(services),
    }
