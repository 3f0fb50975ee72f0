"""`matchbot forget PHONE`: erase a member everywhere."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.core.bootstrap import prepare_database
from bot.core.db import connect
from bot.core.settings import load_settings
from bot.store.erasure import forget as forget_member

console = Console(stderr=True)


def forget(phone: str = typer.Argument(..., help="Phone number (any format) or provider user id.")) -> None:
    """Erase a member everywhere: messages, chat memory, checkpoints, requests, form leads, and the
    logs, jobs and caches that quote them; an anonymous record of the erasure stays."""
    settings = load_settings()
    with connect(prepare_database(settings)) as conn:
        result = forget_member(conn, phone=phone)
    if not any(result.rows.values()):
        console.print(f"nobody with {phone} was found; nothing to erase")
        return
    erased = ", ".join(f"{table} {count}" for table, count in sorted(result.rows.items()) if count)
    console.print(f"forgot {phone}: {result.leads} member(s); rows erased: {erased}")
