"""The process's understanding model: shared through the database, never trained in a member's turn."""

from __future__ import annotations

import psycopg

from agents.nlu.corpus import load
from agents.nlu.model import TRAIN_JOB, UnderstandingModel, labelled_examples, training_set
from bot.store import understanding as store
from knowledge.embeddings import OfflineEmbeddings


def _pending_training(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = %s AND status = 'pending'",
                       (TRAIN_JOB,)).fetchone()
    return int(row["n"])


def test_new_examples_are_learnt_by_the_job_while_the_current_model_goes_on_reading(
    conn: psycopg.Connection,
) -> None:
    model = UnderstandingModel(OfflineEmbeddings())
    first = model.reader(conn)  # no reader yet: trained (or loaded) on the spot

    store.add_example(conn, text="yako mon frère", context="none", intent="chitchat")
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
