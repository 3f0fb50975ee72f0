"""E-mail templates: `{{variable}}` and `{{variable|fallback}}` placeholders, checked when saved.

A template names only variables of the list below: anything else (a typo, an old name)
is refused when the template is saved, with the field and the variable named, so no
draft ever goes out with a literal `{{frist_name}}`. A placeholder without a fallback
whose value is unknown for a recipient makes that recipient's draft fail its check.
Substitution is plain text replacement (no template language runs on what clients write).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.lead_platform.outreach import content_rules

# name -> what it holds (shown in the template editor)
VARIABLES: dict[str, str] = {
    "first_name": "the recipient's first name (leads; unknown for prospects)",
    "company": "the recipient's business name",
    "website": "the recipient's website",
    "industry": "the recipient's industry",
    "region": "the recipient's region",
    "sender_company": "your business name",
    "booking_link": "your booking link",
    "personal_line": "the paragraph the outreach agent writes from what it knows of the recipient",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^{}]*))?\}\}")
_BRACES = re.compile(r"\{\{|\}\}")
MAX_TEMPLATE_CHARS = 5000


class TemplateError(ValueError):
    """A template that cannot be saved: which field, and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Template:
    """One language version of a template, as the agent fills it."""

    id: str
    name: str
    language: str
    subject: str
    body: str


@dataclass(frozen=True)
class Rendered:
    text: str
    missing: list[str] = field(default_factory=list)  # variables with no value and no fallback


def variables_of(text: str) -> list[str]:
    """The variable names a text uses, in order of first use."""
    seen: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def validate(*, name: str, subject: str, body: str, language: str) -> list[str]:
    """The variables a template uses; TemplateError naming the field for anything wrong."""
    if not name.strip() or len(name) > 100:
        raise TemplateError("name", "a name of 1 to 100 characters is required")
    if language not in ("en", "fr"):
        raise TemplateError("language", "must be en or fr")
    used: list[str] = []
    for field_name, text, limit in (("subject", subject, content_rules.MAX_SUBJECT * 2),
                                    ("body", body, MAX_TEMPLATE_CHARS)):
        if not text.strip():
            raise TemplateError(field_name, "is empty")
        if len(text) > limit:
            raise TemplateError(field_name, f"is longer than {limit} characters")
        if "\x00" in text:
            raise TemplateError(field_name, "contains a NUL character")
        unknown = [v for v in variables_of(text) if v not in VARIABLES]
        if unknown:
            raise TemplateError(field_name, f"unknown variable {{{{{unknown[0]}}}}}; "
                                            f"known variables: {', '.join(sorted(VARIABLES))}")
        if _BRACES.search(_PLACEHOLDER.sub("", text)):
            raise TemplateError(field_name, "a placeholder is not closed or not of the form {{variable}} "
                                            "or {{variable|fallback}}")
        blank = _PLACEHOLDER.sub("", text)
        triggers = content_rules.spam_triggers(blank)
        if triggers:
            raise TemplateError(field_name, f"spam-trigger wording: {', '.join(triggers)}")
        loud = content_rules.shouting(blank)
        if loud:
            raise TemplateError(field_name, "; ".join(loud))
        used += [v for v in variables_of(text) if v not in used]
    if "personal_line" in variables_of(subject):
        raise TemplateError("subject", "{{personal_line}} is a paragraph: it belongs in the body")
    return sorted(used)


def render(text: str, values: dict[str, str | None]) -> Rendered:
    """Fill the placeholders; values missing without a fallback are listed, left empty."""
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name, fallback = match.group(1), match.group(2)
        value = (values.get(name) or "").strip()
        if value:
            return value
        if fallback is None:
            missing.append(name)
            return ""
        return fallback.strip()

    filled = _PLACEHOLDER.sub(fill, text)
    filled = re.sub(r"[ \t]+([,.])", r"\1", filled)  # "Hello ," when a name is empty
    filled = re.sub(r"[ \t]+\n", "\n", filled)
    filled = re.sub(r"\n{3,}", "\n\n", filled).strip()
    return Rendered(text=filled, missing=missing)
