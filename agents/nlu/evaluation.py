"""How well the reader understands a labelled split: intents, slots with their roles.

Used by `python -m bench understanding` and the tests; every figure is computed from
the examples, none is stored.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agents.faq import ranked
from agents.nlu.corpus import INTENTS, Example
from agents.nlu.reader import ANSWERING, Reader
from bot.core.connections import Conn
from bot.core.services import Embedder
from graph.state import Understanding
from knowledge.faq import DEFAULT_MIN_SCORE, KnowledgeHit

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
    # Cities wanted as alternatives ("Douala ou Yaoundé", labelled as a list) are no one city
    # to store: the bot asks which, so nothing stored is the right reading.
    return {f"{role}.{name}": _fold(value) for role in ("self", "sought")
            for name, value in (example.slots.get(role) or {}).items() if value is not None and not isinstance(value, list)}


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


@dataclass(frozen=True)
class FaqQuestion:
    q: str
    lang: str
    expect: str  # the knowledge-base category (topic) that answers it


@dataclass
class FaqReport:
    questions: int
    top1: float  # the best entry is the right one
    answered: float  # the right one, and above the threshold (what the member gets)
    wrong_answers: int  # above the threshold but the wrong topic
    off_topic: int
    off_topic_answered: int  # messages that are no agency question but got an entry
    misses: list[tuple[str, str, str | None, float]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "misses"}


NO_ENTRY = "none"  # `expect:` of a question the knowledge base must not answer


def faq_questions(path: Path) -> list[FaqQuestion]:
    """A YAML list of {q, lang, expect} (knowledge/eval/*.yaml)."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = rows.get("questions", []) + rows.get("held_out", []) if isinstance(rows, dict) else rows
    return [FaqQuestion(q=r["q"], lang=r.get("lang", "fr") if r.get("lang") in ("fr", "en") else "en"
                        if r.get("lang") == "pcm" else "fr", expect=r["expect"]) for r in rows]


def evaluate_faq(conn: Conn, embedder: Embedder, questions: Sequence[FaqQuestion], *, reader: Reader | None = None,
                 off_topic: Sequence[str] = ()) -> FaqReport:
    """Retrieve each question as the FAQ agent does (agents/faq.py), and compare with the
    expected topic. Off-topic messages are asked in French; a question expected to have no
    entry (`expect: none`: off-topic, or about a shown profile) is one more off-topic message
    in its own language: right when nothing is answered, never a top-1 miss."""
    unanswerable = [q for q in questions if q.expect == NO_ENTRY]
    questions = [q for q in questions if q.expect != NO_ENTRY]
    asked = [*((text, "fr") for text in off_topic), *((q.q, q.lang) for q in unanswerable)]
    vectors = embedder.embed_documents([q.q for q in questions] + [text for text, _ in asked])

    def best_for(text: str, vector: list[float], lang: str) -> KnowledgeHit | None:
        hits = ranked(conn, reader, vector=vector, text=text, lang=lang, limit=1)
        return hits[0] if hits else None

    top1 = answered = wrong = 0
    misses: list[tuple[str, str, str | None, float]] = []
    for question, vector in zip(questions, vectors, strict=False):
        best = best_for(question.q, vector, question.lang)
        right = best is not None and best.category == question.expect
        top1 += right
        above = best is not None and best.score >= DEFAULT_MIN_SCORE
        answered += right and above
        wrong += above and not right
        if not (right and above):
            misses.append((question.q, question.expect, best.category if best else None,
                           round(best.score, 3) if best else 0.0))
    wrongly = 0
    for (text, lang), vector in zip(asked, vectors[len(questions):], strict=True):
        hit = best_for(text, vector, lang)
        wrongly += hit is not None and hit.score >= DEFAULT_MIN_SCORE
    n = max(1, len(questions))
    return FaqReport(questions=len(questions), top1=round(top1 / n, 4), answered=round(answered / n, 4),
                     wrong_answers=wrong, off_topic=len(asked), off_topic_answered=wrongly, misses=misses)
