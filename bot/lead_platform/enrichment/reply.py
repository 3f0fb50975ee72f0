"""The auto-reply: in the lead's language, in the client's tone, with the booking link."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.prompts import PromptCall
from bot.lead_platform.enrichment.messages import REPLY
from bot.lead_platform.enrichment.prompts import LEAD_REPLY, reply_messages
from bot.lead_platform.enrichment.taxonomy import intent_label

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    subject: str
    text: str


def compose_reply(*, language: str, tone: str, business: str, lead_name: str | None,
                  intent: str | None, booking_link: str | None, personal: str | None = None) -> Reply:
    """Fill the catalogue's template for (language, tone), with an optional personal paragraph."""
    lang = language if language in REPLY else "en"
    parts = REPLY[lang]
    voice = parts["tones"].get(tone) or parts["tones"]["Professional"]
    name = (lead_name or "").strip().split(" ")[0] if lead_name else ""
    lines = [voice["greeting_named"].format(name=name) if name else voice["greeting"], ""]
    lines.append(voice["thanks"].format(business=business))
    if personal:
        lines.append(personal)
    elif intent and intent not in ("Other", "Spam"):
        lines.append(parts["about"].format(topic=intent_label(intent, lang).lower()))
    lines.append(voice["next"])
    if booking_link:
        lines += ["", parts["booking"].format(link=booking_link)]
    lines += ["", voice["closing"], parts["signature"].format(business=business)]
    return Reply(subject=parts["subject"].format(business=business), text="\n".join(lines) + "\n")


MAX_PERSONAL_CHARS = 600
_LINK = re.compile(r"(https?://|www\.|@)", re.IGNORECASE)


def personal_paragraph(chat_model: BaseChatModel | None, *, business: str, language: str, tone: str,
                       message: str | None, prompt: PromptCall | None = None) -> str | None:
    """A short paragraph written by the LLM about the lead's message, or None (then the template).

    Refused when it is empty, too long, or carries links or addresses: the email must not
    become a channel for whatever an injected message asked the model to write. `prompt`:
    the registry's (the code's text, unrecorded, without one).
    """
    if chat_model is None or not (message or "").strip():
        return None
    prompt = prompt or LEAD_REPLY.unrecorded()
    try:
        answer = prompt.model(chat_model).invoke(
            reply_messages(prompt=prompt, business=business, language=language, tone=tone, message=message or ""),
            config=prompt.config())
    except Exception as exc:  # noqa: BLE001 -- the template reply is always a fine fallback
        log.warning("personal reply paragraph failed: %s", exc)
        return None
    text = " ".join(str(getattr(answer, "content", answer)).split())
    refused = [reason for reason, bad in (("empty", not text), ("too long", len(text) > MAX_PERSONAL_CHARS),
                                          ("a link or an address", bool(_LINK.search(text)))) if bad]
    prompt.judge(ok=not refused, reasons=refused)
    return None if refused else text
