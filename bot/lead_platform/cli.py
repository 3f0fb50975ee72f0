"""`matchbot clients ...`: create clients (tenants), list them, rotate their API keys."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import typer
from rich.console import Console
from rich.table import Table

from bot.core.connections import Conn
from bot.lead_platform.store import clients as repo

clients_app = typer.Typer(help="Lead platform clients (tenants) and their API keys.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


@contextmanager
def _service_conn() -> Iterator[Conn]:
    from bot.core.bootstrap import prepare_database
    from bot.core.db import connect, service_transaction
    from bot.core.settings import load_settings

    with connect(prepare_database(load_settings())) as conn, service_transaction(conn):
        yield conn


@clients_app.command("create")
def create(
    business_name: str = typer.Option(..., "--business-name", "-n", help="The client's business name."),
    email: str = typer.Option(..., help="Login email of the client's dashboard."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 help="Dashboard password (prompted when omitted)."),
    language: str = typer.Option("en", help="en or fr."),
    email_tone: str = typer.Option("Professional", help="Professional, Friendly, Formal or Energetic."),
    booking_link: str | None = typer.Option(None, help="Calendar link put in auto-replies."),
    ai_reply: bool = typer.Option(False, "--ai-reply/--no-ai-reply", help="Send personalised auto-replies."),
    origin: list[str] | None = typer.Option(  # noqa: B008 -- typer declares options this way
        None, "--origin", help="A site allowed to post leads (CORS); repeatable."),
    bot_linked: bool = typer.Option(False, "--bot-linked/--no-bot-linked",
                                    help="Form leads with a phone and consent enter the WhatsApp bot."),
    test: bool = typer.Option(False, "--test", help="A test/demo account."),
    internal: bool = typer.Option(False, "--internal", help="An internal account."),
    industry: str | None = typer.Option(None, help="The client's industry."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Create a client; its API key is printed once and never stored."""
    from bot.web.passwords import hash_password

    if language not in ("en", "fr"):
        raise typer.BadParameter("language must be en or fr", param_hint="--language")
    if email_tone not in repo.EMAIL_TONES:
        raise typer.BadParameter(f"email tone must be one of {', '.join(repo.EMAIL_TONES)}",
                                 param_hint="--email-tone")
    if len(password) < 8:
        raise typer.BadParameter("at least 8 characters", param_hint="--password")
    with _service_conn() as conn:
        try:
            client, key = repo.create_client(
                conn, business_name=business_name, email=email, password_hash=hash_password(password),
                language=language, email_tone=email_tone, booking_link=booking_link,
                ai_personalized_reply=ai_reply, allowed_origins=origin, bot_linked=bot_linked,
                is_test=test, is_internal=internal, industry=industry,
            )
        except psycopg.errors.UniqueViolation:
            err.print(f"[red]a client with the email {email} already exists[/red]")
            raise typer.Exit(1) from None
    if as_json:
        print(json.dumps({"client_id": str(client.client_id), "api_key": key, "email": client.email}))
        return
    out.print(f"client_id: {client.client_id}")
    out.print(f"API key (shown once, store it now): [bold]{key}[/bold]")


@clients_app.command("list")
def list_() -> None:
    """List clients (the API key's visible prefix only)."""
    with _service_conn() as conn:
        rows = repo.list_clients(conn)
    table = Table("client_id", "business", "email", "lang", "tone", "key", "auto-reply", "bot", "flags")
    for c in rows:
        flags = ",".join(f for f, on in (("test", c.is_test), ("internal", c.is_internal)) if on)
        table.add_row(str(c.client_id), c.business_name, c.email, c.language, c.email_tone,
                      c.api_key_prefix + "…", "yes" if c.ai_personalized_reply else "no",
                      "yes" if c.bot_linked else "no", flags)
    out.print(table)


@clients_app.command("rotate-key")
def rotate_key(client_id: str = typer.Argument(..., help="The client's client_id.")) -> None:
    """Replace a client's API key; the old one stops working (within the key cache's seconds)."""
    try:
        uuid.UUID(client_id)
    except ValueError:
        key = None
    else:
        with _service_conn() as conn:
            key = repo.rotate_api_key(conn, client_id)
    if key is None:
        err.print(f"[red]no client {client_id}[/red]")
        raise typer.Exit(1)
    out.print(f"new API key (shown once): [bold]{key}[/bold]")
