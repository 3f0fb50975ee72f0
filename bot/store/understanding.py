"""Repository for what the understanding layer learns: admins' labelled examples, trained models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import class_row

from bot.core.connections import Conn


@dataclass
class LabelledExample:
    """A member message an admin labelled in the console."""

    id: int
    text: str
    context: str
    intent: str
    slots: dict[str, Any]
    language: str | None
    read_intent: str | None
    lead_id: int | None
    message_id: int | None
    created_at: datetime


@dataclass
class StoredModel:
    id: int
    fingerprint: str
    examples: int
    metrics: dict[str, Any]
    weights: bytes
    trained_at: datetime


def add_example(
    conn: Conn, *, text: str, context: str, intent: str, slots: dict[str, Any] | None = None,
    language: str | None = None, read_intent: str | None = None, read_confidence: float | None = None,
    lead_id: int | None = None, message_id: int | None = None, admin_id: int | None = None,
) -> int:
    """Record (or correct) the meaning of a message; one example per message."""
    row = conn.execute(
        """INSERT INTO understanding_examples (text, context, intent, slots, language, read_intent,
                                               read_confidence, lead_id, message_id, admin_id)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (message_id) DO UPDATE
           SET intent = excluded.intent, slots = excluded.slots, context = excluded.context,
               admin_id = excluded.admin_id, created_at = now(), exported_at = NULL
           RETURNING id""",
        (text, context, intent, json.dumps(slots or {}), language, read_intent, read_confidence,
         lead_id, message_id, admin_id),
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING always returns the row
    return int(row["id"])


def list_examples(conn: Conn, *, limit: int | None = None) -> list[LabelledExample]:
    """Labelled examples, oldest first (the order training reads them in)."""
    query = """SELECT id, text, context, intent, slots, language, read_intent, lead_id, message_id, created_at
               FROM understanding_examples ORDER BY id"""
    params: tuple[Any, ...] = ()
    if limit is not None:
        query += " LIMIT %s"
        params = (limit,)
    return conn.cursor(row_factory=class_row(LabelledExample)).execute(query, params).fetchall()


def examples_state(conn: Conn) -> tuple[int, int]:
    """(how many examples, highest id): what tells a loaded model it is stale."""
    row = conn.execute(
        "SELECT count(*) AS n, coalesce(max(id), 0) AS last FROM understanding_examples"
    ).fetchone()
    return (int(row["n"]), int(row["last"])) if row else (0, 0)


def mark_exported(conn: Conn, ids: list[int]) -> None:
    conn.execute("UPDATE understanding_examples SET exported_at = now() WHERE id = ANY(%s)", (ids,))


def find_model(conn: Conn, fingerprint: str) -> StoredModel | None:
    """The latest model trained on exactly what the fingerprint names."""
    return conn.cursor(row_factory=class_row(StoredModel)).execute(
        """SELECT id, fingerprint, examples, metrics, weights, trained_at FROM understanding_models
           WHERE fingerprint = %s ORDER BY id DESC LIMIT 1""",
        (fingerprint,),
    ).fetchone()


def save_model(conn: Conn, *, fingerprint: str, examples: int, metrics: dict[str, Any], weights: bytes) -> int:
    """Store a trained model (older ones stay for the record; retention prunes them)."""
    row = conn.execute(
        """INSERT INTO understanding_models (fingerprint, examples, metrics, weights)
           VALUES (%s, %s, %s, %s) RETURNING id""",
        (fingerprint, examples, json.dumps(metrics), weights),
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING always returns the row
    return int(row["id"])


def latest_models(conn: Conn, *, limit: int = 10) -> list[dict[str, Any]]:
    """The last trained models, without their weights (for the console)."""
    return conn.execute(
        """SELECT id, fingerprint, examples, metrics, trained_at FROM understanding_models
           ORDER BY id DESC LIMIT %s""",
        (limit,),
    ).fetchall()
