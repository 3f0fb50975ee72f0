"""`matchbot worker`: run job workers until SIGTERM/SIGINT, then stop gracefully."""

from __future__ import annotations

import logging
import signal
import threading

import typer
from rich.console import Console

from bot.core.log_context import configure_logging
from bot.core.settings import load_settings

console = Console(stderr=True, highlight=False)
log = logging.getLogger(__name__)


def worker(
    concurrency: int | None = typer.Option(
        None, help="Bot-turn threads (default MATCHBOT_WORKER_CONCURRENCY); deliveries and other jobs "
                   "have threads of their own (MATCHBOT_DELIVERY_CONCURRENCY, MATCHBOT_BACKGROUND_CONCURRENCY)."
    ),
) -> None:
    """Run the job queue workers (bot turns, deliveries, alerts) until stopped."""
    from bot.core.database_in_use import DatabaseInUse  # not loaded by the other commands
    from bot.runtime import (
        build_services,
        prepare_service_database,
        serve_metrics,
        start_worker,
        watch_database,
    )

    settings = load_settings()
    configure_logging(settings.log_format)
    say = console.print if settings.log_format == "text" else log.info  # JSON lines: a log line
    database = DatabaseInUse(settings, prepare_service_database(settings))
    services = build_services(settings, database.url, database=database)
    metrics = serve_metrics(services, database)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    running = start_worker(services, concurrency=concurrency, database=database)
    monitor = watch_database(database)  # with a failover: switch when the primary stops answering
    lanes = "; ".join(f"{lane.name} ×{lane.threads}: {', '.join(lane.types)}" for lane in running.lanes)
    say(f"matchbot worker {running.name}: {lanes}")
    if metrics is not None:
        say(f"metrics on http://{settings.metrics_host}:{settings.metrics_port}/metrics")
    try:
        while not stop.wait(0.5):
            pass
    finally:
        say("matchbot worker: stopping (finishing running jobs)")
        if monitor is not None:
            monitor.stop()
        running.stop(timeout=settings.job_timeout_seconds)
        services.pool.close()
