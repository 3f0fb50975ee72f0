"""`matchbot chat`: the terminal WhatsApp simulator on the local channel."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from bot.core.bootstrap import prepare_database
from bot.core.settings import Settings, load_settings
from bot.core.worker import Worker

if TYPE_CHECKING:
    from bot.channels.local import BotMessage


def _show(console: Console, message: BotMessage) -> None:
    console.print(f"[bold green]bot[/bold green] {message.text}", highlight=False)
    for url in message.media:
        console.print(f"    [dim]📷 {url}[/dim]", highlight=False)
    if message.buttons:
        labels = " · ".join(f"[{b['title']}]" for b in message.buttons)
        console.print(f"    [cyan]{labels}[/cyan]", highlight=False)


def run_chat(settings: Settings, *, phone: str, name: str | None, demo: bool = True) -> None:
    """Read messages from stdin; answer each before reading the next."""
    # Imported here: the other commands start without loading the conversation graph.
    from bot.channels.local import LocalChat
    from bot.jobs import all_handlers
    from bot.runtime import build_services, load_demo_if_empty

    url = prepare_database(settings)
    services = build_services(settings, url, pool_size=4)
    if demo and load_demo_if_empty(services) is not None:
        print("demo content loaded (the database was empty)", file=sys.stderr)
    worker = Worker(services.pool, all_handlers(services), database_url=url, concurrency=1)
    chat = LocalChat(services, worker, phone=phone, name=name)
    interactive = sys.stdin.isatty()
    console = Console()
    try:
        if interactive:
            console.print("[dim]Écrivez un message (Ctrl-D pour quitter).[/dim]")
        while True:
            try:
                line = input("vous> " if interactive else "")
            except EOFError:
                break
            if not line.strip():
                continue
            for message in chat.send(line.strip()):
                if interactive:
                    _show(console, message)
                else:
                    print(json.dumps(message.as_json(), ensure_ascii=False), flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        services.pool.close()


def chat(
    phone: str = typer.Option("+237600000001", help="The member's phone number."),
    name: str | None = typer.Option(None, help="The member's WhatsApp profile name."),
    demo: bool = typer.Option(True, "--demo/--no-demo", help="Load demo content into an empty database."),
) -> None:
    """Chat with the bot as a member (a terminal WhatsApp simulator).

    With stdin not a terminal, reads one message per line and prints one JSON object
    per bot message.
    """
    run_chat(load_settings(), phone=phone, name=name, demo=demo)
