"""Reading the answer to a test enquiry: an autoresponder or a person, and its tone.

Tones: `personalized` (it takes up what the enquiry asked), `human` (a person wrote it, or
an automatic reply that reads like one: first person, greets the enquirer by name),
`robotic` (a generic acknowledgement); `none` is for no answer at all. The rules decide
offline; with a chat model configured, one structured call reads the tone instead and the
rules remain the fallback. Mail headers that declare an automatic reply (RFC 3834
Auto-Submitted, X-Autoreply…) decide "autoresponder" whatever the model says.

Quoted text (our own enquiry in the reply) is cut before reading, so that echoing it does
not count as taking it up.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from bot.core.prompts import PromptCall
from bot.lead_platform.prospects.prompts import FORM_TEST_TONE, tone_messages

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

Tone = Literal["robotic", "human", "personalized"]
RULES = "rules"
FAST_MINUTES = 2  # nobody reads and answers a form this fast: an automatic reply
WEAK_MINUTES = 15  # boilerplate wording this fast is an automatic reply too

_AUTO_SENDER = re.compile(r"^(no-?reply|do-?not-?reply|ne-?pas-?repondre|mailer-daemon|notifications?|"
                          r"auto-?reply|auto-?respond(er)?)($|[+._-])", re.IGNORECASE)
_AUTO_SUBJECT = re.compile(r"auto(matic)?[- ]?(reply|response)|autoreply|réponse automatique|reponse automatique|"
                           r"accusé de réception|accuse de reception|out of office|absence", re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"automated|automatic(ally)? (message|reply|response)|message automatique|do not reply|ne pas répondre|"
    r"ne pas repondre|we (have )?received your (message|request|enquiry|inquiry)|thank(s| you) for (contacting|"
    r"your (message|enquiry|inquiry))|nous avons bien reçu|nous reviendrons vers vous|we will get back to you|"
    r"as soon as possible|dans les (plus )?brefs délais|ticket|reference number|numéro de (dossier|ticket)",
    re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(I|I'm|I'll|I've|je|j'|moi)\b", re.IGNORECASE)
_QUOTE_START = re.compile(
    r"^(On .{5,200} wrote:|Le .{5,200} a écrit ?:|-{2,} ?(Original Message|Message d'origine) ?-{2,}|"
    r"(From|De) ?: .+)$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class ReplyReading:
    autoresponder: bool
    tone: Tone
    engine: str
    reason: str


class ToneAnswer(BaseModel):
    """What the model returns."""

    autoresponder: bool = Field(description="True when the answer was sent automatically")
    tone: Tone
    reason: str = Field(description="One short sentence", max_length=300)


def fresh_text(body: str) -> str:
    """The answer without the quoted enquiry below it."""
    match = _QUOTE_START.search(body)
    text = body[: match.start()] if match else body
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">")).strip()


def declared_automatic(headers: dict[str, str], sender: str, subject: str) -> bool:
    """Headers, sender or subject that say the message was sent by a machine."""
    lowered = {k.lower(): v.lower() for k, v in headers.items()}
    if lowered.get("auto-submitted", "no").strip() not in ("", "no"):
        return True
    if any(k in lowered for k in ("x-autoreply", "x-autorespond", "x-autoresponder")):
        return True
    if lowered.get("precedence", "").strip() in ("auto_reply", "bulk", "junk"):
        return True
    local = sender.rsplit("<", 1)[-1].split("@")[0].strip().lower()
    return bool(_AUTO_SENDER.match(local) or _AUTO_SUBJECT.search(subject))


def takes_up(text: str, keywords: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(k.lower() in lowered for k in keywords)


def read_by_rules(*, sender: str, subject: str, body: str, headers: dict[str, str], minutes: int,
                  keywords: tuple[str, ...], first_name: str) -> ReplyReading:
    text = fresh_text(body)
    declared = declared_automatic(headers, sender, subject)
    boilerplate = bool(_BOILERPLATE.search(text) or _BOILERPLATE.search(subject))
    automatic = declared or minutes <= FAST_MINUTES or (boilerplate and minutes <= WEAK_MINUTES)
    if takes_up(text, keywords):
        return ReplyReading(automatic, "personalized", RULES, "the answer takes up the enquiry's questions")
    if not automatic:
        return ReplyReading(False, "human", RULES, "a person answered")
    if _FIRST_PERSON.search(text) or first_name.lower() in text.lower():
        return ReplyReading(True, "human", RULES, "an automatic answer written like a person's")
    return ReplyReading(True, "robotic", RULES, "a generic automatic acknowledgement")


def read_reply(chat_model: BaseChatModel | None, *, sender: str, subject: str, body: str,
               headers: dict[str, str], minutes: int, enquiry: str, keywords: tuple[str, ...],
               first_name: str, prompt: PromptCall | None = None) -> ReplyReading:
    """The rules' reading, or the model's when one is configured (the rules if it fails).
    `prompt`: the registry's (the code's text, unrecorded, without one)."""
    rules = read_by_rules(sender=sender, subject=subject, body=body, headers=headers, minutes=minutes,
                          keywords=keywords, first_name=first_name)
    if chat_model is None or not fresh_text(body):
        return rules
    prompt = prompt or FORM_TEST_TONE.unrecorded()
    try:
        structured = prompt.model(chat_model).with_structured_output(ToneAnswer)
        result: Any = structured.invoke(
            tone_messages(prompt=prompt, enquiry=enquiry, subject=subject, reply=fresh_text(body), minutes=minutes),
            config=prompt.config())
        answer = result if isinstance(result, ToneAnswer) else ToneAnswer.model_validate(result)
    except Exception as exc:  # noqa: BLE001 -- any provider or parsing failure: the rules still answer
        log.warning("LLM reading of a form-test answer failed, using rules: %s", exc)
        return rules
    name = getattr(chat_model, "model_name", None) or type(chat_model).__name__
    automatic = answer.autoresponder or declared_automatic(headers, sender, subject) or minutes <= FAST_MINUTES
    return ReplyReading(automatic, answer.tone, f"llm:{name}", answer.reason)


def quality_score(*, minutes: int | None, tone: str) -> int:
    """How well the enquiry was answered, 0–100: speed (up to 50) and tone (up to 50)."""
    if minutes is None:
        return 0
    speed = next((points for limit, points in ((5, 50), (60, 40), (240, 30), (1440, 20), (2880, 10))
                  if minutes <= limit), 5)
    return speed + {"personalized": 50, "human": 40, "robotic": 15}.get(tone, 0)
