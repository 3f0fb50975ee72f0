"""`matchbot migrate`, `matchbot db-url`, `matchbot db shell`, and the failover's `db status` and `db use-primary`."""

from __future__ import annotations

import getpass
import os
import signal
import socket
import subprocess

import typer
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from rich.console import Console

from bot.cli.sql_prompt import run_sql_prompt
from bot.core.bootstrap import migrate_database
from bot.core.db import START_PROBE_SECONDS, client_program, database_url, describe_host
from bot.core.failover import SwitchRefused
from bot.core.failover import use_primary as switch_back
from bot.core.settings import load_settings
from bot.core.switches import newest_of, probe_both

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


@db_app.command("status")
def status() -> None:
    """Which database the processes agreed to use (primary or failover), and whether each answers."""
    settings = load_settings()
    if not (settings.database_url and settings.database_failover_url):
        console.print("no DATABASE_FAILOVER_URL: every process uses "
                      + (describe_host(settings.database_url) if settings.database_url else "the embedded database"))
        return
    probes = probe_both(settings.database_url, settings.database_failover_url, timeout=START_PROBE_SECONDS)
    for role, url, found in zip(("primary", "failover"), (settings.database_url, settings.database_failover_url),
                                probes, strict=True):
        state = f"answers, schema {found.version or 0}" if found.answers else f"does not answer ({found.error})"
        console.print(f"{role} {describe_host(url)}: {state}", highlight=False)
    decision = newest_of(*(found.decision for found in probes))
    if decision is None:
        console.print("in use: primary (no switch recorded)")
    else:
        console.print(f"in use: {decision.role} since {decision.decided_at:%Y-%m-%d %H:%M:%S %Z} "
                      f"(epoch {decision.epoch}, {decision.decided_by}: {decision.reason})", highlight=False)


@db_app.command("use-primary")
def use_primary() -> None:
    """Switch every process back to the primary database after a failover.

    The primary must answer; it is migrated first when behind. Running processes follow
    within MATCHBOT_FAILOVER_PROBE seconds.
    """
    from bot.channels.alerts import alert_admins  # the admin alert path (not loaded by the other commands)

    settings = load_settings()
    try:
        back = switch_back(settings, decided_by=f"{getpass.getuser()}@{socket.gethostname()} (matchbot db use-primary)",
                           migrate=True, alert=alert_admins)
    except SwitchRefused as exc:
        console.print(f"matchbot: not switched: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    left = ("the failover did not answer: its waiting jobs stay there" if back.jobs_on_failover is None
            else f"{back.jobs_on_failover} job(s) stay on the failover, run only if it is used again")
    console.print(f"switched back to the primary database at {describe_host(settings.database_url or '')} "
                  f"(epoch {back.decision.epoch}); every process follows within "
                  f"{settings.failover_probe_seconds:g} s. {back.jobs_on_primary} job(s) waiting on the primary "
                  f"run now; {left}.", highlight=False, soft_wrap=True)
