"""`matchbot migrate`, `matchbot db-url` and `matchbot db shell`."""

from __future__ import annotations

import os
import signal
import subprocess

import typer
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from rich.console import Console

from bot.cli.sql_prompt import run_sql_prompt
from bot.core.bootstrap import migrate_database
from bot.core.db import client_program, database_url
from bot.core.settings import load_settings

console = Console(stderr=True)
db_app = typer.Typer(help="The database in use.", no_args_is_help=True)


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
    """Print the connection URL of the database in use (stdout: the bare URL)."""
    settings = load_settings()
    url = database_url(settings)
    if not settings.database_url:
        # The embedded server stops with the last matchbot process using it: this one.
        console.print(
            "matchbot: this URL reaches the embedded PostgreSQL only while a matchbot process "
            "uses it (e.g. `matchbot serve`); `matchbot db shell` opens a SQL shell that keeps it up",
            highlight=False, soft_wrap=True,
        )
    print(url)


@db_app.command("shell")
def shell(
    psql: bool = typer.Option(True, "--psql/--no-psql", help="Use psql when there is one (else the built-in prompt)."),
) -> None:
    """A SQL shell on the database in use (psql, else a built-in prompt).

    This process holds the embedded PostgreSQL up until the shell ends. SQL on stdin works too.
    """
    url = database_url(load_settings())
    program = client_program("psql") if psql else None
    if program is None:
        run_sql_prompt(url)
        return
    raise typer.Exit(run_psql(program, url))


def run_psql(program: str, url: str) -> int:
    """Run psql on url and return its exit code.

    The password travels in the environment, never on the command line where `ps` shows
    it. Ctrl-C belongs to psql (it cancels the query): here it must not end the process
    that keeps the embedded server up.
    """
    params = conninfo_to_dict(url)
    password = params.pop("password", None)
    env = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    previous = signal.signal(signal.SIGINT, lambda *_: None)  # a handler, unlike SIG_IGN, is not inherited
    try:
        return subprocess.run([program, make_conninfo("", **params)], env=env, check=False).returncode
    finally:
        signal.signal(signal.SIGINT, previous)
