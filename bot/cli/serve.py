"""`matchbot serve`: the web service (webhooks, lead API, console), workers in-process."""

from __future__ import annotations

import signal
import sys

import typer
from rich.console import Console

from bot.core.log_context import configure_logging
from bot.core.settings import load_settings

console = Console(stderr=True)


def serve(
    host: str | None = typer.Option(None, help="Interface to listen on (default MATCHBOT_HOST)."),
    port: int | None = typer.Option(None, help="Port to listen on (default MATCHBOT_PORT)."),
    demo: bool = typer.Option(True, "--demo/--no-demo", help="Load demo content into an empty database."),
) -> None:
    """Start the web service (webhooks, lead API, admin console)."""
    import uvicorn

    from bot.app import create_app
    from bot.runtime import prepare_service_database

    settings = load_settings()
    configure_logging(settings.log_format)
    url = prepare_service_database(settings)  # fail here, with one line, not inside uvicorn
    if settings.log_format == "text":  # with JSON lines, uvicorn's own start-up line says it
        console.print(f"Matchbot on http://{host or settings.host}:{port or settings.port}")
    # uvicorn re-raises SIGTERM once it has shut down; with the default handler the
    # process would die there, skipping the exit hooks that stop the embedded PostgreSQL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(
        create_app(settings, database_url=url, load_demo=demo, run_worker=settings.embedded_worker,
                   supervise_embedded=not settings.database_url),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
        # JSON logs: uvicorn's loggers go through the root's JSON handler instead of its own.
        log_config=None if settings.log_format == "json" else uvicorn.config.LOGGING_CONFIG,
    )
