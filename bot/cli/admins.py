"""`matchbot admin …`: console accounts from the command line."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

admin_app = typer.Typer(help="Admin console accounts.", no_args_is_help=True)
console = Console(stderr=True)


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
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
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
