"""What an outbound row looks like on each channel: interactive payloads and text fallbacks.

The conversation engine describes choices in the row's metadata (`buttons`, `list`);
WhatsApp limits them (3 reply buttons of 20 characters, 10 list rows of 24), so they
are validated and truncated here, once, for every channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_BUTTONS = 3
BUTTON_TITLE_MAX = 20
MAX_LIST_ROWS = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
LIST_BUTTON_MAX = 20
CHOICE_ID_MAX = 200
BODY_MAX = 1024  # interactive body text limit on the Cloud API
TEXT_MAX = 4096  # a WhatsApp text message


@dataclass(frozen=True)
class Choice:
    """One option offered to the member (a reply button or a list row)."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Choices:
    """The options of one message: reply buttons, or a list behind a button."""

    kind: str  # "buttons" or "list"
    options: tuple[Choice, ...]
    button: str = "Options"


@dataclass
class Outgoing:
    """An outbound message ready for a channel: text, photos, choices or a template."""

    text: str
    media: list[str] = field(default_factory=list)
    choices: Choices | None = None
    template: dict[str, Any] | None = None  # {"content_sid"|"name", "variables": {...}}


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _choice(raw: Any, *, title_max: int) -> Choice | None:
    if not isinstance(raw, dict) or not raw.get("title"):
        return None
    title = str(raw["title"])
    ident = str(raw.get("id") or title)[:CHOICE_ID_MAX]
    description = raw.get("description")
    return Choice(
        id=ident,
        title=_clip(title, title_max),
        description=_clip(str(description), ROW_DESCRIPTION_MAX) if description else None,
    )


def choices_from_metadata(metadata: dict[str, Any]) -> Choices | None:
    """The choices a row carries, within WhatsApp's limits (None when it has none).

    More than 3 buttons become a list; more than 10 rows keep the first 10.
    """
    buttons = [c for c in (_choice(b, title_max=ROW_TITLE_MAX) for b in metadata.get("buttons") or []) if c]
    listing = metadata.get("list") if isinstance(metadata.get("list"), dict) else None
    if buttons and len(buttons) <= MAX_BUTTONS:
        clipped = tuple(Choice(c.id, _clip(c.title, BUTTON_TITLE_MAX)) for c in buttons)
        return Choices("buttons", clipped)
    rows = buttons or [
        c for c in (_choice(r, title_max=ROW_TITLE_MAX) for r in (listing or {}).get("rows") or []) if c
    ]
    if not rows:
        return None
    button = _clip(str((listing or {}).get("button") or "Options"), LIST_BUTTON_MAX)
    return Choices("list", tuple(rows[:MAX_LIST_ROWS]), button=button)


def numbered_text(text: str, choices: Choices | None) -> str:
    """Plain-text fallback: the choices as a numbered list the member can answer with a digit."""
    if choices is None:
        return text
    lines = [f"{n}. {c.title}" + (f" ({c.description})" if c.description else "")
             for n, c in enumerate(choices.options, start=1)]
    return f"{text}\n\n" + "\n".join(lines) if text else "\n".join(lines)


def meta_payload(recipient: dict[str, str], message: Outgoing) -> dict[str, Any]:
    """Cloud API body for one message (template, interactive or text)."""
    base: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", **recipient}
    if message.template:
        parameters = [{"type": "text", "text": str(v)} for v in message.template.get("values", [])]
        template: dict[str, Any] = {
            "name": message.template["name"],
            "language": {"code": message.template.get("language") or "fr"},
        }
        if parameters:
            template["components"] = [{"type": "body", "parameters": parameters}]
        return {**base, "type": "template", "template": template}
    choices = message.choices
    if choices is None:
        return {**base, "type": "text", "text": {"body": message.text[:TEXT_MAX], "preview_url": False}}
    body = {"text": message.text[:BODY_MAX] or "…"}
    if choices.kind == "buttons":
        action: dict[str, Any] = {"buttons": [
            {"type": "reply", "reply": {"id": c.id, "title": c.title}} for c in choices.options
        ]}
        return {**base, "type": "interactive", "interactive": {"type": "button", "body": body, "action": action}}
    rows = []
    for c in choices.options:
        row = {"id": c.id, "title": c.title}
        if c.description:
            row["description"] = c.description
        rows.append(row)
    action = {"button": choices.button, "sections": [{"title": choices.button[:24], "rows": rows}]}
    return {**base, "type": "interactive", "interactive": {"type": "list", "body": body, "action": action}}


def meta_image_payload(recipient: dict[str, str], url: str) -> dict[str, Any]:
    """Cloud API body for one photo (sent before the text it illustrates)."""
    return {"messaging_product": "whatsapp", "recipient_type": "individual", **recipient,
            "type": "image", "image": {"link": url}}
