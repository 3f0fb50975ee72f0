"""`matchbot understanding …`: train the intent classifier, export the console's examples
to the corpus, measure the model on the held-out split."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import yaml
from rich.console import Console

from bot.core.connections import Conn

if TYPE_CHECKING:  # the CLI starts faster without the classifier for other commands
    from agents.nlu.model import ModelFiles
    from bot.store.understanding import LabelledExample

understanding_app = typer.Typer(help="The bot's understanding: training, corpus export, evaluation.",
                                no_args_is_help=True)
console = Console(stderr=True)

EXPORT_HEADER = """\
# Member messages admins labelled in the console (`matchbot understanding export`).
# Members' own words: remove any name, phone number or other personal detail before committing.
"""


@contextmanager
def _database() -> Iterator[Conn]:
    from bot.core.bootstrap import prepare_database
    from bot.core.db import connect
    from bot.core.settings import load_settings

    with connect(prepare_database(load_settings())) as conn:
        yield conn


def _model_files() -> ModelFiles:
    from agents.nlu.model import ModelFiles
    from bot.core.settings import load_settings

    return ModelFiles(load_settings().models_dir)


@understanding_app.command("train")
def train() -> None:
    """Train the classifier now on the corpus and the console's examples, and store it."""
    from agents.nlu.model import UnderstandingModel, training_set
    from knowledge.embeddings import OfflineEmbeddings

    with _database() as conn:
        examples, _, _ = training_set(conn)
        labelled = sum(1 for e in examples if e.source == "console")
        model = UnderstandingModel(OfflineEmbeddings(), files=_model_files())
        started = time.perf_counter()
        model.retrain(conn)
        seconds = time.perf_counter() - started
    print(f"trained on {len(examples)} examples ({labelled} from the console) in {seconds:.1f} s; "
          "model stored (running processes load it within a minute)")


@understanding_app.command("export")
def export(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o",
        help="YAML file to write (appended to when it exists). "
             "Default: agents/nlu/corpus/train/console_<date>.yaml.",
    )] = None,
) -> None:
    """Write the console's examples not yet exported as corpus records, and mark them exported."""
    from agents.nlu.corpus import CORPUS_DIR, CorpusError, load, read_file
    from bot.store import understanding as store

    path = output or CORPUS_DIR / "train" / f"console_{date.today():%Y-%m-%d}.yaml"
    with _database() as conn:
        pending = store.list_examples(conn, exported=False)
        in_corpus = {(e.text, e.context, e.intent) for e in load("train")}
        fresh = [e for e in pending if (e.text, e.context, e.intent) not in in_corpus]
        records = [r for r in (corpus_record(e) for e in fresh) if r is not None]
        skipped = len(fresh) - len(records)
        if records:
            try:
                _write(path, records, validate=read_file)
            except (CorpusError, OSError) as exc:
                console.print(f"[red]nothing exported: {exc}[/red]", highlight=False)
                raise typer.Exit(1) from None
        store.mark_exported(conn, [e.id for e in pending])
    already = len(pending) - len(fresh)
    notes = "".join(f"; {n} {what}" for n, what in ((already, "already in the corpus"),
                                                     (skipped, "with labels the corpus does not know")) if n)
    if records:
        print(f"exported {len(records)} examples to {path}{notes}")
    else:
        print(f"nothing to export{notes}")


@understanding_app.command("evaluate")
def evaluate(
    errors: int = typer.Option(0, "--errors", min=0, help="Also list this many misread examples."),
) -> None:
    """Measure the current model on the held-out split (never trained on)."""
    from agents.nlu.corpus import load
    from agents.nlu.evaluation import evaluate as measure
    from agents.nlu.model import UnderstandingModel
    from agents.nlu.reader import CLARIFY_BELOW
    from knowledge.embeddings import OfflineEmbeddings
    from knowledge.profiles import catalogue_cities

    with _database() as conn:
        cities = catalogue_cities(conn)  # what the bot of this database knows
        reader = UnderstandingModel(OfflineEmbeddings(), files=_model_files()).reader(conn)
        report = measure(reader, load("heldout"), known_cities=cities, clarify_below=CLARIFY_BELOW)
    print(f"held-out examples  {report.examples}")
    print(f"intent accuracy    {report.intent_accuracy:.1%}")
    print(f"intent macro-F1    {report.macro_f1:.3f}")
    print(f"slot accuracy      {report.slot_accuracy:.1%}")
    print(f"low confidence     {report.low_confidence_rate:.1%} (under {CLARIFY_BELOW})")
    if report.confusions:
        confused = ", ".join(f"{gold}→{got} ×{n}" for gold, got, n in report.confusions[:5])
        print(f"most confused      {confused}")
    for error in report.errors[:errors]:
        print(f"  [{error['context']}] {error['text']!r}: {error['intent']}, read {error['read']} "
              f"({error['confidence']:.2f})")


def corpus_record(example: LabelledExample) -> dict[str, Any] | None:
    """A console example as a corpus record (agents/nlu/corpus/README.md); None when its
    labels are not the corpus's."""
    from agents.nlu.corpus import CONTEXTS, INTENTS, ROLES

    if example.intent not in INTENTS or example.context not in CONTEXTS:
        return None
    record: dict[str, Any] = {"text": example.text, "lang": example.language or "fr",
                              "context": example.context, "intent": example.intent}
    if example.slots and all(role in ROLES for role in example.slots):
        record["slots"] = example.slots
    return record


def corpus_yaml(records: Sequence[dict[str, Any]]) -> str:
    """Records in the corpus's style: one flow mapping per line, the text double-quoted."""
    lines = []
    for record in records:
        rest = {k: v for k, v in record.items() if k != "text"}
        fields = yaml.safe_dump(rest, allow_unicode=True, sort_keys=False, default_flow_style=True,
                                width=1_000_000).strip()[1:-1]
        lines.append(f"- {{text: {_quoted(record['text'])}, {fields}}}\n")
    return "".join(lines)


def _quoted(text: str) -> str:
    """The text as a one-line double-quoted YAML string: JSON's spelling (emojis kept as they
    are) when YAML reads it back unchanged, else YAML's own escapes."""
    candidate = json.dumps(text, ensure_ascii=False)
    try:
        if yaml.safe_load(candidate) == text:
            return candidate
    except yaml.YAMLError:
        pass
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000).strip()


def _write(path: Path, records: Sequence[dict[str, Any]], *, validate: Callable[[Path], object]) -> None:
    """Append the records to the file (created with a header), checking that the corpus
    reader accepts the result before it replaces the file."""
    existing = path.read_text(encoding="utf-8") if path.exists() else EXPORT_HEADER
    if existing and not existing.endswith("\n"):
        existing += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.tmp")
    draft.write_text(existing + corpus_yaml(records), encoding="utf-8")
    try:
        validate(draft)
    except Exception:
        draft.unlink(missing_ok=True)
        raise
    os.replace(draft, path)
