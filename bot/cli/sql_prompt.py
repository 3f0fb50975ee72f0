"""The built-in SQL prompt of `matchbot db shell`, for machines without psql.

Minimal on purpose: statements end with `;` at the end of a line, `\\q` quits, rows are
printed as an aligned table. An error is printed and the prompt goes on (autocommit).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

from bot.core.errors import ConfigError


def run_sql_prompt(url: str) -> None:
    """Read SQL from stdin (a prompt on a terminal) and print what each statement returns."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise ConfigError(f"cannot connect to the database: {_first_line(exc)}") from None
    with conn:
        for statement in _statements(interactive=sys.stdin.isatty()):
            _run(conn, statement)


def _statements(*, interactive: bool) -> Iterator[str]:
    """Statements read from stdin, until EOF or `\\q`."""
    buffer: list[str] = []
    while True:
        try:
            line = input(("matchbot-> " if buffer else "matchbot=> ") if interactive else "")
        except EOFError:
            break
        if line.strip() == "\\q":
            break
        buffer.append(line)
        if line.rstrip().endswith(";"):
            yield "\n".join(buffer)
            buffer = []
    if "".join(buffer).strip():
        yield "\n".join(buffer)


def _run(conn: psycopg.Connection[Any], statement: str) -> None:
    try:
        cur = conn.execute(statement)
    except psycopg.Error as exc:
        if conn.broken:
            raise ConfigError(f"lost the database connection: {_first_line(exc)}") from None
        print(f"ERROR: {_first_line(exc)}", file=sys.stderr, flush=True)
        return
    while True:  # one result per statement of the line
        if cur.description is None:
            print(cur.statusmessage or "", flush=True)
        else:
            print(format_table([column.name for column in cur.description], cur.fetchall()), flush=True)
        if not cur.nextset():
            return


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as psql prints them: aligned columns under a rule, then the row count."""
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
