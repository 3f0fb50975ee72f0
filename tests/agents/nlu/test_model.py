"""The process's understanding model: shared through the database, never trained in a member's turn."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import psycopg
import pytest

from agents.nlu import model as model_module
from agents.nlu.classifier import CORRECTION_COUNTS, TopicExample, fit, softmax_rows
from agents.nlu.corpus import load
from agents.nlu.model import (
    TRAIN_JOB,
    ModelFiles,
    RememberedVectors,
    UnderstandingModel,
    labelled_examples,
    train_classifier,
    training_set,
)
from bot.store import understanding as store
from knowledge.embeddings import OfflineEmbeddings
from tests.support import suite_model_files


def _pending_training(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = %s AND status = 'pending'",
                       (TRAIN_JOB,)).fetchone()
    return int(row["n"])


def test_new_examples_are_learnt_by_the_job_while_the_current_model_goes_on_reading(
    conn: psycopg.Connection,
) -> None:
    model = UnderstandingModel(OfflineEmbeddings(), files=suite_model_files())
    first = model.reader(conn)  # no reader yet: trained (or loaded) on the spot

    store.add_example(conn, text="yako mon frère", context="none", intent="chitchat")
    # No process has learnt it yet (an earlier run of the suite may have left its file).
    suite_model_files().path(training_set(conn)[2]).unlink(missing_ok=True)
    model._checked = 0.0  # a minute later
    assert model.reader(conn) is first  # the member is answered with the model at hand
    assert _pending_training(conn) == 1
    model._checked = 0.0
    model.reader(conn)
    assert _pending_training(conn) == 1  # one job, however many turns noticed

    model.retrain(conn)  # what the job does: trains and stores for the other processes
    assert store.find_model(conn, training_set(conn)[2]) is not None
    other = UnderstandingModel(OfflineEmbeddings())
    assert other.reader(conn).classifier is not first.classifier  # another process loads it
    assert other.reader(conn).read("yako mon frère").intent == "chitchat"


def test_examples_already_exported_to_the_corpus_are_not_learnt_twice(conn: psycopg.Connection) -> None:
    known = load("train")[0]
    store.add_example(conn, text=known.text, context=known.context, intent=known.intent)
    store.add_example(conn, text="un texte que le corpus n'a pas", context="none", intent="unclear")
    assert [e.text for e in labelled_examples(conn)] == ["un texte que le corpus n'a pas"]


def test_a_model_built_in_one_process_is_loaded_from_its_file_by_the_next(
    conn: psycopg.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = ModelFiles(tmp_path / "models")
    digest = training_set(conn)[2]
    first = UnderstandingModel(OfflineEmbeddings(), files=files).classifier(conn)
    assert (tmp_path / "models" / f"understanding-{digest}.bin").is_file()

    # Another process: nothing in memory, and a database that never saw the model.
    monkeypatch.setattr(UnderstandingModel, "_built", {})
    conn.execute("DELETE FROM understanding_models")
    loaded = UnderstandingModel(OfflineEmbeddings(), files=files).classifier(conn, train=False)
    assert loaded is not None and loaded is not first  # read from the file, not trained
    assert loaded.to_bytes() == first.to_bytes()
    assert store.has_model(conn, digest)  # and stored for the processes of other machines


def test_only_the_last_model_files_are_kept(conn: psycopg.Connection, tmp_path: Path) -> None:
    classifier = UnderstandingModel(OfflineEmbeddings()).classifier(conn)
    files = ModelFiles(tmp_path)
    for n in range(model_module.KEPT_FILES + 3):
        files.write(f"model{n:02d}", classifier)
    kept = sorted(p.name for p in tmp_path.glob("*.bin"))
    assert len(kept) == model_module.KEPT_FILES
    assert f"understanding-model{model_module.KEPT_FILES + 2:02d}.bin" in kept  # the newest


def test_an_unreadable_model_file_is_ignored(tmp_path: Path) -> None:
    files = ModelFiles(tmp_path)
    (tmp_path / "understanding-abc.bin").write_bytes(b"cut short")
    assert files.read("abc") is None
    assert files.read("missing") is None


def test_other_rules_make_another_model(conn: psycopg.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    before = training_set(conn)[2]
    monkeypatch.setattr(model_module, "rules_version", lambda: "rules of another release")
    assert training_set(conn)[2] != before


class _Counting:
    """An encoder that counts the texts it encodes (vectors from their length)."""

    model_name = "counting"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.encoded += texts
        return [[float(len(t)), 1.0] for t in texts]


def test_a_training_encodes_only_the_texts_no_training_encoded_before(tmp_path: Path) -> None:
    path = ModelFiles(tmp_path).vectors_path(_Counting())
    first = _Counting()
    vectors = RememberedVectors(first, path)
    assert [list(v) for v in vectors.embed_documents(["bjr", "c combien", "bjr"])] == [[3, 1], [9, 1], [3, 1]]
    assert first.encoded == ["bjr", "c combien"]  # each text once
    vectors.save()

    later = _Counting()  # another process, another training
    again = RememberedVectors(later, path)
    assert [list(v) for v in again.embed_documents(["c combien", "prix ?"])] == [[9.0, 1.0], [6.0, 1.0]]
    assert later.encoded == ["prix ?"]

    path.write_bytes(b"cut short")  # a file cut short is encoded again, not an error
    assert RememberedVectors(_Counting(), path).known == {}


def test_a_new_knowledge_base_refits_the_topics_and_keeps_the_intents() -> None:
    examples = [e for e in load("train") if e.topic][:60] + [e for e in load("train") if e.intent == "greeting"][:20]
    encoder = OfflineEmbeddings()
    topics = [TopicExample(e.text, e.topic) for e in examples if e.topic]
    first = train_classifier(examples, encoder, topics=topics)
    edited = [*topics, TopicExample("vous avez un parking ?", "agence")]
    second = train_classifier(examples, encoder, topics=edited)
    assert second.weights is first.weights  # the same examples: the intent fit is reused
    assert second.topic_weights is not first.topic_weights
    relabelled = [*examples[:-1], dataclasses.replace(examples[-1], intent="thanks")]
    third = train_classifier(relabelled, encoder, topics=topics)
    assert third.weights is not first.weights  # another example set: fitted again
    assert not np.array_equal(third.weights, first.weights)


def test_a_row_counted_ten_times_outweighs_three_that_disagree() -> None:
    # An admin's correction counts as CORRECTION_COUNTS corpus examples: the same features
    # labelled otherwise three times do not outvote it.
    features = np.eye(2, dtype=np.float32)[[0, 0, 0, 0, 1]]
    labels = ["answer", "answer", "answer", "chitchat", "question"]
    plain = softmax_rows(features[:1], *fit(features, labels, ("answer", "chitchat", "question")))
    counted = softmax_rows(features[:1], *fit(features, labels, ("answer", "chitchat", "question"),
                                              counts=[1, 1, 1, CORRECTION_COUNTS, 1]))
    assert (int(plain.argmax()), int(counted.argmax())) == (0, 1)
