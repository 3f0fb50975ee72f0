"""`matchbot admin …`: console accounts from the command line (a password reset or a
deactivation ends the account's open sessions, as in the console)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

admin_app = typer.Typer(help="Admin console accounts.", no_args_is_help=True)
console = Console(stderr=True)


def _read_password(password_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice at a hidden prompt."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@admin_app.command("create")
def create(
    email: str = typer.Argument(..., help="The account's email (its login)."),
    role: str = typer.Option(
        "admin", help="admin (everything) or agent (no configuration, no accounts)."
    ),
    full_name: str | None = typer.Option(None, "--name", help="Name shown in the console."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from stdin."
    ),
) -> None:
    """Create a console account (prompts for the password unless --password-stdin)."""
    from bot.console.users import create_admin
    from bot.core.db import connect, database_url
    from bot.core.settings import load_settings

    if role not in ("admin", "agent"):
        console.print("[red]--role must be admin or agent[/red]")
        raise typer.Exit(2)
    password = _read_password(password_stdin)
    settings = load_settings()
    with connect(database_url(settings)) as conn:
        try:
            admin_id = create_admin(
                conn, email=email, password=password, role=role, full_name=full_name
            )
        except ValueError as exc:
            console.print(f"[red]{exc}[/red]", highlight=False)
            raise typer.Exit(1) from None
    console.print(f"created {role} {email} (id {admin_id})", highlight=False)


@admin_app.command("set-password")
def set_password(
    email: str = typer.Argument(..., help="The account's email (its login)."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from stdin."
    ),
) -> None:
    """Reset an account's password; every session it has open ends (whoever knew the old one)."""
    from bot.console import users
    from bot.core.db import connect, database_url
    from bot.core.settings import load_settings

    password = _read_password(password_stdin)
    with connect(database_url(load_settings())) as conn:
        admin = users.find_admin(conn, email)
        if admin is None:
            console.print(f"[red]no account {email}[/red]", highlight=False)
            raise typer.Exit(1)
        try:
            ended = users.set_password(conn, admin.id, password=password)
        except ValueError as exc:
            console.print(f"[red]{exc}[/red]", highlight=False)
            raise typer.Exit(1) from None
    console.print(f"password changed for {admin.email}; {ended} open session(s) ended", highlight=False)


def _set_active(email: str, *, active: bool) -> None:
    from bot.console import users
    from bot.core.db import connect, database_url
    from bot.core.settings import load_settings

    with connect(database_url(load_settings())) as conn:
        admin = users.find_admin(conn, email)
        if admin is None:
            console.print(f"[red]no account {email}[/red]", highlight=False)
            raise typer.Exit(1)
        ended = users.set_active(conn, admin.id, active=active)
    if active:
        console.print(f"{admin.email} can sign in again", highlight=False)
    else:
        console.print(f"{admin.email} deactivated; {ended} open session(s) ended", highlight=False)


@admin_app.command("deactivate")
def deactivate(email: str = typer.Argument(..., help="The account's email (its login).")) -> None:
    """Stop an account from signing in; every session it has open ends at once."""
    _set_active(email, active=False)


@admin_app.command("activate")
def activate(email: str = typer.Argument(..., help="The account's email (its login).")) -> None:
    """Let a deactivated account sign in again."""
    _set_active(email, active=True)


@admin_app.command("list")
def list_accounts() -> None:
    """List console accounts."""
    from bot.console.users import list_admins
    from bot.core.db import connect, database_url
    from bot.core.settings import load_settings

    with connect(database_url(load_settings())) as conn:
        for admin in list_admins(conn):
            state = "active" if admin.is_active else "disabled"
            print(f"{admin.id}\t{admin.email}\t{admin.role}\t{state}")
