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
    """Read messages from stdin; show each one's answers before reading the next.

    Beside `matchbot serve`, the server's worker may take a turn: `LocalChat.send` waits
    for it all the same.
    """
    # Imported here: the other commands start without loading the conversation graph.
    from bot.channels.local import LocalChat, NoReply
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
            try:
                replies = chat.send(line.strip())
            except NoReply as exc:
                print(f"matchbot chat: {exc}", file=sys.stderr)
                continue
            for message in replies:
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
