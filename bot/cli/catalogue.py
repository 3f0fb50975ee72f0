"""CLI commands for the catalogue and knowledge base: seed, imports, reindex."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from bot.core.connections import Conn
from bot.core.errors import ConfigError

if TYPE_CHECKING:  # the CLI starts faster without LangChain for commands that do not embed
    from knowledge.embeddings import Embedder

console = Console(stderr=True)
out = Console(soft_wrap=True)

profiles_app = typer.Typer(help="Profile catalogue.", no_args_is_help=True)
kb_app = typer.Typer(help="Knowledge base (FAQ answers).", no_args_is_help=True)


@contextmanager
def _database(*, reindexing: bool = False) -> Iterator[tuple[Conn, Embedder]]:
    """A migrated database connection and the configured embedder."""
    from bot.core.bootstrap import migrate_database
    from bot.core.db import connect, database_url
    from bot.core.settings import load_settings
    from knowledge.embeddings import make_embedder
    from schema.migrate import embedding_dim

    settings = load_settings()
    url = database_url(settings)
    try:
        migrate_database(url, settings)
    except ConfigError:
        # The one error reindex exists to fix: columns of another model's width.
        with connect(url) as probe:
            mismatch = embedding_dim(probe) not in (None, settings.embedding_dim)
        if not (reindexing and mismatch):
            raise
    with connect(url) as conn:
        yield conn, make_embedder(settings)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console,
    )


@contextmanager
def _bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar driven by (done, total) callbacks, shown from the first one
    (so that a file rejected by validation prints its errors and no empty bar)."""
    progress = _progress()
    task: list[TaskID] = []

    def update(done: int, total: int) -> None:
        if not task:
            progress.start()
            task.append(progress.add_task(label, total=total))
        progress.update(task[0], completed=done, total=total)

    try:
        yield update
    finally:
        if task:
            progress.stop()


def _print_report(report: object, *, what: str) -> None:
    from knowledge.importers import ImportReport

    assert isinstance(report, ImportReport)
    if report.errors:
        for error in report.errors:
            console.print(str(error), highlight=False, markup=False)
        more = " (and more; fix these first)" if report.truncated else ""
        console.print(f"[red]{len(report.errors)} error(s){more}: nothing was imported[/red]")
        raise typer.Exit(1)
    out.print(
        f"{what}: {report.inserted} inserted, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.indexed} indexed",
        highlight=False,
    )


@profiles_app.command("import")
def import_profiles(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV with profiles columns.")],
) -> None:
    """Import profiles from a CSV file (upsert by code); nothing is written if any row is invalid."""
    from knowledge.importers import import_profiles_csv

    with _database() as (conn, embedder), _bar("embedding profiles") as progress:
        report = import_profiles_csv(conn, file, embedder, progress=progress)
    _print_report(report, what="profiles")


@kb_app.command("import")
def import_kb(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="CSV with knowledge_base columns.")
    ],
) -> None:
    """Import knowledge-base entries from a CSV file; nothing is written if any row is invalid."""
    from knowledge.importers import import_kb_csv

    with _database() as (conn, embedder), _bar("embedding entries") as progress:
        report = import_kb_csv(conn, file, embedder, progress=progress)
    _print_report(report, what="knowledge base")


def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo knowledge base and catalogue.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Add demo content even if the database has content.")
    ] = False,
) -> None:
    """Load demo content (into an empty database unless --force)."""
    from knowledge.demo import database_is_empty, load_demo

    if not demo:
        console.print("nothing to seed: pass --demo to load the demo content")
        raise typer.Exit(2)
    with _database() as (conn, embedder):
        if not force and not database_is_empty(conn):
            out.print("the database already has profiles or knowledge entries; demo content not loaded")
            return
        with _bar("embedding demo profiles") as progress:
            counts = load_demo(conn, embedder, progress=progress)
    out.print(
        f"demo content: {counts['knowledge_inserted']} knowledge entries and "
        f"{counts['profiles_inserted']} profiles added",
        highlight=False,
    )


def reindex() -> None:
    """Re-type the embedding columns for the configured model and re-embed what needs it."""
    from knowledge.reindex import reindex as run_reindex

    with _database(reindexing=True) as (conn, embedder), _progress() as progress:
        tasks: dict[str, TaskID] = {}

        def update(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = progress.add_task(table, total=total)
            progress.update(tasks[table], completed=done, total=total)

        report = run_reindex(conn, embedder, progress=update)
    for table, width in report.retyped.items():
        out.print(f"{table}: embedding column {width} -> {report.dimensions} dimensions", highlight=False)
    indexed = ", ".join(f"{table} {count}" for table, count in report.indexed.items())
    out.print(f"{report.model}: re-embedded {indexed}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add these commands to the `matchbot` CLI."""
    app.command("seed")(seed)
    app.command("reindex")(reindex)
    app.add_typer(profiles_app, name="profiles")
    app.add_typer(kb_app, name="kb")
