"""`matchbot clients ...`: create clients (tenants), list them, rotate their API keys.

Every client has two keys, and every output says which is which: the publishable form key
(`pk_…`, goes in web forms, only posts leads) and the secret key (`sk_…`, manages leads
through /api/leads from the client's servers, refused from browsers).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import typer
from rich.console import Console

from bot.core.connections import Conn
from bot.lead_platform.store import clients as repo
from bot.lead_platform.store.apikeys import KeyKind

clients_app = typer.Typer(help="Lead platform clients (tenants) and their API keys.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

FORM_KEY = "form key (publishable: goes in web forms, only posts leads)"
SECRET_KEY = "secret key (server side only: manages leads, refused from browsers)"
KIND_LABELS = {"form": FORM_KEY, "secret": SECRET_KEY}


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
    """Create a client; its form key and secret key are printed once and never stored."""
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
            client, keys = repo.create_client(
                conn, business_name=business_name, email=email, password_hash=hash_password(password),
                language=language, email_tone=email_tone, booking_link=booking_link,
                ai_personalized_reply=ai_reply, allowed_origins=origin, bot_linked=bot_linked,
                is_test=test, is_internal=internal, industry=industry,
            )
        except psycopg.errors.UniqueViolation:
            err.print(f"[red]a client with the email {email} already exists[/red]")
            raise typer.Exit(1) from None
    if as_json:
        print(json.dumps({"client_id": str(client.client_id), "form_key": keys.form, "secret_key": keys.secret,
                          "email": client.email}))
        return
    out.print(f"client_id: {client.client_id}")
    out.print(f"{FORM_KEY}:\n  [bold]{keys.form}[/bold]")
    out.print(f"{SECRET_KEY}:\n  [bold]{keys.secret}[/bold]")
    out.print("Both keys are shown once and never stored: keep them now.")


@clients_app.command("list")
def list_() -> None:
    """List clients, newest first, with the visible prefix of each key (one block per client)."""
    with _service_conn() as conn:
        rows = repo.list_clients(conn)
    for c in rows:
        # Blocks rather than a table: a client id and two key prefixes already fill 80 columns.
        options = [f"lang {c.language}", f"tone {c.email_tone}",
                   f"auto-reply {'yes' if c.ai_personalized_reply else 'no'}", f"bot {'yes' if c.bot_linked else 'no'}",
                   *(flag for flag, on in (("test", c.is_test), ("internal", c.is_internal)) if on)]
        secret = c.secret_key_prefix + "…" if c.secret_key_prefix else "none yet (rotate-key --secret)"
        out.print(f"{c.client_id}  {c.business_name}  <{c.email}>", markup=False, highlight=False)
        out.print(f"    {' · '.join(options)}", markup=False, highlight=False)
        out.print(f"    form key (publishable)  {c.api_key_prefix}…", markup=False, highlight=False)
        out.print(f"    secret key              {secret}", markup=False, highlight=False)


@clients_app.command("rotate-key")
def rotate_key(
    client_id: str = typer.Argument(..., help="The client's client_id."),
    secret: bool = typer.Option(False, "--secret/--form",
                                help="Replace (or first issue) the secret key instead of the form key."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Replace one of a client's two keys (the form key unless --secret); the other keeps working.

    The replaced key stops working within MATCHBOT_API_KEY_CACHE_SECONDS.
    """
    kind: KeyKind = "secret" if secret else "form"
    try:
        uuid.UUID(client_id)
    except ValueError:
        key = None
    else:
        with _service_conn() as conn:
            key = repo.rotate_api_key(conn, client_id, kind=kind)
    if key is None:
        err.print(f"[red]no client {client_id}[/red]")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps({"client_id": client_id, "kind": kind, "key": key}))
        return
    out.print(f"new {KIND_LABELS[kind]}, shown once:\n  [bold]{key}[/bold]")
    out.print(f"The previous {kind} key, if any, stops working within MATCHBOT_API_KEY_CACHE_SECONDS "
              f"(30 s by default); the {'form' if secret else 'secret'} key is unchanged.")
