"""`matchbot worker` whose bot turns take a long time: a worker to kill in the middle of a turn.

`python -m tests.support.slow_worker SECONDS` (settings from the environment, as the real
command) sleeps SECONDS inside every `bot_turn`, after the turn has taken its job.
"""

from __future__ import annotations

import sys
import time

from bot.core.bootstrap import prepare_database
from bot.core.queue import Job
from bot.core.settings import load_settings
from bot.core.worker import Handler, Worker
from bot.jobs import all_handlers
from bot.runtime import build_services


def slowed(handler: Handler, seconds: float) -> Handler:
    def run(job: Job) -> dict[str, object] | None:
        time.sleep(seconds)
        return handler(job)

    return run


def main(seconds: float) -> None:
    settings = load_settings()
    services = build_services(settings, prepare_database(settings))
    handlers = all_handlers(services)
    handlers["bot_turn"] = slowed(handlers["bot_turn"], seconds)
    Worker(services.pool, handlers, database_url=services.database_url, concurrency=1,
           lease=settings.job_lease_seconds).start()
    time.sleep(seconds * 10)


if __name__ == "__main__":
    main(float(sys.argv[1]))
