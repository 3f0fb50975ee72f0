"""Which handler runs each job type: one mapping assembled from every package."""

from __future__ import annotations

from bot import channels
from bot.console import jobs as console_jobs
from bot.core.services import Services
from bot.core.worker import Handler
from bot.lead_platform import jobs as lead_platform_jobs
from bot.store import retention
from graph import handback, turn


def all_handlers(services: Services) -> dict[str, Handler]:
    """Job type -> handler, for `matchbot worker` and the embedded worker."""
    handlers: dict[str, Handler] = {}
    for package in (turn, handback, channels, lead_platform_jobs, retention, console_jobs):
        handlers.update(package.job_handlers(services))
    return handlers
