"""The labelled corpus of member messages (agents/nlu/corpus/, format in its README).

Splits written by different hands: `train` (what the classifier learns from), `heldout`
(measured by `python -m bench understanding`, never trained on), `final` (measured, never
trained on; its misreadings were read to find what kind of wording the rules missed) and
`fresh` and `unseen` (written later by two hands blind to the rules, never looked at: only
their figures are printed; `unseen` came after the rules were tuned against `fresh`'s
figures). The train files named probe_* and probe2_* were written blind too (two more
hands, the same day as `unseen`), measured, read to find what members' wording the rules
missed, then learnt. Admins' corrections in the console are training examples too
(`understanding_examples`), never held-out ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from graph.state import Awaiting, Intent

CORPUS_DIR = Path(__file__).parent / "corpus"
Split = Literal["train", "heldout", "final", "fresh", "unseen"]
Context = Awaiting  # what the bot's last message waited for
CONTEXTS: tuple[Context, ...] = get_args(Context)
INTENTS: tuple[Intent, ...] = get_args(Intent)
ROLES = ("self", "sought", "mentioned", "profile")


class CorpusError(ValueError):
    """A record that does not follow the corpus format (the message names file and record)."""


@dataclass(frozen=True)
class Example:
    """One labelled member message."""

    text: str
    intent: Intent
    context: Context = "none"
    lang: str = "fr"
    also: tuple[Intent, ...] = ()
    topic: str | None = None  # the FAQ topic of a question
    slots: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # role -> slot -> value
    source: str = ""  # file (or "console") it comes from


def _example(raw: Mapping[str, Any], *, where: str) -> Example:
    text, intent, context = raw.get("text"), raw.get("intent"), raw.get("context", "none")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: text is missing")
    if intent not in INTENTS:
        raise CorpusError(f"{where}: unknown intent {intent!r}")
    if context not in CONTEXTS:
        raise CorpusError(f"{where}: unknown context {context!r}")
    also = tuple(raw.get("also") or ())
    if any(a not in INTENTS for a in also):
        raise CorpusError(f"{where}: unknown intent in also {also!r}")
    slots = raw.get("slots") or {}
    if not isinstance(slots, Mapping) or any(role not in ROLES for role in slots):
        raise CorpusError(f"{where}: slots must be keyed by {', '.join(ROLES)}")
    return Example(text=text, intent=intent, context=context, lang=str(raw.get("lang", "fr")),
                   also=also, topic=raw.get("topic"), slots=slots, source=where.split(":")[0])


# libyaml's safe parser when PyYAML was built with it: the corpus's 16,600 records load in 0.9 s
# instead of 6.6 (every process that trains, reads or fingerprints the corpus loads it once).
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_file(path: Path) -> list[Example]:
    """The records of one YAML file."""
    records = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or []
    if not isinstance(records, list):
        raise CorpusError(f"{path.name}: a list of records is expected")
    return [_example(r, where=f"{path.parent.name}/{path.name}:{n}") for n, r in enumerate(records, 1)]


def present(split: Split) -> bool:
    """Whether a split has been written (`fresh` may not be yet)."""
    return any((CORPUS_DIR / split).glob("*.yaml"))


@cache
def load(split: Split) -> tuple[Example, ...]:
    """Every example of a split (read once per process)."""
    files = sorted((CORPUS_DIR / split).glob("*.yaml"))
    return tuple(example for path in files for example in read_file(path))


def fingerprint(examples: Iterable[Example]) -> str:
    """A short hash of what a model is trained on (to know whether it is stale)."""
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.text}\x1f{e.intent}\x1f{e.context}\x1e".encode())
    return digest.hexdigest()[:16]
