"""`matchbot prospects import FILE.csv`: a client's prospects from a spreadsheet, all or nothing.

Columns are named as prospect_candidates' (business_name and website required; also
contact_email, industry, region, language, form_url, contacted, metadata as a JSON
object); the file is read as the profile import reads it (comma or semicolon, UTF-8,
rows numbered as a spreadsheet shows them). Every error names its row and column and then
nothing is written. A website the file lists twice is an error; one the client already
has is left as it is and counted. New prospects are scored and queued for site facts.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.connections import Conn
from bot.core.db import tenant_transaction
from bot.core.text import unstorable
from bot.lead_platform.prospects.discovery import add_prospects
from bot.lead_platform.prospects.rescore import rescore
from bot.lead_platform.prospects.websites import InvalidWebsite, normalise_website, site_key
from bot.lead_platform.store.prospects import IMPORT_COLUMNS, NewProspect
from knowledge.importers import MAX_ERRORS, RowError, read_csv

REQUIRED = ("business_name", "website")
_LENGTHS = {"business_name": 255, "contact_email": 255, "industry": 100, "region": 100, "form_url": 2000}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_BOOLEANS = {"yes": True, "true": True, "1": True, "oui": True, "y": True,
             "no": False, "false": False, "0": False, "non": False, "n": False}
_LANGUAGES = {"en": "en", "english": "en", "anglais": "en", "fr": "fr", "french": "fr", "français": "fr",
              "francais": "fr"}


@dataclass
class ProspectImport:
    """What an import did; nothing was written when `errors` is not empty."""

    added: list[uuid.UUID] = field(default_factory=list)
    already_known: int = 0
    errors: list[RowError] = field(default_factory=list)
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell(column: str, value: str) -> Any:
    """The parsed value of one cell; ValueError with the reason."""
    if column in _LENGTHS and len(value) > _LENGTHS[column]:
        raise ValueError(f"{value[:30]!r} is longer than {_LENGTHS[column]} characters")
    if column == "website":
        return normalise_website(value)
    if column == "contact_email":
        if not _EMAIL.match(value):
            raise ValueError(f"{value[:60]!r} is not an e-mail address")
        return value.lower()
    if column == "form_url":
        if not re.match(r"^https?://\S+$", value, re.IGNORECASE):
            raise ValueError(f"{value[:60]!r} is not an http(s) URL")
        return value
    if column == "language":
        if value.lower() not in _LANGUAGES:
            raise ValueError(f"{value!r} is not en or fr")
        return _LANGUAGES[value.lower()]
    if column == "contacted":
        if value.lower() not in _BOOLEANS:
            raise ValueError(f"{value!r} is not yes/no/true/false/1/0")
        return _BOOLEANS[value.lower()]
    if column == "metadata":
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"is not JSON ({exc.msg})") from None
        if not isinstance(parsed, dict):
            raise ValueError("must be a JSON object such as {\"source\": \"fair 2026\"}")
        return parsed
    if column == "industry":
        return value.lower()
    return value


def parse(header: list[str], rows: list[dict[str, str]]) -> tuple[list[NewProspect], list[RowError]]:
    """The prospects a file describes, and every error in it."""
    errors: list[RowError] = []
    for position, column in enumerate(header):
        if column in header[:position]:
            errors.append(RowError(1, column, "appears twice in the header"))
        elif column not in IMPORT_COLUMNS:
            errors.append(RowError(1, column or "(empty)",
                                   f"unknown column (allowed: {', '.join(IMPORT_COLUMNS)})"))
    errors += [RowError(1, column, "required column is missing") for column in REQUIRED if column not in header]
    if errors:
        return [], errors
    prospects: list[NewProspect] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows, start=2):
        if not any(raw.values()):
            continue  # a blank line at the end of a spreadsheet export
        if set(raw) - set(header):
            errors.append(RowError(number, None, f"more cells than the header's {len(header)} "
                                   "(quote values that contain the separator)"))
        values: dict[str, Any] = {}
        for column in header:
            value = raw.get(column) or ""
            if not value:
                if column in REQUIRED:
                    errors.append(RowError(number, column, "is required"))
                continue
            if unstorable(value):
                errors.append(RowError(number, column, "contains a NUL character or an invalid one"))
                continue
            try:
                values[column] = _cell(column, value)
            except (ValueError, InvalidWebsite) as exc:
                errors.append(RowError(number, column, str(exc)))
        if "website" in values:
            key = site_key(values["website"])
            if key in seen:
                errors.append(RowError(number, "website", f"{values['website']} is already on row {seen[key]}"))
            seen.setdefault(key, number)
        if all(c in values for c in REQUIRED):
            metadata = {**values.pop("metadata", {}), "source": "import"}
            prospects.append(NewProspect(**values, metadata=metadata))
    return prospects, errors


def import_prospects_csv(conn: Conn, path: Path | str, *, client_id: uuid.UUID | str) -> ProspectImport:
    """Add the file's prospects to the client, in one transaction, or report why not."""
    header, rows = read_csv(path)
    prospects, errors = parse(header, rows)
    report = ProspectImport()
    if errors:
        report.truncated = len(errors) > MAX_ERRORS
        report.errors = errors[:MAX_ERRORS]
        return report
    with tenant_transaction(conn, client_id):
        report.added, report.already_known = add_prospects(conn, client_id=client_id, candidates=prospects)
    rescore(conn, client_id=client_id, prospect_ids=report.added)
    return report
