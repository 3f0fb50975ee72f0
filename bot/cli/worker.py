"""`matchbot worker`: run job workers until SIGTERM/SIGINT, then stop gracefully."""

from __future__ import annotations

import signal
import threading

import typer
from rich.console import Console

from bot.core.bootstrap import prepare_database
from bot.core.settings import load_settings

console = Console(stderr=True)


def worker(
    concurrency: int | None = typer.Option(
        None, help="Worker threads (default MATCHBOT_WORKER_CONCURRENCY)."
    ),
) -> None:
    """Run the job queue workers (bot turns, deliveries, alerts) until stopped."""
    from bot.runtime import build_services, start_worker  # not loaded by the other commands

    settings = load_settings()
    url = prepare_database(settings)
    services = build_services(settings, url)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    running = start_worker(services, concurrency=concurrency)
    console.print(f"matchbot worker {running.name}: {', '.join(running.types)}", highlight=False)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        console.print("matchbot worker: stopping (finishing running jobs)")
        running.stop(timeout=settings.job_timeout_seconds)
        services.pool.close()
