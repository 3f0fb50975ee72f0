"""The `matchbot` command line: one Typer app assembled from the command modules."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from bot.cli import admins, catalogue, chat, database, members, prompts, serve, understanding, worker
from bot.core.errors import ConfigError
from bot.lead_platform import cli as lead_platform

app = typer.Typer(
    help="Matchbot: WhatsApp matchmaking agency service.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
for command in (serve.serve, worker.worker, database.migrate, chat.chat, members.forget,
                catalogue.seed, catalogue.reindex):
    app.command()(command)
app.command("db-url")(database.db_url)
app.add_typer(database.db_app, name="db")
app.add_typer(catalogue.profiles_app, name="profiles")
app.add_typer(catalogue.kb_app, name="kb")
app.add_typer(admins.admin_app, name="admin")
app.add_typer(understanding.understanding_app, name="understanding")
app.add_typer(prompts.prompts_app, name="prompts")
app.add_typer(lead_platform.clients_app, name="clients")
app.add_typer(lead_platform.prospects_app, name="prospects")
app.add_typer(lead_platform.campaigns_app, name="campaigns")


def main() -> None:
    """Entry point: run the CLI, turning configuration errors into one line."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except ConfigError as exc:
        Console(stderr=True).print(f"[red]matchbot: {exc}[/red]", highlight=False, soft_wrap=True)
        sys.exit(2)
