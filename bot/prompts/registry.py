"""The registry's versions: list, read, edit (a new version, the history kept), activate.

Every function runs in the caller's transaction; open it with `service_transaction`
(prompt_performance, read for the figures, is under Row Level Security).
"""

from __future__ import annotations

import json
import math
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.connections import Conn
from bot.core.prompts import PARAMETER_BOUNDS

MAX_TEXT = 20_000
# Figures over this many days on the list and history pages.
RECENT_DAYS = 30
# A recorded call succeeded: no error, its answer had the format asked for, the service's own
# checks kept it (grounding, length, links…), and the real outcome, once recorded on its
# feedback row, did not contradict it. The A/B tests compare the arms on this.
SUCCESS_SQL = """(NOT p.error_occurred AND coalesce(p.consistency_score, 1) > 0
                  AND coalesce(p.output_quality_score, 1) > 0 AND coalesce(f.outcome, '') <> 'negative')"""


class PromptError(ValueError):
    """A refused change, naming the field at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Figures:
    """What a version's recorded calls show."""

    calls: int = 0
    successes: int = 0
    errors: int = 0
    avg_ms: float | None = None
    tokens: int = 0
    cost_usd: float | None = None

    @property
    def success_rate(self) -> float | None:
        return self.successes / self.calls if self.calls else None

    def as_json(self) -> dict[str, Any]:
        return {"calls": self.calls, "successes": self.successes, "errors": self.errors,
                "success_rate": None if self.success_rate is None else round(self.success_rate, 4),
                "avg_ms": None if self.avg_ms is None else round(self.avg_ms), "tokens": self.tokens,
                "cost_usd": self.cost_usd}


@dataclass(frozen=True)
class Version:
    id: Any
    name: str
    version: int
    variant_id: str
    text: str
    parameters: dict[str, Any]
    placeholders: list[str]
    description: str | None
    is_active: bool
    created_by: str | None
    change_note: str | None
    created_at: datetime
    activated_at: datetime | None
    usage_count: int = 0
    score: float | None = None
    figures: Figures = field(default_factory=Figures)


COLUMNS = """r.id, r.prompt_name, r.variant_version, r.variant_id, r.prompt_text, r.model_parameters, r.placeholders,
             r.description, r.is_active, r.created_by, r.change_note, r.created_at, r.activated_at,
             r.usage_count, r.score"""
FIGURES_SQL = f"""
SELECT p.prompt_registry_id AS id, count(*) AS calls, count(*) FILTER (WHERE {SUCCESS_SQL}) AS successes,
       count(*) FILTER (WHERE p.error_occurred) AS errors, avg(p.response_time_ms) AS avg_ms,
       coalesce(sum(p.token_count), 0) AS tokens, sum(p.cost_usd) AS cost_usd
FROM prompt_performance p LEFT JOIN feedback_tracking f ON f.id = p.feedback_id
WHERE p.prompt_registry_id = ANY(%s) AND p.executed_at > now() - make_interval(days => %s)
GROUP BY p.prompt_registry_id
"""


def _version(row: Mapping[str, Any], figures: Figures | None = None) -> Version:
    return Version(
        id=row["id"], name=row["prompt_name"], version=row["variant_version"], variant_id=row["variant_id"],
        text=row["prompt_text"], parameters=row["model_parameters"] or {}, placeholders=list(row["placeholders"]),
        description=row["description"], is_active=row["is_active"], created_by=row["created_by"],
        change_note=row["change_note"], created_at=row["created_at"], activated_at=row["activated_at"],
        usage_count=row["usage_count"], score=None if row["score"] is None else float(row["score"]),
        figures=figures or Figures(),
    )


def figures(conn: Conn, ids: list[Any], *, days: int = RECENT_DAYS) -> dict[Any, Figures]:
    """Each version's calls over the last `days` (versions without calls are absent)."""
    if not ids:
        return {}
    return {
        row["id"]: Figures(calls=row["calls"], successes=row["successes"], errors=row["errors"],
                           avg_ms=None if row["avg_ms"] is None else float(row["avg_ms"]), tokens=int(row["tokens"]),
                           cost_usd=None if row["cost_usd"] is None else float(row["cost_usd"]))
        for row in conn.execute(FIGURES_SQL, (ids, days)).fetchall()
    }


def active_versions(conn: Conn) -> list[Version]:
    """The active version of every prompt, by name, with its recent figures."""
    rows = conn.execute(f"SELECT {COLUMNS} FROM prompt_registry r WHERE r.is_active ORDER BY r.prompt_name").fetchall()
    found = figures(conn, [r["id"] for r in rows])
    return [_version(r, found.get(r["id"])) for r in rows]


def history(conn: Conn, name: str) -> list[Version]:
    """Every version of a prompt, newest first, with their recent figures (empty: no such prompt)."""
    rows = conn.execute(f"SELECT {COLUMNS} FROM prompt_registry r WHERE r.prompt_name = %s "
                        "ORDER BY r.variant_version DESC", (name,)).fetchall()
    found = figures(conn, [r["id"] for r in rows])
    return [_version(r, found.get(r["id"])) for r in rows]


def get_version(conn: Conn, name: str, version: int) -> Version | None:
    row = conn.execute(f"SELECT {COLUMNS} FROM prompt_registry r WHERE r.prompt_name = %s AND r.variant_version = %s",
                       (name, version)).fetchone()
    return _version(row) if row else None


def get_active(conn: Conn, name: str) -> Version | None:
    row = conn.execute(f"SELECT {COLUMNS} FROM prompt_registry r WHERE r.prompt_name = %s AND r.is_active",
                       (name,)).fetchone()
    return _version(row) if row else None


def check_text(text: str, allowed: list[str]) -> str:
    """The text, stripped, if it uses only the placeholders the code fills; else PromptError."""
    text = text.strip()
    if not text:
        raise PromptError("text", "a prompt cannot be empty")
    if len(text) > MAX_TEXT:
        raise PromptError("text", f"at most {MAX_TEXT:,} characters")
    doubled = "a brace that is not a placeholder must be doubled ({{ or }})"
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        raise PromptError("text", doubled) from None
    unknown = sorted(fields - set(allowed))
    if unknown:
        shown = ", ".join("{" + f + "}" for f in allowed) or "none"
        raise PromptError("text", f"unknown placeholder {', '.join('{' + u + '}' for u in unknown)} "
                                  f"(the code fills: {shown}); {doubled}")
    try:
        text.format(**dict.fromkeys(allowed, ""))
    except (ValueError, IndexError, KeyError, AttributeError):
        raise PromptError("text", doubled) from None
    return text


def check_parameters(raw: Mapping[str, Any] | str) -> dict[str, Any]:
    """Model parameters from JSON or a mapping, within PARAMETER_BOUNDS; else PromptError."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "{}")
        except ValueError:
            raise PromptError("parameters", 'not JSON (e.g. {"temperature": 0.2})') from None
    if not isinstance(raw, Mapping):
        raise PromptError("parameters", 'a JSON object is expected (e.g. {"temperature": 0.2})')
    checked: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in PARAMETER_BOUNDS:
            raise PromptError("parameters", f"unknown parameter {key!r} (known: {', '.join(PARAMETER_BOUNDS)})")
        low, high = PARAMETER_BOUNDS[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
                or not low <= value <= high:
            raise PromptError("parameters", f"{key} must be a number from {low:g} to {high:g}")
        checked[key] = int(value) if key == "max_tokens" else float(value)
    return checked


def add_version(conn: Conn, *, name: str, text: str, parameters: Mapping[str, Any] | str | None = None,
                note: str | None = None, by: str, activate: bool = False) -> Version:
    """A new version of a prompt from an edit (the previous versions stay as they were).

    Its placeholders are those of the active version; without `parameters`, its parameters too.
    """
    current = get_active(conn, name)
    if current is None:
        raise PromptError("name", f"no prompt named {name!r}")
    checked_text = check_text(text, current.placeholders)
    checked_parameters = current.parameters if parameters is None else check_parameters(parameters)
    if checked_text == current.text and checked_parameters == current.parameters:
        raise PromptError("text", "identical to the active version")
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('prompt_registry:' || %s))", (name,))
    number = conn.execute("SELECT max(variant_version) + 1 AS n FROM prompt_registry WHERE prompt_name = %s",
                          (name,)).fetchone()
    version = int(number["n"]) if number else 1
    conn.execute(
        """INSERT INTO prompt_registry (prompt_name, variant_version, variant_id, prompt_text, language,
               model_parameters, placeholders, description, created_by, change_note)
           VALUES (%s, %s, %s, %s, 'en', %s, %s, %s, %s, %s)""",
        (name, version, f"{name}-v{version}", checked_text, json.dumps(checked_parameters), current.placeholders,
         current.description, by[:255], (note or "").strip()[:2000] or None),
    )
    if activate:
        activate_version(conn, name=name, version=version)
    found = get_version(conn, name, version)
    assert found is not None
    return found


def running_test_id(conn: Conn, name: str) -> Any:
    row = conn.execute("SELECT id FROM prompt_ab_tests WHERE prompt_name = %s AND status = 'running'",
                       (name,)).fetchone()
    return row["id"] if row else None


def activate_version(conn: Conn, *, name: str, version: int, during_test: bool = False) -> Version:
    """Make one version the one every call reads (refused while an A/B test decides between two,
    unless the test's conclusion is what activates it)."""
    target = get_version(conn, name, version)
    if target is None:
        raise PromptError("version", f"{name} has no version {version}")
    if not during_test and running_test_id(conn, name) is not None:
        raise PromptError("version", "an A/B test is running on this prompt: stop it first")
    conn.execute("UPDATE prompt_registry SET is_active = FALSE, updated_at = now() "
                 "WHERE prompt_name = %s AND is_active AND variant_version <> %s", (name, version))
    conn.execute("UPDATE prompt_registry SET is_active = TRUE, activated_at = now(), updated_at = now() "
                 "WHERE prompt_name = %s AND variant_version = %s AND NOT is_active", (name, version))
    found = get_version(conn, name, version)
    assert found is not None
    return found


def refresh_scores(conn: Conn, *, days: int = RECENT_DAYS) -> int:
    """usage_count (every recorded call kept) and score (success rate over `days`) of each version."""
    return conn.execute(
        f"""UPDATE prompt_registry r SET usage_count = s.calls, score = s.rate, updated_at = now()
            FROM (SELECT p.prompt_registry_id AS id, count(*) AS calls,
                         round((count(*) FILTER (WHERE {SUCCESS_SQL} AND p.executed_at > now() - make_interval(days => %s)))::numeric
                               / nullif(count(*) FILTER (WHERE p.executed_at > now() - make_interval(days => %s)), 0), 3) AS rate
                  FROM prompt_performance p LEFT JOIN feedback_tracking f ON f.id = p.feedback_id
                  WHERE p.prompt_registry_id IS NOT NULL GROUP BY p.prompt_registry_id) s
            WHERE r.id = s.id AND (r.usage_count, r.score) IS DISTINCT FROM (s.calls, s.rate)""",
        (days, days),
    ).rowcount
