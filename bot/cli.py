"""The `matchbot` command line."""

from __future__ import annotations

import logging
import signal
import sys

import typer
from pydantic import ValidationError
from rich.console import Console

from bot.errors import ConfigError
from bot.settings import Settings

app = typer.Typer(
    help="Matchbot: WhatsApp matchmaking agency service.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console(stderr=True)


def load_settings() -> Settings:
    """Settings from the environment, with one clear line when they are invalid."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise ConfigError(f"invalid configuration ({where}): {first.get('msg')}") from None


@app.command()
def migrate() -> None:
    """Apply pending database migrations (a no-op when up to date)."""
    from bot.bootstrap import migrate_database
    from bot.db import database_url

    settings = load_settings()
    applied = migrate_database(database_url(settings), settings)
    if applied:
        for migration in applied:
            console.print(f"applied {migration.version:04d} {migration.name}")
    else:
        console.print("database is up to date")


@app.command("db-url")
def db_url() -> None:
    """Print the connection URL of the database in use."""
    from bot.db import database_url

    print(database_url(load_settings()))


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Interface to listen on (default MATCHBOT_HOST)."),
    port: int | None = typer.Option(None, help="Port to listen on (default MATCHBOT_PORT)."),
    demo: bool = typer.Option(True, "--demo/--no-demo", help="Load demo content into an empty database."),
) -> None:
    """Start the web service (webhooks, lead API, admin console)."""
    import uvicorn

    from bot.app import create_app
    from bot.bootstrap import prepare_database

    settings = load_settings()
    url = prepare_database(settings)  # fail here, with one line, not inside uvicorn
    console.print(f"Matchbot on http://{host or settings.host}:{port or settings.port}")
    # uvicorn re-raises SIGTERM once it has shut down; with the default handler the
    # process would die there, skipping the exit hooks that stop the embedded PostgreSQL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(
        create_app(settings, database_url=url, load_demo=demo, run_worker=settings.embedded_worker),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
    )


@app.command()
def chat(
    phone: str = typer.Option("+237600000001", help="The member's phone number."),
    name: str | None = typer.Option(None, help="The member's WhatsApp profile name."),
) -> None:
    """Chat with the bot as a member (a terminal WhatsApp simulator).

    With stdin not a terminal, reads one message per line and prints one JSON object
    per bot message.
    """
    from bot.chat_cli import run_chat

    run_chat(load_settings(), phone=phone, name=name)


@app.command()
def forget(phone: str = typer.Argument(..., help="Phone number (any format) or provider user id.")) -> None:
    """Erase a member everywhere: messages, chat memory, checkpoints, logs, requests, form leads."""
    from bot.bootstrap import prepare_database
    from bot.db import connect
    from bot.retention import forget as forget_member

    settings = load_settings()
    with connect(prepare_database(settings)) as conn:
        result = forget_member(conn, phone=phone)
    if not result.leads and not result.rows.get("lead_memory"):
        console.print(f"nobody with {phone} was found; nothing to erase")
        return
    erased = ", ".join(f"{table} {count}" for table, count in sorted(result.rows.items()) if count)
    console.print(f"forgot {phone}: {result.leads} member(s); rows erased: {erased}")


# -- command groups from other packages (each in its own module, registered here) --
from bot.platform.cli import clients_app as _clients_app  # noqa: E402

app.add_typer(_clients_app, name="clients")
from knowledge.commands import register as _register_knowledge  # noqa: E402

_register_knowledge(app)

from bot.worker_cli import worker as _worker  # noqa: E402

app.command("worker")(_worker)
from bot.admin.cli import admin_app as _admin_app  # noqa: E402

app.add_typer(_admin_app, name="admin")


def main() -> None:
    """Entry point: run the CLI, turning configuration errors into one line."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except ConfigError as exc:
        console.print(f"[red]matchbot: {exc}[/red]", highlight=False)
        sys.exit(2)
