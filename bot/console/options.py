"""`<option>` lists the thread repeats under every member message, built once."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from bot.console.messages import CONTEXT_LABELS, INTENT_LABELS

LABELS = {"intent": INTENT_LABELS, "context": CONTEXT_LABELS}


def option_tags(labels: str, selected: object) -> Markup:
    """The options of a label table ("intent" or "context"), `selected` marked.

    The "misread?" form under each member message lists every intent and context: built
    by the template, they were most of a 300-message thread's rendering (41 ms of CPU;
    12 ms with them built once per table and choice).
    """
    return _option_tags(labels, selected if isinstance(selected, str) else None)


@lru_cache(maxsize=256)
def _option_tags(labels: str, selected: str | None) -> Markup:
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(key, Markup(" selected") if key == selected else "", text)
        for key, text in LABELS[labels].items()
    )
