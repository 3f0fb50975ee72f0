"""Repository for what the understanding layer learns: admins' labelled examples, the
conversations to review after a misunderstanding, trained models."""

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
    read_confidence: float | None = None
    admin_id: int | None = None
    exported_at: datetime | None = None


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


def list_examples(
    conn: Conn, *, limit: int | None = None, exported: bool | None = None
) -> list[LabelledExample]:
    """Labelled examples, oldest first (the order training reads them in); `exported=False`
    gives those not yet written to the corpus."""
    cursor = conn.cursor(row_factory=class_row(LabelledExample))
    return cursor.execute(
        """SELECT id, text, context, intent, slots, language, read_intent, lead_id, message_id, created_at,
                  read_confidence::float8 AS read_confidence, admin_id, exported_at
           FROM understanding_examples
           WHERE (%(exported)s::boolean IS NULL OR (exported_at IS NOT NULL) = %(exported)s)
           ORDER BY id LIMIT %(limit)s""",
        {"exported": exported, "limit": limit},
    ).fetchall()


def meanings_of_lead(conn: Conn, lead_id: int) -> dict[int, dict[str, str]]:
    """What admins said the lead's messages meant ({"intent", "context"}), by message id."""
    rows = conn.execute(
        """SELECT message_id, intent, context FROM understanding_examples
           WHERE lead_id = %s AND message_id IS NOT NULL""",
        (lead_id,),
    ).fetchall()
    return {r["message_id"]: {"intent": r["intent"], "context": r["context"]} for r in rows}


def remove_example(conn: Conn, *, message_id: int) -> bool:
    """Withdraw the meaning given to a message; False when it had none."""
    cur = conn.execute("DELETE FROM understanding_examples WHERE message_id = %s", (message_id,))
    return cur.rowcount == 1


def examples_state(conn: Conn) -> tuple[int, int, float]:
    """(how many examples, highest id, time of the latest change): what tells a loaded model
    it is stale (a corrected label changes only the time)."""
    row = conn.execute(
        """SELECT count(*) AS n, coalesce(max(id), 0) AS last,
                  coalesce(extract(epoch FROM max(created_at)), 0)::float8 AS changed
           FROM understanding_examples"""
    ).fetchone()
    return (int(row["n"]), int(row["last"]), float(row["changed"])) if row else (0, 0, 0.0)


def mark_exported(conn: Conn, ids: list[int]) -> None:
    """These examples are in the corpus's files now."""
    conn.execute("UPDATE understanding_examples SET exported_at = now() WHERE id = ANY(%s)", (ids,))


# -- conversations to review ------------------------------------------------------------


@dataclass
class PendingReview:
    """A conversation handed over because the bot did not understand, not yet reviewed."""

    lead_id: int
    handed_over_at: datetime
    name: str | None
    phone: str | None
    channel_user_id: str | None
    status: str  # as the inbox shows it: bot, waiting, admin, opted_out
    labelled: int  # the lead's messages an admin gave a meaning to
    last_messages: list[dict[str, Any]]  # the member's last messages before the handoff: id, content, reading


def pending_reviews(conn: Conn, *, limit: int = 200) -> list[PendingReview]:
    """Conversations to review, the latest handoff first."""
    return conn.cursor(row_factory=class_row(PendingReview)).execute(
        """SELECT r.lead_id, r.handed_over_at, l.name, l.phone, l.channel_user_id,
                  CASE WHEN l.opted_out THEN 'opted_out' WHEN l.assigned_admin_id IS NOT NULL THEN 'admin'
                       WHEN l.status = 'attente_humain' THEN 'waiting' ELSE 'bot' END AS status,
                  (SELECT count(*)::int FROM understanding_examples e
                   WHERE e.lead_id = r.lead_id) AS labelled,
                  coalesce((SELECT json_agg(json_build_object('id', m.id, 'content', m.content,
                                                              'reading', m.metadata -> 'reading')
                                            ORDER BY m.id)
                            FROM (SELECT c.id, c.content, c.metadata FROM conversations c
                                  WHERE c.lead_id = r.lead_id AND c.direction = 'in'
                                    AND c.created_at <= r.handed_over_at
                                  ORDER BY c.id DESC LIMIT 3) m), '[]'::json) AS last_messages
           FROM understanding_reviews r JOIN leads l ON l.id = r.lead_id
           WHERE r.reviewed_at IS NULL
           ORDER BY r.handed_over_at DESC, r.id DESC LIMIT %s""",
        (limit,),
    ).fetchall()


def pending_review_count(conn: Conn) -> int:
    """How many conversations wait for a review (the inbox's tab)."""
    row = conn.execute(
        "SELECT count(*)::int AS n FROM understanding_reviews WHERE reviewed_at IS NULL"
    ).fetchone()
    return int(row["n"]) if row else 0


def pending_review_since(conn: Conn, lead_id: int) -> datetime | None:
    """When the bot handed this conversation over for not understanding, if still to review."""
    row = conn.execute(
        "SELECT handed_over_at FROM understanding_reviews WHERE lead_id = %s AND reviewed_at IS NULL",
        (lead_id,),
    ).fetchone()
    return row["handed_over_at"] if row else None


def mark_reviewed(conn: Conn, *, lead_id: int, admin_id: int | None) -> bool:
    """The conversation leaves the list to review; False when it was not on it."""
    cur = conn.execute(
        """UPDATE understanding_reviews SET reviewed_at = now(), reviewed_by = %s
           WHERE lead_id = %s AND reviewed_at IS NULL""",
        (admin_id, lead_id),
    )
    return cur.rowcount == 1


# -- trained models --------------------------------------------------------------------


def find_model(conn: Conn, fingerprint: str) -> StoredModel | None:
    """The latest model trained on exactly what the fingerprint names."""
    return conn.cursor(row_factory=class_row(StoredModel)).execute(
        """SELECT id, fingerprint, examples, metrics, weights, trained_at FROM understanding_models
           WHERE fingerprint = %s ORDER BY id DESC LIMIT 1""",
        (fingerprint,),
    ).fetchone()


def has_model(conn: Conn, fingerprint: str) -> bool:
    """Whether a model trained on what the fingerprint names is stored."""
    return conn.execute("SELECT 1 FROM understanding_models WHERE fingerprint = %s LIMIT 1",
                        (fingerprint,)).fetchone() is not None


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
