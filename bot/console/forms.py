"""Parsing of the console's edit forms into rows the knowledge repositories accept."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from typing import Any

from agents.hours import problems as hours_problems
from bot.core.text import unstorable_json
from bot.lead_platform.outreach import member_rules
from knowledge.importers import validate

PROFILE_FIELDS = (
    "code",
    "name",
    "first_name",
    "age",
    "gender",
    "city",
    "neighborhood",
    "profession",
    "description_short",
    "description_long",
    "hobbies",
    "religion",
    "children",
    "search_age_min",
    "search_age_max",
    "search_city",
    "status",
    "photos",
)
KB_FIELDS = ("title", "question", "answer", "category", "language", "keywords", "is_active")


def profile_row(form: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """A profile from form fields, validated by the CSV importer's own rules (one 'row')."""
    from knowledge.importers import _PROFILE_PARSERS, PROFILE_REQUIRED

    raw = {k: (form.get(k) or "").strip() for k in PROFILE_FIELDS}
    raw["photos"] = ";".join(u.strip() for u in re.split(r"[\r\n]+", raw["photos"]) if u.strip())
    parsed, errors = validate(
        list(PROFILE_FIELDS), [raw], parsers=_PROFILE_PARSERS, required=PROFILE_REQUIRED
    )
    messages = [f"{e.column}: {e.message}" if e.column else e.message for e in errors]
    row = parsed[0] if parsed and not errors else {}  # a cell in error is missing from the row
    if row:
        row["code"] = str(row["code"]).upper()
        row["photos"] = row.get("photos") or []
        row["status"] = row.get("status") or "active"
    return row, messages


def knowledge_row(form: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """A knowledge entry from form fields (same rules as the CSV importer)."""
    from knowledge.importers import _KB_PARSERS, KB_REQUIRED

    raw = {k: (form.get(k) or "").strip() for k in KB_FIELDS}
    raw["keywords"] = ";".join(
        k.strip() for k in re.split(r"[,;\n]+", raw["keywords"]) if k.strip()
    )
    raw["is_active"] = "yes" if form.get("is_active") else "no"
    parsed, errors = validate(list(KB_FIELDS), [raw], parsers=_KB_PARSERS, required=KB_REQUIRED)
    messages = [f"{e.column}: {e.message}" if e.column else e.message for e in errors]
    row = parsed[0] if parsed else {}
    if row:
        row["keywords"] = row.get("keywords") or []
        row["language"] = row.get("language") or "fr"
    return row, messages


def config_values(form: dict[str, str], *, adviser_days: Sequence[str] = ()) -> tuple[dict[str, Any], list[str]]:
    """Configuration values from the form (adviser_days: the ticked weekdays, 1 = Monday);
    errors name the field."""
    errors: list[str] = []
    values: dict[str, Any] = {}

    def number(key: str, *, low: float = 0) -> None:
        try:
            value = float(form.get(key, "").replace(" ", "").replace(",", "."))
        except ValueError:
            errors.append(f"{key}: nombre attendu")
            return
        if not math.isfinite(value):  # float() also reads "nan", "inf" and "1e400"
            errors.append(f"{key}: nombre attendu")
            return
        if value < low:
            errors.append(f"{key}: au moins {low:g}")
            return
        values[key] = int(value) if value == int(value) else value

    phone = form.get("admin_phone", "").strip().replace(" ", "")
    if phone and not re.fullmatch(r"\+?\d{8,15}", phone):
        errors.append("admin_phone: numéro au format +E164 attendu")
    values["admin_phone"] = (phone if phone.startswith("+") else f"+{phone}") if phone else None
    values["agency_name"] = form.get("agency_name", "").strip() or "Matchbot"
    number("contact_price")
    number("minimum_age", low=18)
    number("auto_release_minutes")
    number("handback_minutes")
    if form.get("profile_codes_per_day", "").strip():  # absent: the built-in limit stays
        number("profile_codes_per_day", low=1)
    if any(f"member_{key}" in form for key in member_rules.DEFAULT):  # absent: the stored rules stay
        outreach = {key: form.get(f"member_{key}", "").strip() for key in member_rules.DEFAULT}
        found = member_rules.problems(outreach)
        errors.extend(found)
        if not found:
            values[member_rules.KEY] = member_rules.stored(outreach)
    hours = {"days": sorted({int(d) for d in adviser_days if d.strip().isascii() and d.strip().isdigit()}),
             "start": form.get("adviser_start", "").strip(), "end": form.get("adviser_end", "").strip(),
             "timezone": form.get("adviser_timezone", "").strip()}
    found = hours_problems(hours)
    if not hours["days"]:
        found.insert(0, "adviser_hours: cochez au moins un jour")
    errors.extend(found)
    values["adviser_hours"] = hours
    currency = form.get("currency", "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors.append("currency: code ISO à 3 lettres attendu")
    values["currency"] = currency
    values["bot_enabled"] = bool(form.get("bot_enabled"))
    for key in ("welcome_message", "payment_instructions"):
        texts = {lang: form.get(f"{key}_{lang}", "").strip() for lang in ("fr", "en")}
        values[key] = {lang: text for lang, text in texts.items() if text} or None
    try:
        templates = json.loads(form.get("whatsapp_templates", "").strip() or "{}")
    except ValueError as exc:
        errors.append(f"whatsapp_templates: JSON invalide ({exc})")
    else:
        if isinstance(templates, dict) and unstorable_json(templates):
            errors.append("whatsapp_templates: caractère NUL (\\u0000) ou invalide")
        elif isinstance(templates, dict):
            values["whatsapp_templates"] = templates
        else:
            errors.append("whatsapp_templates: un objet JSON est attendu")
    return values, errors
