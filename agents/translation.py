"""One translation service: the agency's dictionary, then the cache, then the LLM when configured.

Offline, a text that neither the dictionary nor the cache knows stays as written (and
says so to its caller): the bot never shows a made-up translation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agents.grounding import check_translation
from bot.core.connections import Conn
from bot.core.llm_metrics import llm_config
from knowledge import translations

log = logging.getLogger(__name__)
LANGUAGE_NAMES = {"fr": "French", "en": "English"}
SYSTEM = ("Translate the member-facing text from {source} to {target}. Keep names, numbers and "
          "emojis; reply with the translation only.")


@dataclass
class Translated:
    text: str
    found: bool  # False: left as written (nothing knew it)


class Translator:
    """Translates short catalogue texts for a member, cheapest source first."""

    def __init__(self, chat_model: BaseChatModel | None = None) -> None:
        self.chat_model = chat_model
        self.llm_calls = 0

    def translate_many(self, conn: Conn, texts: Sequence[str], *, source: str, target: str,
                       context_type: str | None = None) -> dict[str, Translated]:
        """Each text in the target language (or as written when nothing knows it)."""
        wanted = list(dict.fromkeys(t for t in texts if t and t.strip()))
        if source == target or not wanted:
            return {t: Translated(t, True) for t in wanted}
        done = translations.from_dictionary(conn, wanted, source=source, target=target)
        missing = [t for t in wanted if t not in done]
        done.update(translations.from_cache(conn, missing, source=source, target=target,
                                            context_type=context_type))
        missing = [t for t in wanted if t not in done]
        if missing and self.chat_model is not None:
            written = {t: self._llm(t, source=source, target=target) for t in missing}
            fresh = {t: v for t, v in written.items() if v is not None}
            translations.remember(conn, fresh.items(), source=source, target=target, context_type=context_type)
            done.update(fresh)
        return {t: Translated(done.get(t, t), t in done) for t in wanted}

    def translate(self, conn: Conn, text: str, *, source: str, target: str) -> Translated:
        return self.translate_many(conn, [text], source=source, target=target).get(text, Translated(text, True))

    def _llm(self, text: str, *, source: str, target: str) -> str | None:
        """The model's translation, or None when it fails or does not pass the checks
        (agents/grounding.py): the text is then shown as written, and not cached."""
        assert self.chat_model is not None
        self.llm_calls += 1
        system = SYSTEM.format(source=LANGUAGE_NAMES.get(source, source), target=LANGUAGE_NAMES.get(target, target))
        try:
            answer = self.chat_model.invoke([SystemMessage(system), HumanMessage(text)],
                                            config=llm_config("translate")).content
        except Exception as exc:  # noqa: BLE001 -- any model failure: the text as written
            log.warning("translation failed: %s", exc)
            return None
        written = answer.strip() if isinstance(answer, str) else ""
        check = check_translation(written, source=text, lang=target)
        if not check.ok:
            log.warning("model translation rejected (%s): %r -> %r", ", ".join(check.reasons), text[:80], written[:80])
            return None
        return written
