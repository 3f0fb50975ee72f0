"""Understanding benchmark: `python -m bench understanding [--split NAME|both|all] [--errors heldout|probe]`.

The intent classifier is trained on the corpus's train split only (plus the demo
knowledge base's own phrases for the topic model, as at run time); the held-out, final,
fresh and unseen splits are only read (by default every split written so far). On a throw-away database with the demo content (knowledge base and
catalogue, embedded offline) it measures, per split:
- intents: accuracy, macro-F1, per-intent precision/recall/F1, the top confusions;
- slots by role (self.age, sought.city ...), and slots a non-answer would store (target 0);
- the clarifying-question rate (readings the router sends to `clarify`);
- FAQ retrieval on knowledge/eval/faq_<split>.yaml exactly as the FAQ agent ranks
  (agents/faq.py `ranked`), and the split's off-topic messages answered by mistake;
- reading latency, one message at a time as a turn reads it (a third of each split);
  and the training time.
Prints tables and the targets' PASS/MISS; writes bench/results/understanding.json.
`--errors heldout` also prints the held-out messages whose stored slots differ from their
labels (the development set). No text of the final, fresh or unseen splits is
ever printed or written, not even the messages they store slots from: only their figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from agents.nlu.corpus import Example, Split, load, present
from agents.nlu.evaluation import Report, evaluate, evaluate_faq, faq_questions, labelled_slots, stored_slots
from agents.nlu.model import OFF_TOPIC, train_classifier, training_set
from agents.nlu.reader import ANSWERING, CLARIFY_BELOW, CONTEXT_EXPECTS, Reader
from bench.database import fresh_database
from bot.core.connections import Conn
from graph.state import Understanding
from knowledge.demo import DEMO_PROFILE_COUNT, demo_knowledge
from knowledge.demo_profiles import generate_profiles
from knowledge.embeddings import OfflineEmbeddings
from knowledge.faq import DEFAULT_MIN_SCORE, index_knowledge, upsert_knowledge
from knowledge.profile_store import upsert_profile
from knowledge.profiles import catalogue_cities
from schema.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
LATENCY_STEP = 3  # a third of each split is read one message at a time (~210 timings)
RESULTS = Path(__file__).parent / "results" / "understanding.json"
FAQ_SETS: dict[str, Path] = {
    "heldout": ROOT / "knowledge" / "eval" / "faq_heldout.yaml",
    "final": ROOT / "knowledge" / "eval" / "faq_final.yaml",
    "fresh": ROOT / "knowledge" / "eval" / "faq_fresh.yaml",
    "unseen": ROOT / "knowledge" / "eval" / "faq_unseen.yaml",
}
# Splits whose texts are never printed nor written, only their figures.
BLIND: frozenset[Split] = frozenset({"final", "fresh", "unseen"})
MEASURED: tuple[Split, ...] = ("heldout", "final", "fresh", "unseen")
# Messages that ask the agency nothing: the FAQ must leave them unanswered. The topic
# model's own off-topic intents (agents/nlu/model.py) and the social ones.
NOT_QUESTIONS = frozenset({*OFF_TOPIC, "is_bot", "greeting", "thanks"})
# The targets: (figure, at least, label). "stored from questions" is at most 0.
TARGETS: tuple[tuple[str, float, str], ...] = (
    ("intent_accuracy", 0.95, "intent accuracy >= 95%"),
    ("faq_top1", 0.92, "FAQ top-1 >= 92%"),
    ("slot_accuracy", 0.98, "slots >= 98%"),
)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def clarifies(u: Understanding) -> bool:
    """The router asks a clarifying question (graph/routing.py: an unsure reading that
    answers no qualification question)."""
    return u.intent is not None and u.confidence < CLARIFY_BELOW and not u.answers_qualification(asked=None)


def stored_from_questions(report: Report) -> list[dict[str, Any]]:
    """The examples behind `report.stored_from_questions` (same rule as the evaluation)."""
    return [{"text": e["text"], "intent": e["intent"], "read": e["read"], "context": e["context"],
             "stored": {k: v for k, v in e["stored"].items() if k not in e["slots"]}}
            for e in report.errors if e["intent"] not in ANSWERING and set(e["stored"]) - set(e["slots"])]


def slot_errors(report: Report) -> list[dict[str, Any]]:
    """The examples whose stored slots differ from their labels, each with what differs."""
    found = []
    for e in report.errors:
        want, got = e["slots"], e["stored"]
        wrong = sorted(k for k in set(want) | set(got) if want.get(k) != got.get(k))
        if wrong:
            found.append({"text": e["text"], "intent": e["intent"], "read": e["read"], "context": e["context"],
                          "wrong": {k: (want.get(k), got.get(k)) for k in wrong}})
    return found


def read_one_by_one(reader: Reader, examples: Sequence[Example],
                    cities: Sequence[str]) -> tuple[list[Understanding], list[float]]:
    """Each message read alone, as a turn reads it, with its latency in ms."""
    readings, latencies = [], []
    for e in examples:
        t0 = time.perf_counter()
        readings.append(reader.read(e.text, context=e.context, known_cities=cities))
        latencies.append((time.perf_counter() - t0) * 1000)
    return readings, latencies


def slot_accuracy_by_context(examples: Sequence[Example], readings: Sequence[Understanding]) -> dict[str, Any]:
    """Slot accuracy (as `evaluate` counts it) on replies to a qualification question and
    on unprompted messages, where the roles are harder to tell."""
    seen: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for e, u in zip(examples, readings, strict=True):
        group = "asked" if e.context in CONTEXT_EXPECTS else "unprompted"
        want, got = labelled_slots(e), stored_slots(u, context=e.context)
        for name in set(want) | set(got):
            seen[group] += 1
            hits[group] += want.get(name) == got.get(name)
    return {group: {"seen": seen[group], "accuracy": round(hits[group] / seen[group], 4)} for group in sorted(seen)}


def normalised(text: str) -> str:
    """Case, accents and spacing removed: how two texts are "the same message"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def measure_split(conn: Conn, *, reader: Reader, embedder: OfflineEmbeddings, split: Split,
                  cities: Sequence[str], trained_on: set[str]) -> dict[str, Any]:
    """Every figure of one split (`trained_on`: the normalised texts the model learnt from)."""
    examples = load(split)
    clock = [time.perf_counter()]
    report = evaluate(reader, examples, known_cities=cities, clarify_below=CLARIFY_BELOW)
    # The same batch reading again, for the figures `evaluate` does not give.
    readings = reader.read_many([e.text for e in examples], [e.context for e in examples], cities)
    clock.append(time.perf_counter())
    # Latency: every LATENCY_STEP-th message read alone, as a turn reads it (and read alike).
    timed = examples[::LATENCY_STEP]
    alone, latencies = read_one_by_one(reader, timed, cities)
    clock.append(time.perf_counter())
    off_topic = [e.text for e in examples if e.intent in NOT_QUESTIONS and not e.topic]
    # A split's FAQ questions may not be written yet (the fresh split's come with it).
    questions = faq_questions(FAQ_SETS[split]) if FAQ_SETS[split].exists() else []
    faq = evaluate_faq(conn, embedder, questions, reader=reader, off_topic=off_topic) if questions else None
    clock.append(time.perf_counter())
    # The same message written in two splits ("stop", but also longer ones): the figures
    # again on the messages the model never saw.
    unseen = [u.intent == e.intent for u, e in zip(readings, examples, strict=True)
              if normalised(e.text) not in trained_on]
    faq_unseen = [q.q for q in questions if normalised(q.q) not in trained_on]
    wrong_top1 = {q for q, expected, got, _ in faq.misses if got != expected} if faq else set()
    return {
        **report.as_json(),
        "confusions": [{"true": g, "read": p, "count": n} for g, p, n in report.confusions],
        "stored_from_questions_examples": stored_from_questions(report),
        "slot_errors": slot_errors(report),
        "slot_accuracy_by_context": slot_accuracy_by_context(examples, readings),
        "clarify_rate": round(sum(map(clarifies, readings)) / len(readings), 4),
        # A message read alone (as a turn reads it) must be read as in a batch (as `evaluate` reads).
        "alone_vs_batch_differences": sum(
            (a.intent, stored_slots(a, context=e.context)) != (b.intent, stored_slots(b, context=e.context))
            for a, b, e in zip(alone, readings[::LATENCY_STEP], timed, strict=True)),
        "seen_in_training": len(examples) - len(unseen),
        "intent_accuracy_unseen": round(sum(unseen) / len(unseen), 4),
        "latency_ms": {"messages": len(latencies), "p50": round(statistics.median(latencies), 2),
                       "p95": round(percentile(latencies, 0.95), 2), "max": round(max(latencies), 2)},
        "faq": None if faq is None else {
            **faq.as_json(), "threshold": DEFAULT_MIN_SCORE, "misses": len(faq.misses),
            "seen_in_training": len(questions) - len(faq_unseen),
            "top1_unseen": round(sum(q not in wrong_top1 for q in faq_unseen) / max(1, len(faq_unseen)), 4)},
        "seconds": dict(zip(("read_in_batches", "read_one_by_one", "faq"),
                            (round(b - a, 1) for a, b in pairwise(clock)), strict=True)),
    }


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue, met or not, on one split."""
    values = {"intent_accuracy": result["intent_accuracy"], "slot_accuracy": result["slot_accuracy"],
              **({"faq_top1": result["faq"]["top1"]} if result["faq"] else {})}
    checks = [{"target": label, "value": values[key], "pass": values[key] >= bound}
              for key, bound, label in TARGETS if key in values]
    checks.append({"target": "no slot stored from a question", "value": result["stored_from_questions"],
                   "pass": result["stored_from_questions"] == 0})
    return checks


def demo_content(conn: Conn, embedder: OfflineEmbeddings) -> None:
    """The demo knowledge base, indexed as `load_demo` indexes it, and the demo catalogue's
    rows (only their cities matter here: profiles are not embedded)."""
    with conn.transaction():
        for row in demo_knowledge():
            upsert_knowledge(conn, row, update=False)
        for profile in generate_profiles(DEMO_PROFILE_COUNT):
            upsert_profile(conn, profile, update=False)
    index_knowledge(conn, embedder)


def run(splits: Sequence[Split]) -> dict[str, Any]:
    missing = [split for split in splits if not present(split)]
    if missing:
        raise SystemExit(f"no labelled messages yet in agents/nlu/corpus/{missing[0]}/")
    embedder = OfflineEmbeddings()
    started = time.perf_counter()
    with fresh_database() as url, psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        migrate(conn, embedding_dim=embedder.dimensions)
        t0 = time.perf_counter()
        demo_content(conn, embedder)
        demo_seconds = time.perf_counter() - t0
        cities = catalogue_cities(conn)  # the known cities a turn reads with (graph/turn.py)
        examples, topics, _ = training_set(conn)
        if any(e.source == "console" for e in examples):
            raise RuntimeError("a fresh database has console examples: the model would not be train-only")
        t0 = time.perf_counter()
        classifier = train_classifier(examples, embedder, topics=topics)  # as the bot trains it
        train_seconds = time.perf_counter() - t0
        reader = Reader(embedder, classifier)
        reader.read("bonjour", known_cities=cities)  # warm-up: the first read loads nothing into the timings
        trained_on = {normalised(text) for text in [*(e.text for e in examples), *(t.text for t in topics)]}
        results = {split: measure_split(conn, reader=reader, embedder=embedder, split=split, cities=cities,
                                        trained_on=trained_on) for split in splits}
    for result in results.values():
        result["targets"] = targets(result)
    return {
        "training": {"examples": len(examples), "topic_examples": len(topics), "seconds": round(train_seconds, 2),
                     "splits": ["train"]},
        "demo_load_seconds": round(demo_seconds, 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),  # other work on the machine slows every figure
        "known_cities": len(cities),
        "clarify_below": CLARIFY_BELOW,
        "splits": results,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in cells]
    return "\n".join(["  " + lines[0], "  " + "  ".join("-" * w for w in widths),
                      *("  " + line for line in lines[1:])])


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def print_report(summary: dict[str, Any]) -> None:
    training = summary["training"]
    print(f"Trained on the train split only: {training['examples']} examples, {training['topic_examples']} topic "
          f"examples, {training['seconds']} s (demo content loaded in {summary['demo_load_seconds']} s, "
          f"{summary['known_cities']} catalogue cities)")
    for split, r in summary["splits"].items():
        faq = r["faq"]
        print(f"\n=== {split}: {r['examples']} messages ===")
        print(f"intent accuracy {_pct(r['intent_accuracy'])}, macro-F1 {r['macro_f1']:.3f} ({r['seen_in_training']} "
              f"messages are also in the train split; accuracy without them {_pct(r['intent_accuracy_unseen'])})")
        print(f"slots {_pct(r['slot_accuracy'])}; stored from questions {r['stored_from_questions']}; clarifying "
              f"questions {_pct(r['clarify_rate'])} (confidence < {summary['clarify_below']}: "
              f"{_pct(r['low_confidence_rate'])})")
        print(f"reading one message ({r['latency_ms']['messages']} timed): p50 {r['latency_ms']['p50']} ms, "
              f"p95 {r['latency_ms']['p95']} ms; read alone and in a batch differently: "
              f"{r['alone_vs_batch_differences']}")
        print("\nper intent")
        print(_table([(i, m["support"], f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}")
                      for i, m in sorted(r["per_intent"].items(), key=lambda kv: kv[1]["f1"])],
                     ("intent", "n", "precision", "recall", "F1")))
        print("\ntop confusions")
        print(_table([(c["true"], c["read"], c["count"]) for c in r["confusions"][:12]], ("true", "read", "count")))
        print("\nslots")
        print(_table([(name, s["seen"], _pct(s["accuracy"])) for name, s in r["per_slot"].items()],
                     ("slot", "seen", "accuracy")))
        print("  by context: " + ", ".join(f"{group} {_pct(s['accuracy'])} of {s['seen']}"
                                           for group, s in r["slot_accuracy_by_context"].items()))
        for e in r.get("stored_from_questions_examples", ()):
            print(f"  stored from a {e['intent']} [{e['context']}]: {e['text']!r} -> {e['stored']}")
        if faq is None:
            print(f"\nFAQ: no questions yet ({FAQ_SETS[split].relative_to(ROOT)})")
        else:
            print(f"\nFAQ ({faq['questions']} questions, threshold {faq['threshold']}): top-1 {_pct(faq['top1'])}, "
                  f"answered correctly above threshold {_pct(faq['answered'])}, wrong answers "
                  f"{faq['wrong_answers']}, off-topic answered {faq['off_topic_answered']}/{faq['off_topic']}; "
                  f"{faq['seen_in_training']} questions also in the training texts, top-1 without them "
                  f"{_pct(faq['top1_unseen'])}")
        print("\ntargets")
        print(_table([(t["target"], t["value"] if isinstance(t["value"], int) else f"{100 * t['value']:.2f}%",
                       "PASS" if t["pass"] else "MISS") for t in r["targets"]],
                     ("target", "measured", "")))
    phases = "; ".join(f"{split}: " + ", ".join(f"{k} {v} s" for k, v in r["seconds"].items())
                       for split, r in summary["splits"].items())
    print(f"\n{summary['seconds']} s in all ({phases}); load average at the end {summary['load_average_1min_at_end']}")


def print_slot_errors(split: str, errors: Sequence[dict[str, Any]]) -> None:
    """Each wrong slot of a split's messages: (labelled, stored)."""
    print(f"\n=== {split} slot errors: {len(errors)} messages ===")
    for e in errors:
        wrong = ", ".join(f"{k} {want!r}->{got!r}" for k, (want, got) in e["wrong"].items())
        print(f"  [{e['context']}] {e['intent']}/{e['read']} {e['text']!r}: {wrong}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench understanding")
    parser.add_argument("--split", choices=(*MEASURED, "both", "all"), default="all",
                        help="which labelled split to measure (never trained on); both: heldout and final; "
                             "all (default): every split written so far")
    parser.add_argument("--errors", choices=("heldout",),
                        help="also print the slot errors of a development split (never of the blind ones)")
    args = parser.parse_args(argv)
    splits: list[Split] = (
        ["heldout", "final"] if args.split == "both"
        else [split for split in MEASURED if present(split)] if args.split == "all"
        else [args.split]
    )
    summary = run(splits)
    errors = {split: r.pop("slot_errors") for split, r in summary["splits"].items()}
    for split in BLIND & summary["splits"].keys():
        # A blind split's texts are never shown, nor written: only its figures.
        summary["splits"][split].pop("stored_from_questions_examples")
    print_report(summary)
    if args.errors in errors:
        print_slot_errors(args.errors, errors[args.errors])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
