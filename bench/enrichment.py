"""Lead enrichment benchmark: `python -m bench enrichment [--set eval|dev|both] [--errors dev]`.

Scores the lead-capture agent's intent and urgency on form messages written blind to its
rules (bench/data/enrichment_eval.yaml: French and English, eight kinds of small
business) and on a separate development set (bench/data/enrichment_dev.yaml) that the
rules may be tuned on. Always the offline rules; also the LLM path when a provider key
is configured (MISTRAL_API_KEY or OPENAI_API_KEY, read through Settings: the scripted
server of the tests would only score its own script). No database is needed.

The sets' labels are the writer's own (see the eval file's header); `ACCEPTED` maps each
to the taxonomy's intents it covers (the taxonomy is finer: "pricing" is a price or a
quote request). Per set it prints intent and urgency accuracy, per-label recall, the
confusions (counts only), and the time per lead; `--errors dev` also prints the dev
set's misreadings (the eval set's are never printed). Writes bench/results/enrichment.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.chat_model import make_chat_model
from bot.core.settings import Settings
from bot.lead_platform.enrichment.analysis import LeadAnalysis
from bot.lead_platform.enrichment.llm import llm_analyse
from bot.lead_platform.enrichment.offline import analyse

DATA = Path(__file__).parent / "data"
SETS = {"eval": DATA / "enrichment_eval.yaml", "dev": DATA / "enrichment_dev.yaml"}
RESULTS = Path(__file__).parent / "results" / "enrichment.json"
TARGET_INTENT_ACCURACY = 0.90  # offline, on the eval set (issue 13)

# The writer's label -> the taxonomy intents that read it correctly.
ACCEPTED: dict[str, frozenset[str]] = {
    "cancellation": frozenset({"Cancellation request"}),
    "complaint": frozenset({"Complaint", "Refund request"}),
    "pricing": frozenset({"Pricing request", "Quote request"}),
    "callback": frozenset({"Callback request"}),
    "appointment": frozenset({"Appointment booking", "Product demo"}),
    "partnership": frozenset({"B2B partnership", "Supplier offer"}),
    "job_application": frozenset({"Job application"}),
    "spam": frozenset({"Spam", "Supplier offer"}),
    "information": frozenset({"Information request", "Service availability", "Location and hours"}),
    "signup": frozenset({"Membership signup", "Matchmaking inquiry"}),
    "support": frozenset({"Technical support", "Account access", "Customer service", "Billing question",
                         "Profile question"}),
}
URGENCY = {"high": "Élevée", "medium": "Moyenne", "low": "Faible"}
# The business named in the LLM's prompt, by the set's `business` field.
BUSINESSES = {
    "dental": "Cabinet dentaire du Parc", "real_estate": "Agence Immobilière Horizon",
    "gym": "FitClub Lyon", "restaurant": "Le Bistrot des Halles", "law": "Cabinet Moreau Avocats",
    "saas": "Planify (logiciel de planning)", "garage": "Garage Central Auto",
    "matchmaking": "Agence Cœurs Unis (agence matrimoniale)",
}


@dataclass(frozen=True)
class Message:
    text: str
    intent: str
    urgency: str
    lang: str
    business: str


def load(path: Path) -> list[Message]:
    with path.open(encoding="utf-8") as handle:
        rows = yaml.safe_load(handle)["messages"]
    messages = [Message(**row) for row in rows]
    unknown = {m.intent for m in messages} - set(ACCEPTED) | {m.urgency for m in messages} - set(URGENCY)
    if unknown:
        raise SystemExit(f"{path.name}: unknown labels {sorted(unknown)}")
    return messages


Reader = Callable[[Message], LeadAnalysis]


def offline_reader(message: Message) -> LeadAnalysis:
    return analyse(message=message.text)


def llm_reader(settings: Settings) -> Reader | None:
    model = make_chat_model(settings)
    if model is None:
        return None

    def read(message: Message) -> LeadAnalysis:
        return llm_analyse(model, business=BUSINESSES[message.business], name=None, message=message.text)

    return read


def score(messages: Sequence[Message], reader: Reader) -> dict[str, Any]:
    """Accuracy, per-label recall, confusions and timing of one reader on one set."""
    reader(messages[0])  # warm-up: compiled patterns, the model's client
    right_intent = right_urgency = right_language = failures = 0
    seen: Counter[str] = Counter()
    recalled: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    by_lang: dict[str, list[int]] = {}
    errors: list[dict[str, str]] = []
    started = time.perf_counter()
    for message in messages:
        intent: str
        urgency: str
        language: str
        try:
            result = reader(message)
            intent, urgency, language = result.intent, result.urgency, result.language
        except Exception as exc:  # noqa: BLE001 -- a provider failure counts as a miss, and is counted
            failures += 1
            intent, urgency, language = f"(failed: {type(exc).__name__})", "", ""
        ok = intent in ACCEPTED[message.intent]
        seen[message.intent] += 1
        recalled[message.intent] += ok
        right_intent += ok
        right_urgency += urgency == URGENCY[message.urgency]
        right_language += language == message.lang
        by_lang.setdefault(message.lang, [0, 0])
        by_lang[message.lang][0] += ok
        by_lang[message.lang][1] += 1
        if not ok:
            confusions[(message.intent, intent)] += 1
        if not ok or urgency != URGENCY[message.urgency]:
            errors.append({"text": message.text, "label": f"{message.intent}/{message.urgency}",
                           "read": f"{intent}/{urgency}"})
    elapsed = time.perf_counter() - started
    n = len(messages)
    return {
        "messages": n,
        "intent_accuracy": round(right_intent / n, 4),
        "urgency_accuracy": round(right_urgency / n, 4),
        "language_accuracy": round(right_language / n, 4),
        "intent_accuracy_by_language": {lang: round(r / t, 4) for lang, (r, t) in sorted(by_lang.items())},
        "recall_by_label": {label: round(recalled[label] / seen[label], 3) for label in sorted(seen)},
        "confusions": [{"label": label, "read": read, "count": count}
                       for (label, read), count in confusions.most_common()],
        "failures": failures,
        "ms_per_lead": round(1000 * elapsed / n, 3),
        "_errors": errors,
    }


def report(name: str, engine: str, result: dict[str, Any], *, show_errors: bool) -> None:
    print(f"\n{engine} on the {name} set ({result['messages']} messages)")
    langs = ", ".join(f"{lang} {acc:.1%}" for lang, acc in result["intent_accuracy_by_language"].items())
    print(f"  intent accuracy  {result['intent_accuracy']:.1%}  ({langs})")
    print(f"  urgency accuracy {result['urgency_accuracy']:.1%}")
    print(f"  language         {result['language_accuracy']:.1%}")
    print(f"  time per lead    {result['ms_per_lead']:.3f} ms" + (f", {result['failures']} failed calls"
                                                                 if result["failures"] else ""))
    print("  recall by label: " + ", ".join(f"{k} {v:.0%}" for k, v in result["recall_by_label"].items()))
    if result["confusions"]:
        print("  confusions (label -> read: count): " + "; ".join(
            f"{c['label']} -> {c['read']}: {c['count']}" for c in result["confusions"][:12]))
    if show_errors:
        for error in result["_errors"]:
            print(f"    [{error['label']} read {error['read']}] {error['text']}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench enrichment", description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("eval", "dev", "both"), default="both")
    parser.add_argument("--errors", choices=("dev",), help="print the dev set's misread messages")
    args = parser.parse_args(argv)
    names = ("eval", "dev") if args.set == "both" else (args.set,)
    readers: dict[str, Reader] = {"offline rules": offline_reader}
    llm = llm_reader(Settings())
    if llm is None:
        print("No MISTRAL_API_KEY or OPENAI_API_KEY: scoring the offline rules only.")
    else:
        readers["llm"] = llm
    results: dict[str, Any] = {}
    for name in names:
        messages = load(SETS[name])
        for engine, reader in readers.items():
            result = score(messages, reader)
            report(name, engine, result, show_errors=args.errors == name)
            results.setdefault(name, {})[engine] = {k: v for k, v in result.items() if not k.startswith("_")}
    if "eval" in results:
        accuracy = results["eval"]["offline rules"]["intent_accuracy"]
        verdict = "PASS" if accuracy >= TARGET_INTENT_ACCURACY else "MISS"
        print(f"\n{verdict}: offline intent accuracy on the eval set {accuracy:.1%} "
              f"(target >= {TARGET_INTENT_ACCURACY:.0%})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
