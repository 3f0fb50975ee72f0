"""Which handler runs each job type: one mapping assembled from every package."""

from __future__ import annotations

from bot.services import Services
from bot.worker import Handler


def all_handlers(services: Services) -> dict[str, Handler]:
    """Job type -> handler, for `matchbot worker` and the embedded worker."""
    handlers: dict[str, Handler] = {}
    # -- handlers from other packages (each package exposes job_handlers(services)) --
    from agents import lead_capture

    handlers.update(lead_capture.job_handlers(services))
    from graph import form_entry, turn

    handlers.update(turn.job_handlers(services))
    handlers.update(form_entry.job_handlers(services))
    from bot import channels

    handlers.update(channels.job_handlers(services))
    from bot import retention

    handlers.update(retention.job_handlers(services))
    from bot.admin import jobs as admin_jobs

    handlers.update(admin_jobs.job_handlers(services))
    return handlers
