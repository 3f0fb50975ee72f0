"""`matchbot migrate` and `matchbot db-url`."""

from __future__ import annotations

from rich.console import Console

from bot.core.bootstrap import migrate_database
from bot.core.db import database_url
from bot.core.settings import load_settings

console = Console(stderr=True)


def migrate() -> None:
    """Apply pending database migrations (a no-op when up to date)."""
    settings = load_settings()
    applied = migrate_database(database_url(settings), settings)
    if applied:
        for migration in applied:
            console.print(f"applied {migration.version:04d} {migration.name}")
    else:
        console.print("database is up to date")


def db_url() -> None:
    """Print the connection URL of the database in use."""
    print(database_url(load_settings()))
