"""One translation service: the agency's dictionary, then the cache, then the LLM when configured.

The bot's profile cards (for English-speaking members) and the lead platform (a lead's
summary in the client's language) both go through it. Offline, a text that neither the
dictionary nor the cache knows stays as written and says so (`via == "untranslated"`):
nothing ever shows a made-up translation. A model's translation is checked
(agents/grounding.py) and cached for 90 days. Every lookup is a `translation` event in
performance_metrics: how long it took and where each text was found.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agents.grounding import check_translation
from bot.core.connections import Conn
from bot.core.prompts import PromptRegistry, PromptSpec
from knowledge import translations

log = logging.getLogger(__name__)
LANGUAGE_NAMES = {"fr": "French", "en": "English"}
SYSTEM = ("Translate the {what} from {source} to {target}. Keep names, numbers and emojis; "
          "reply with the translation only.")
TRANSLATE = PromptSpec("translate", SYSTEM)  # read from prompt_registry (bot/core/prompts.py)
# What the model is told it translates, by cache context.
WHAT = {"lead_summary": "summary of a message sent through a business's contact form",
        "profile_card": "member-facing text of a dating profile", "growth_insight": "business insight"}
Via = Literal["same_language", "dictionary", "cache", "llm", "untranslated"]


@dataclass(frozen=True)
class Translated:
    text: str
    via: Via  # where the text came from; "untranslated": left as written, nothing knew it

    @property
    def found(self) -> bool:
        return self.via != "untranslated"


class Translator:
    """Translates texts for a reader, cheapest source first; `component` and `client_id` name
    who asked in the recorded metrics (no client: the agency's own bot). `prompts`: the
    registry the model's prompt is read from and its calls recorded in (the code's text,
    unrecorded, without one)."""

    def __init__(self, chat_model: BaseChatModel | None = None, *, component: str = "translation",
                 client_id: uuid.UUID | str | None = None, prompts: PromptRegistry | None = None) -> None:
        self.chat_model = chat_model
        self.component = component
        self.client_id = client_id
        self.prompts = prompts
        self.llm_calls = 0

    def translate_many(self, conn: Conn, texts: Sequence[str], *, source: str, target: str,
                       context_type: str | None = None) -> dict[str, Translated]:
        """Each text in the target language (or as written when nothing knows it)."""
        wanted = list(dict.fromkeys(t for t in texts if t and t.strip()))
        if source == target or not wanted:
            return {t: Translated(t, "same_language") for t in wanted}
        started = time.perf_counter()
        done: dict[str, Translated] = {
            t: Translated(v, "dictionary")
            for t, v in translations.from_dictionary(conn, wanted, source=source, target=target).items()}
        missing = [t for t in wanted if t not in done]
        done.update((t, Translated(v, "cache")) for t, v in translations.from_cache(
            conn, missing, source=source, target=target, context_type=context_type).items())
        missing = [t for t in wanted if t not in done]
        errors: list[str] = []
        if missing and self.chat_model is not None:
            written = {t: self._llm(t, source=source, target=target, context_type=context_type, errors=errors)
                       for t in missing}
            fresh = {t: v for t, v in written.items() if v is not None}
            translations.remember(conn, fresh.items(), source=source, target=target, context_type=context_type)
            done.update((t, Translated(v, "llm")) for t, v in fresh.items())
        result = {t: done.get(t, Translated(t, "untranslated")) for t in wanted}
        translations.record_use(
            conn, client_id=self.client_id, component=self.component,
            counts=Counter(v.via for v in result.values()),
            response_time_ms=round((time.perf_counter() - started) * 1000),
            error="; ".join(errors)[:500] or None,
            context={"source": source, "target": target, "context_type": context_type},
        )
        return result

    def translate(self, conn: Conn, text: str, *, source: str, target: str,
                  context_type: str | None = None) -> Translated:
        return self.translate_many(conn, [text], source=source, target=target, context_type=context_type).get(
            text, Translated(text, "same_language"))

    def _llm(self, text: str, *, source: str, target: str, context_type: str | None,
             errors: list[str]) -> str | None:
        """The model's translation, or None when it fails (the error is kept for the metric)
        or does not pass the checks (agents/grounding.py): the text is then shown as written,
        and not cached."""
        assert self.chat_model is not None
        self.llm_calls += 1
        # The same text reads the same variant during an A/B test of the prompt.
        subject = f"text:{hashlib.sha256(text.encode()).hexdigest()[:16]}"
        prompt = (self.prompts.call(TRANSLATE, subject=subject, client_id=self.client_id) if self.prompts
                  else TRANSLATE.unrecorded())
        system = prompt.system(what=WHAT.get(context_type or "", "text"), source=LANGUAGE_NAMES.get(source, source),
                               target=LANGUAGE_NAMES.get(target, target))
        try:
            answer = prompt.model(self.chat_model).invoke([SystemMessage(system), HumanMessage(text)],
                                                          config=prompt.config()).content
        except Exception as exc:  # noqa: BLE001 -- any model failure: the text as written
            log.warning("translation failed: %s", exc)
            errors.append(f"{type(exc).__name__}: {exc}")
            return None
        written = answer.strip() if isinstance(answer, str) else ""
        check = check_translation(written, source=text, lang=target)
        prompt.judge(ok=check.ok, reasons=check.reasons)
        if not check.ok:
            log.warning("model translation rejected (%s): %r -> %r", ", ".join(check.reasons), text[:80], written[:80])
            return None
        return written
