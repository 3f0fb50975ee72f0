"""CSV imports of profiles and knowledge-base entries: validate everything, then write all or nothing.

Columns are named as the table columns. Lists (photos, keywords) are separated by `;`
or `|`; booleans accept yes/no/true/false/1/0 (and oui/non). Rows are numbered as a
spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.connections import Conn
from bot.core.text import unstorable
from knowledge.embeddings import Embedder
from knowledge.faq import KB_COLUMNS, index_knowledge, upsert_knowledge
from knowledge.profile_store import WRITABLE_COLUMNS, upsert_profile
from knowledge.profiles import Progress, index_profiles

_EXTRA = "\x00extra cells"
MAX_ERRORS = 50  # enough to fix a file in one pass without flooding the console

PROFILE_REQUIRED = ("code", "first_name", "age", "gender")
KB_REQUIRED = ("question", "answer")

_GENDERS = {"male": "male", "m": "male", "h": "male", "homme": "male", "man": "male",
            "female": "female", "f": "female", "femme": "female", "woman": "female"}
_STATUSES = {"active": "active", "actif": "active", "inactive": "inactive",
             "inactif": "inactive", "married": "married", "marié": "married", "mariée": "married"}
_BOOLEANS = {"yes": True, "true": True, "1": True, "oui": True, "y": True,
             "no": False, "false": False, "0": False, "non": False, "n": False}
_MAX_LENGTHS = {"code": 20, "name": 100, "first_name": 100, "gender": 10, "city": 100,
                "neighborhood": 100, "profession": 100, "religion": 50, "search_city": 100,
                "category": 50, "title": 255}


@dataclass
class RowError:
    """One problem in the file, located as a spreadsheet user would find it."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportReport:
    """What an import did; nothing was written when errors is not empty."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    indexed: int = 0
    errors: list[RowError] = field(default_factory=list)
    truncated: bool = False  # more errors than MAX_ERRORS were found

    @property
    def ok(self) -> bool:
        return not self.errors


class _Invalid(ValueError):
    pass


def _text(value: str, column: str) -> str:
    limit = _MAX_LENGTHS.get(column)
    if limit and len(value) > limit:
        raise _Invalid(f"{value[:30]!r} is longer than {limit} characters")
    return value


def _integer(value: str, column: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise _Invalid(f"{value!r} is not a number") from None
    if column in ("age", "search_age_min", "search_age_max") and not 18 <= number <= 120:
        raise _Invalid(f"{number} is not an adult age (18 to 120)")
    if column == "children" and number < 0:
        raise _Invalid(f"{number} cannot be negative")
    return number


def _choice(table: dict[str, str], allowed: str) -> Callable[[str, str], str]:
    def parse(value: str, column: str) -> str:
        try:
            return table[value.lower()]
        except KeyError:
            raise _Invalid(f"{value!r} is not one of {allowed}") from None
    return parse


def _boolean(value: str, column: str) -> bool:
    try:
        return _BOOLEANS[value.lower()]
    except KeyError:
        raise _Invalid(f"{value!r} is not yes/no/true/false/1/0") from None


def _items(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;|]", value) if item.strip()]


def _photos(value: str, column: str) -> list[str]:
    urls = _items(value)
    for url in urls:
        if not re.match(r"^https?://\S+$", url):
            raise _Invalid(f"{url!r} is not an http(s) URL")
    return urls


def _keywords(value: str, column: str) -> list[str]:
    return _items(value)


def _id(value: str) -> int:
    if not value.isdigit():
        raise _Invalid(f"{value!r} is not a number")
    return int(value)


_PROFILE_PARSERS: dict[str, Callable[[str, str], Any]] = {
    **dict.fromkeys(WRITABLE_COLUMNS, _text),
    "age": _integer, "children": _integer, "search_age_min": _integer, "search_age_max": _integer,
    "gender": _choice(_GENDERS, "male/female"),
    "status": _choice(_STATUSES, "active/inactive/married"),
    "photos": _photos,
}
_KB_PARSERS: dict[str, Callable[[str, str], Any]] = {
    **dict.fromkeys(KB_COLUMNS, _text),
    "id": lambda value, column: _id(value),
    "keywords": _keywords, "is_active": _boolean,
    "language": _choice({"fr": "fr", "en": "en", "français": "fr", "english": "en"}, "fr/en"),
}


def read_csv(path: Path | str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file (comma or semicolon separated, UTF-8 with or without BOM)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    rows = []
    for cells in reader:
        row = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        if any(cell.strip() for cell in cells[len(header):]):
            row[_EXTRA] = str(len(cells))  # an unquoted separator inside a value, usually
        rows.append(row)
    return header, rows


def validate(
    header: list[str],
    rows: list[dict[str, str]],
    *,
    parsers: dict[str, Callable[[str, str], Any]],
    required: tuple[str, ...],
    key: str | None = None,
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Parsed rows and every error found (header problems stop before the rows)."""
    errors: list[RowError] = []
    seen: set[str] = set()
    for column in header:
        if column in seen:
            errors.append(RowError(1, column, "appears twice in the header"))
        elif column not in parsers:
            allowed = ", ".join(sorted(parsers))
            errors.append(RowError(1, column or "(empty)", f"unknown column (allowed: {allowed})"))
        seen.add(column)
    for column in required:
        if column not in header:
            errors.append(RowError(1, column, "required column is missing"))
    if errors:
        return [], errors
    parsed_rows: list[dict[str, Any]] = []
    keys: dict[str, int] = {}
    for number, raw in enumerate(rows, start=2):
        if not any(raw.values()):
            continue  # blank line at the end of a spreadsheet export
        parsed: dict[str, Any] = {}
        if _EXTRA in raw:
            errors.append(RowError(number, None, f"{raw[_EXTRA]} cells but the header has "
                                   f"{len(header)} (quote values that contain the separator)"))
        for column in header:
            value = raw.get(column) or ""
            if not value:
                if column in required:
                    errors.append(RowError(number, column, "is required"))
                else:
                    parsed[column] = [] if column in ("photos", "keywords") else None
                continue
            if unstorable(value):  # PostgreSQL would refuse it mid-import
                errors.append(RowError(number, column, "contains a NUL character or an invalid one"))
                continue
            try:
                parsed[column] = parsers[column](value, column)
            except _Invalid as exc:
                errors.append(RowError(number, column, str(exc)))
        low, high = parsed.get("search_age_min"), parsed.get("search_age_max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            errors.append(RowError(number, "search_age_max", f"{high} is below search_age_min {low}"))
        if key and parsed.get(key):
            normalised = str(parsed[key]).upper()
            if normalised in keys:
                errors.append(RowError(number, key, f"{parsed[key]!r} already used on row {keys[normalised]}"))
            keys[normalised] = number
        parsed_rows.append(parsed)
    return parsed_rows, errors


def _finish(report: ImportReport, errors: list[RowError]) -> ImportReport:
    report.truncated = len(errors) > MAX_ERRORS
    report.errors = errors[:MAX_ERRORS]
    return report


def import_profiles_csv(
    conn: Conn, path: Path | str, embedder: Embedder, *, progress: Progress | None = None
) -> ImportReport:
    """Upsert profiles by code from a CSV file, then index them; all or nothing."""
    header, rows = read_csv(path)
    parsed, errors = validate(header, rows, parsers=_PROFILE_PARSERS, required=PROFILE_REQUIRED, key="code")
    report = ImportReport()
    if errors:
        return _finish(report, errors)
    with conn.transaction():
        for row in parsed:
            row["code"] = row["code"].upper()
            if row.get("photos") is None:
                row["photos"] = []
            if "status" in row and row["status"] is None:
                row["status"] = "active"
            outcome = upsert_profile(conn, row)
            setattr(report, outcome, getattr(report, outcome) + 1)
        report.indexed = index_profiles(conn, embedder, progress=progress)
    return report


def import_kb_csv(
    conn: Conn, path: Path | str, embedder: Embedder, *, progress: Progress | None = None
) -> ImportReport:
    """Upsert knowledge entries (by id, else by language and question), then index them."""
    header, rows = read_csv(path)
    parsed, errors = validate(header, rows, parsers=_KB_PARSERS, required=KB_REQUIRED)
    report = ImportReport()
    if errors:
        return _finish(report, errors)
    with conn.transaction():
        for row in parsed:
            if row.get("is_active") is None and "is_active" in row:
                row["is_active"] = True
            if row.get("keywords") is None and "keywords" in row:
                row["keywords"] = []
            outcome = upsert_knowledge(conn, row)
            setattr(report, outcome, getattr(report, outcome) + 1)
        report.indexed = index_knowledge(conn, embedder, progress=progress)
    return report
