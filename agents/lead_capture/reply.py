"""The auto-reply: in the lead's language, in the client's tone, with the booking link."""

from __future__ import annotations

from dataclasses import dataclass

from agents.lead_capture.messages import REPLY
from agents.lead_capture.taxonomy import intent_label


@dataclass(frozen=True)
class Reply:
    subject: str
    text: str


def compose_reply(*, language: str, tone: str, business: str, lead_name: str | None,
                  intent: str | None, booking_link: str | None) -> Reply:
    """Fill the catalogue's template for (language, tone)."""
    lang = language if language in REPLY else "en"
    parts = REPLY[lang]
    voice = parts["tones"].get(tone) or parts["tones"]["Professional"]
    name = (lead_name or "").strip().split(" ")[0] if lead_name else ""
    lines = [voice["greeting_named"].format(name=name) if name else voice["greeting"], ""]
    lines.append(voice["thanks"].format(business=business))
    if intent and intent not in ("Other", "Spam"):
        lines.append(parts["about"].format(topic=intent_label(intent, lang).lower()))
    lines.append(voice["next"])
    if booking_link:
        lines += ["", parts["booking"].format(link=booking_link)]
    lines += ["", voice["closing"], parts["signature"].format(business=business)]
    return Reply(subject=parts["subject"].format(business=business), text="\n".join(lines) + "\n")
