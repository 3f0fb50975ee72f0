"""Which handler runs each job type, and on which worker threads: assembled from every package."""

from __future__ import annotations

from collections.abc import Mapping

from bot import channels
from bot.console import jobs as console_jobs
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Handler, Lane
from bot.lead_platform import jobs as lead_platform_jobs
from bot.prompts import jobs as prompt_jobs
from bot.store import retention
from graph import handback, turn

TURN_JOBS = ("bot_turn",)
# Every job that waits on a WhatsApp provider's API.
DELIVERY_JOBS = ("deliver_message", "deliver_admin_alert", "apply_delivery_status")


def all_handlers(services: Services) -> dict[str, Handler]:
    """Job type -> handler, for `matchbot worker` and the embedded worker."""
    handlers: dict[str, Handler] = {}
    for package in (turn, handback, channels, lead_platform_jobs, retention, console_jobs, prompt_jobs):
        handlers.update(package.job_handlers(services))
    return handlers


def worker_lanes(
    settings: Settings, handlers: Mapping[str, Handler], *, turn_threads: int | None = None
) -> list[Lane]:
    """Bot turns, deliveries and everything else (enrichment, e-mail, retention…) on separate threads.

    With Twilio unreachable, deliveries once held every thread and turns waited up to 59 s
    to start; now a stalled provider only slows its own lane.
    """
    rest = tuple(t for t in handlers if t not in TURN_JOBS + DELIVERY_JOBS)
    lanes = [
        Lane("turns", tuple(t for t in TURN_JOBS if t in handlers), turn_threads or settings.worker_concurrency),
        Lane("deliveries", tuple(t for t in DELIVERY_JOBS if t in handlers), settings.delivery_concurrency),
        Lane("background", rest, settings.background_concurrency),
    ]
    return [lane for lane in lanes if lane.types]
