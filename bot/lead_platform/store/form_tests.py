"""Contact-form tests (prospect_form_tests): one row per submission of a prospect's form.

pending (the enquiry is out, no answer yet) → completed (an answer came), timeout (none
within the delay) or failed (the form could not be filled or sent; `failure_reason` says
why). At most one test of a prospect is pending at a time (a partial unique index).
Tenant functions, except `client_of` (service role: which client a reply belongs to).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from bot.core.connections import Conn

COLUMNS = """id, client_id, prospect_id, form_url, test_submitted_at, response_received_at,
    response_time_minutes, has_autoresponder, autoresponder_tone, autoresponder_content, score,
    test_status, failure_reason, metadata"""


@dataclass(frozen=True)
class FormTest:
    id: uuid.UUID
    client_id: uuid.UUID
    prospect_id: uuid.UUID
    form_url: str | None
    test_submitted_at: datetime
    response_received_at: datetime | None
    response_time_minutes: int | None
    has_autoresponder: bool | None
    autoresponder_tone: str | None
    autoresponder_content: str | None
    score: int | None
    test_status: str
    failure_reason: str | None
    metadata: dict[str, Any]


def start(conn: Conn, *, client_id: uuid.UUID | str, prospect_id: uuid.UUID | str,
          form_url: str) -> uuid.UUID | None:
    """A pending test row (its id goes in the reply address); None when one is already pending."""
    row = conn.execute(
        """INSERT INTO prospect_form_tests (client_id, prospect_id, form_url)
           VALUES (%s, %s, %s)
           ON CONFLICT (prospect_id) WHERE test_status = 'pending' DO NOTHING
           RETURNING id""",
        (client_id, prospect_id, form_url),
    ).fetchone()
    return row["id"] if row else None


def get(conn: Conn, test_id: uuid.UUID | str) -> FormTest | None:
    row = conn.execute(f"SELECT {COLUMNS} FROM prospect_form_tests WHERE id = %s", (test_id,)).fetchone()
    return FormTest(**row) if row else None


def latest(conn: Conn, prospect_id: uuid.UUID | str) -> FormTest | None:
    row = conn.execute(
        f"SELECT {COLUMNS} FROM prospect_form_tests WHERE prospect_id = %s "
        "ORDER BY test_submitted_at DESC LIMIT 1", (prospect_id,)).fetchone()
    return FormTest(**row) if row else None


def client_of(conn: Conn, test_id: uuid.UUID | str) -> uuid.UUID | None:
    """The client a test belongs to (service role: a reply names only the test)."""
    row = conn.execute("SELECT client_id FROM prospect_form_tests WHERE id = %s", (test_id,)).fetchone()
    return row["client_id"] if row else None


def submitted(conn: Conn, test_id: uuid.UUID, *, at: datetime, details: dict[str, Any]) -> None:
    """The form went out: the clock starts at `at` (unless an answer was already recorded)."""
    conn.execute(
        """UPDATE prospect_form_tests
           SET test_submitted_at = CASE WHEN response_received_at IS NULL THEN %s ELSE test_submitted_at END,
               metadata = metadata || %s
           WHERE id = %s""",
        (at, Jsonb(details), test_id),
    )


def discard(conn: Conn, test_id: uuid.UUID) -> None:
    """Forget a pending test that never reached the form (our browser did not start)."""
    conn.execute("DELETE FROM prospect_form_tests WHERE id = %s AND test_status = 'pending'", (test_id,))


def fail(conn: Conn, test_id: uuid.UUID, *, reason: str, details: dict[str, Any]) -> None:
    conn.execute(
        """UPDATE prospect_form_tests
           SET test_status = 'failed', failure_reason = %s, metadata = metadata || %s
           WHERE id = %s AND test_status = 'pending'""",
        (reason[:1000], Jsonb(details), test_id),
    )


def complete(conn: Conn, test_id: uuid.UUID, *, received_at: datetime, minutes: int, autoresponder: bool,
             tone: str, content: str, score: int, details: dict[str, Any]) -> bool:
    """Record the first answer; False when the test was no longer pending."""
    cur = conn.execute(
        """UPDATE prospect_form_tests
           SET test_status = 'completed', response_received_at = %(at)s, response_time_minutes = %(minutes)s,
               has_autoresponder = %(auto)s, autoresponder_tone = %(tone)s, autoresponder_content = %(content)s,
               score = %(score)s, metadata = metadata || %(details)s
           WHERE id = %(id)s AND test_status = 'pending'""",
        {"id": test_id, "at": received_at, "minutes": minutes, "auto": autoresponder, "tone": tone,
         "content": content, "score": score, "details": Jsonb(details)},
    )
    return cur.rowcount == 1


def add_later_reply(conn: Conn, test_id: uuid.UUID, reply: dict[str, Any]) -> None:
    """An answer after the first one (a person after the autoresponder) or after the timeout: kept, not scored."""
    conn.execute(
        """UPDATE prospect_form_tests
           SET metadata = jsonb_set(metadata, '{later_replies}',
                                    coalesce(metadata -> 'later_replies', '[]') || %s)
           WHERE id = %s""",
        (Jsonb([reply]), test_id),
    )


def time_out(conn: Conn, test_id: uuid.UUID) -> bool:
    """No answer came in time: timeout, score 0, tone none. False when it was no longer pending."""
    cur = conn.execute(
        """UPDATE prospect_form_tests
           SET test_status = 'timeout', score = 0, has_autoresponder = FALSE, autoresponder_tone = 'none'
           WHERE id = %s AND test_status = 'pending'""",
        (test_id,),
    )
    return cur.rowcount == 1


def record_on_prospect(conn: Conn, test: FormTest) -> None:
    """The prospect's last_tested and response_score follow its latest test."""
    conn.execute(
        """UPDATE prospect_candidates SET last_tested = %s, response_score = %s, updated_at = now()
           WHERE id = %s""",
        (test.test_submitted_at, test.score, test.prospect_id),
    )
