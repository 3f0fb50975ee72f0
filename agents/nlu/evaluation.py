"""How well the reader understands a labelled split: intents, slots with their roles.

Used by `python -m bench understanding` and the tests; every figure is computed from
the examples, none is stored.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.nlu.corpus import INTENTS, Example
from agents.nlu.reader import ANSWERING, Reader
from graph.state import Understanding

# Labels of the corpus -> the reading's stored slots.
SLOT_NAMES = ("self.age", "self.gender", "self.city", "self.name", "sought.gender", "sought.age_min",
              "sought.age_max", "sought.city", "sought.any_city", "sought.any_age")


def _fold(value: object) -> object:
    if isinstance(value, str):
        return "".join(c for c in unicodedata.normalize("NFKD", value.lower())
                       if not unicodedata.combining(c)).replace("-", " ").strip()
    return value


def stored_slots(u: Understanding, *, context: str) -> dict[str, object]:
    """The slots a reading would store on the lead, named as the corpus names them."""
    found: dict[str, object] = {
        "self.age": u.age, "self.gender": u.gender, "self.city": u.city, "self.name": u.name,
        "sought.gender": u.looking_for_gender, "sought.city": u.preferred_city,
    }
    if u.age_range:
        found["sought.age_min"], found["sought.age_max"] = u.age_range
    if u.any_age:
        found["sought.any_age"] = True
    if u.any_city:
        found["sought.any_city"] = True
    return {k: _fold(v) for k, v in found.items() if v is not None}


def labelled_slots(example: Example) -> dict[str, object]:
    """The self and sought slots of a labelled example."""
    return {f"{role}.{name}": _fold(value) for role in ("self", "sought")
            for name, value in (example.slots.get(role) or {}).items() if value is not None}


@dataclass
class Report:
    """The figures of one split."""

    examples: int
    intent_accuracy: float
    macro_f1: float
    per_intent: dict[str, dict[str, float]]
    confusions: list[tuple[str, str, int]]
    slot_accuracy: float
    per_slot: dict[str, dict[str, float]]
    stored_from_questions: int  # slots stored from a message that only asked something
    low_confidence_rate: float  # readings under the clarifying threshold
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "errors"}


def evaluate(reader: Reader, examples: Sequence[Example], *, known_cities: Sequence[str],
             clarify_below: float) -> Report:
    """Read every example and compare with its labels."""
    readings = reader.read_many([e.text for e in examples], [e.context for e in examples], known_cities)
    pairs = [(e.intent, u.intent or "unclear") for e, u in zip(examples, readings, strict=True)]
    correct = sum(1 for gold, got in pairs if gold == got)
    per_intent: dict[str, dict[str, float]] = {}
    f1s = []
    for intent in INTENTS:
        tp = sum(1 for g, p in pairs if g == p == intent)
        fp = sum(1 for g, p in pairs if p == intent and g != intent)
        fn = sum(1 for g, p in pairs if g == intent and p != intent)
        if tp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        per_intent[intent] = {"support": tp + fn, "precision": round(precision, 3),
                              "recall": round(recall, 3), "f1": round(f1, 3)}
    confusions = Counter((g, p) for g, p in pairs if g != p)
    slot_hits: Counter[str] = Counter()
    slot_seen: Counter[str] = Counter()
    stored_from_questions = 0
    errors: list[dict[str, Any]] = []
    for example, u in zip(examples, readings, strict=True):
        want, got = labelled_slots(example), stored_slots(u, context=example.context)
        for name in set(want) | set(got):
            slot_seen[name] += 1
            slot_hits[name] += want.get(name) == got.get(name)
        if example.intent not in ANSWERING and set(got) - set(want):
            stored_from_questions += 1
        if example.intent != u.intent or want != got:
            errors.append({"text": example.text, "context": example.context, "intent": example.intent,
                           "read": u.intent, "confidence": u.confidence, "slots": want, "stored": got})
    per_slot = {name: {"seen": slot_seen[name], "accuracy": round(slot_hits[name] / slot_seen[name], 3)}
                for name in SLOT_NAMES if slot_seen[name]}
    seen = sum(slot_seen.values())
    return Report(
        examples=len(examples),
        intent_accuracy=round(correct / len(examples), 4) if examples else 0.0,
        macro_f1=round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        per_intent=per_intent,
        confusions=[(g, p, n) for (g, p), n in confusions.most_common(25)],
        slot_accuracy=round(sum(slot_hits.values()) / seen, 4) if seen else 1.0,
        per_slot=per_slot,
        stored_from_questions=stored_from_questions,
        low_confidence_rate=round(sum(u.confidence < clarify_below for u in readings) / len(readings), 4)
        if readings else 0.0,
        errors=errors,
    )


def topics(examples: Sequence[Example]) -> Mapping[str, int]:
    """How many questions of each FAQ topic a split has."""
    return Counter(e.topic for e in examples if e.intent == "question" and e.topic)
