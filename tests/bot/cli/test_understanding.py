"""`matchbot understanding`: export the console's examples to the corpus, train, evaluate."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from agents.nlu import corpus
from bot.cli.main import app as cli
from bot.store import understanding


@pytest.fixture
def invoke(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": db_url, "MATCHBOT_ENV": "test", "MATCHBOT_HOME": str(tmp_path / "home"),
           "MATCHBOT_EMBEDDING_PROVIDER": "offline", "MATCHBOT_CHAT_PROVIDER": "offline"}
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["understanding", *args], env=env)
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_export_writes_corpus_records_once(  # type: ignore[no-untyped-def]
    invoke, conn: psycopg.Connection, tmp_path: Path
) -> None:
    known = corpus.load("train")[0]  # already in the corpus: not written again
    texts = [("yako", "none", "chitchat", "fr", {}),
             ('no: "vraiment" # pas sûr 🙂\nsur deux lignes', "asked_confirmation", "no", "fr", {}),
             ("I be 34 years", "asked_age", "answer", "en", {"self": {"age": 34}}),
             (known.text, known.context, known.intent, known.lang, {})]
    for text, context, intent, language, slots in texts:
        understanding.add_example(conn, text=text, context=context, intent=intent, language=language,
                                  slots=slots, read_intent="unclear", read_confidence=0.3)
    earlier = understanding.add_example(conn, text="déjà exporté", context="none", intent="thanks")
    understanding.mark_exported(conn, [earlier])

    path = tmp_path / "console.yaml"
    assert invoke("export", "--output", str(path)).strip() == (
        f"exported 3 examples to {path}; 1 already in the corpus"
    )
    examples = corpus.read_file(path)
    assert [(e.text, e.context, e.intent, e.lang, dict(e.slots)) for e in examples] == [
        (t, c, i, lang, s) for t, c, i, lang, s in texts[:3]
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Member messages admins labelled")
    assert lines[2] == '- {text: "yako", lang: fr, context: none, intent: chitchat}'
    unexported = conn.execute("SELECT count(*) AS n FROM understanding_examples WHERE exported_at IS NULL")
    assert unexported.fetchone()["n"] == 0

    assert invoke("export", "--output", str(path)).strip() == "nothing to export"
    understanding.add_example(conn, text="merci bcp", context="none", intent="thanks", language="fr")
    assert invoke("export", "--output", str(path)).startswith("exported 1 examples")
    assert [e.text for e in corpus.read_file(path)][-2:] == ["I be 34 years", "merci bcp"]
    assert path.read_text(encoding="utf-8").count("# Member messages") == 1


def test_export_goes_to_the_training_split_by_default(  # type: ignore[no-untyped-def]
    invoke, conn: psycopg.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "CORPUS_DIR", tmp_path / "corpus")
    understanding.add_example(conn, text="wolowolo", context="none", intent="complaint")
    output = invoke("export")
    path = tmp_path / "corpus" / "train" / f"console_{date.today():%Y-%m-%d}.yaml"
    assert output.startswith(f"exported 1 examples to {path}")
    assert [e.intent for e in corpus.read_file(path)] == ["complaint"]


def test_train_then_evaluate(invoke, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    understanding.add_example(conn, text="yako", context="none", intent="chitchat")
    trained = invoke("train")
    match = re.search(r"trained on (\d+) examples \(1 from the console\) in [\d.]+ s", trained)
    assert match and int(match.group(1)) > 1000, trained
    assert conn.execute("SELECT examples FROM understanding_models").fetchall() == [
        {"examples": int(match.group(1))}
    ]
    report = invoke("evaluate")
    accuracy = re.search(r"intent accuracy\s+([\d.]+)%", report)
    assert accuracy and float(accuracy.group(1)) > 60, report
    assert re.search(r"intent macro-F1\s+0\.\d{3}", report) and "slot accuracy" in report
