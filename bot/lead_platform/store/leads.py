"""Leads of one tenant: list and filter, state changes, notes, the activity journal.

Every function runs inside `tenant_transaction`; every change writes lead_actions, and
every change that says something of the lead's analysis (tag, conversion, archive, a
corrected intent or urgency) scores its prediction (store/feedback.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from bot.core import like
from bot.core.connections import Conn
from bot.lead_platform.store import feedback

LEAD_COLUMNS = """id, client_id, name, email, phone, whatsapp_consent, message, ai_summary, intent,
    tone, urgency, confidence_score, tone_history, confidence_history, urgency_history, archived,
    deleted, current_tag, language, source_url, is_test, created_at, updated_at"""

CONVERTED_TAG = "Converti"
Status = Literal["active", "archived", "deleted", "all"]


@dataclass(frozen=True)
class LeadFilter:
    """What the lead list shows; empty fields do not filter."""

    status: Status = "active"
    intent: str | None = None
    urgency: str | None = None
    tag: str | None = None
    language: str | None = None
    search: str | None = None
    limit: int = 50
    offset: int = 0


def list_leads(conn: Conn, flt: LeadFilter) -> list[dict[str, Any]]:
    """Leads matching the filter, newest first."""
    where = ["TRUE"]
    params: dict[str, Any] = {"limit": max(1, min(flt.limit, 500)), "offset": max(0, flt.offset)}
    if flt.status == "active":
        where.append("NOT archived AND NOT deleted")
    elif flt.status == "archived":
        where.append("archived AND NOT deleted")
    elif flt.status == "deleted":
        where.append("deleted")
    for column in ("intent", "urgency", "language"):
        value = getattr(flt, column)
        if value:
            where.append(f"{column} = %({column})s")
            params[column] = value
    if flt.tag:
        where.append("current_tag = %(tag)s")
        params["tag"] = flt.tag
    if flt.search:
        matches = " OR ".join(f"{column} ILIKE %(q)s {like.ESCAPE}"
                              for column in ("name", "email", "phone", "message", "ai_summary"))
        where.append(f"({matches})")
        params["q"] = like.contains(flt.search)
    return conn.execute(
        f"SELECT {LEAD_COLUMNS} FROM lead_memory WHERE {' AND '.join(where)} "
        "ORDER BY created_at DESC, id LIMIT %(limit)s OFFSET %(offset)s",
        params,
    ).fetchall()


def get_lead(conn: Conn, lead_id: uuid.UUID | str) -> dict[str, Any] | None:
    """One lead of the current tenant, or None (another tenant's lead is simply not there)."""
    return conn.execute(f"SELECT {LEAD_COLUMNS} FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()


def distinct_values(conn: Conn) -> dict[str, list[str]]:
    """Intents and tags in use, for filter menus."""
    rows = conn.execute(
        "SELECT array_remove(array_agg(DISTINCT intent), NULL) AS intents, "
        "array_remove(array_agg(DISTINCT current_tag), NULL) AS tags FROM lead_memory"
    ).fetchone()
    assert rows is not None  # an aggregate always answers one row
    return {"intents": sorted(rows["intents"] or []), "tags": sorted(rows["tags"] or [])}


def _action(conn: Conn, lead: dict[str, Any], action_type: str, *, performed_by: str,
            tag: str | None = None, conversion_outcome: bool | None = None,
            reversion_reason: str | None = None) -> dict[str, Any]:
    row = conn.execute(
        """INSERT INTO lead_actions (lead_id, client_id, action_type, tag, performed_by,
                                     conversion_outcome, reversion_reason, is_test)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
           RETURNING id, lead_id, action_type, tag, performed_by, timestamp, conversion_outcome,
                     reversion_reason""",
        (lead["id"], lead["client_id"], action_type, tag, performed_by, conversion_outcome,
         reversion_reason, lead["is_test"]),
    ).fetchone()
    assert row is not None
    return row


def _update(conn: Conn, lead_id: uuid.UUID | str, assignments: str,
            params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
    return conn.execute(
        f"UPDATE lead_memory SET {assignments}, updated_at = now() WHERE id = %s RETURNING {LEAD_COLUMNS}",
        (*params, lead_id),
    ).fetchone()


def tag_lead(conn: Conn, lead_id: uuid.UUID | str, *, tag: str | None,
             performed_by: str) -> dict[str, Any] | None:
    """Set (or clear, with None) the lead's tag."""
    lead = _update(conn, lead_id, "current_tag = %s", (tag,))
    if lead:
        _action(conn, lead, "tagged" if tag else "untagged", performed_by=performed_by, tag=tag)
        feedback.lead_outcome(conn, lead, "tagged" if tag else "untagged")
    return lead


def set_state(conn: Conn, lead_id: uuid.UUID | str, *,
              action: Literal["archived", "deleted", "reactivated"], performed_by: str) -> dict[str, Any] | None:
    """Archive, soft-delete, or reactivate (clears both) a lead."""
    assignments = {
        "archived": "archived = TRUE",
        "deleted": "deleted = TRUE",
        "reactivated": "archived = FALSE, deleted = FALSE",
    }[action]
    lead = _update(conn, lead_id, assignments)
    if lead:
        _action(conn, lead, action, performed_by=performed_by)
        feedback.lead_outcome(conn, lead, action)
    return lead


def mark_converted(conn: Conn, lead_id: uuid.UUID | str, *,
                   performed_by: str) -> dict[str, Any] | None:
    """Tag the lead as converted and record a positive conversion outcome."""
    lead = _update(conn, lead_id, "current_tag = %s", (CONVERTED_TAG,))
    if lead:
        _action(conn, lead, "converted", performed_by=performed_by, tag=CONVERTED_TAG, conversion_outcome=True)
        _conversion_feedback(conn, lead, outcome="positive", reason=None)
        feedback.lead_outcome(conn, lead, "converted")
    return lead


def revert_conversion(conn: Conn, lead_id: uuid.UUID | str, *, reason: str,
                      performed_by: str) -> dict[str, Any] | None:
    """Undo a conversion, keeping why."""
    lead = _update(conn, lead_id, "current_tag = NULL")
    if lead:
        _action(conn, lead, "reverted", performed_by=performed_by, conversion_outcome=False,
                reversion_reason=reason)
        _conversion_feedback(conn, lead, outcome="negative", reason=reason)
        feedback.lead_outcome(conn, lead, "reverted")
    return lead


def correct_analysis(conn: Conn, lead_id: uuid.UUID | str, *, intent: str | None, urgency: str | None,
                     performed_by: str) -> dict[str, Any] | None:
    """The client's own intent and/or urgency for the lead (validated by the caller against the
    taxonomy): stored, journalled per field changed, and scored against the prediction."""
    before = get_lead(conn, lead_id)
    if before is None:
        return None
    changed = {field: value for field, value in (("intent", intent), ("urgency", urgency))
               if value is not None and value != before[field]}
    if not changed:
        return before
    lead = _update(conn, lead_id, ", ".join(f"{field} = %s" for field in changed), tuple(changed.values()))
    assert lead is not None  # seen above, in the same transaction
    for field in changed:
        _action(conn, lead, f"{field}_corrected", performed_by=performed_by)
    feedback.lead_outcome(conn, lead, "edited", intent=changed.get("intent"), urgency=changed.get("urgency"))
    return lead


def _conversion_feedback(conn: Conn, lead: dict[str, Any], *, outcome: str,
                         reason: str | None) -> None:
    """The real outcome the learning loop compares predictions with."""
    conn.execute(
        """INSERT INTO feedback_tracking (lead_id, client_id, action_type, outcome, confidence_score,
                                          impact_score, context_data, notes)
           VALUES (%s, %s, 'lead_conversion', %s, %s, %s,
                   jsonb_build_object('intent', %s::text, 'urgency', %s::text), %s)""",
        (lead["id"], lead["client_id"], outcome, lead["confidence_score"],
         50 if outcome == "positive" else -50, lead["intent"], lead["urgency"], reason),
    )


def record_reanalysis_request(conn: Conn, lead_id: uuid.UUID | str, *,
                              performed_by: str) -> dict[str, Any] | None:
    """Journal a re-analysis request (the job itself is queued by the caller as the service)."""
    lead = get_lead(conn, lead_id)
    if lead:
        _action(conn, lead, "reanalysis_requested", performed_by=performed_by)
    return lead


# -- notes ------------------------------------------------------------------------------

NOTE_COLUMNS = "id, lead_id, note, performed_by, created_at, updated_at"


def list_notes(conn: Conn, lead_id: uuid.UUID | str) -> list[dict[str, Any]]:
    return conn.execute(
        f"SELECT {NOTE_COLUMNS} FROM lead_notes WHERE lead_id = %s ORDER BY created_at DESC", (lead_id,)
    ).fetchall()


def add_note(conn: Conn, lead_id: uuid.UUID | str, *, note: str,
             performed_by: str) -> dict[str, Any] | None:
    """A note on a lead of the current tenant (None when the lead is not visible)."""
    lead = get_lead(conn, lead_id)
    if lead is None:
        return None
    row = conn.execute(
        f"""INSERT INTO lead_notes (lead_id, client_id, note, performed_by, is_test)
            VALUES (%s, %s, %s, %s, %s) RETURNING {NOTE_COLUMNS}""",
        (lead["id"], lead["client_id"], note, performed_by, lead["is_test"]),
    ).fetchone()
    _action(conn, lead, "note_added", performed_by=performed_by)
    return row


def edit_note(conn: Conn, lead_id: uuid.UUID | str, note_id: uuid.UUID | str, *,
              note: str, performed_by: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"""UPDATE lead_notes SET note = %s, updated_at = now() WHERE id = %s AND lead_id = %s
            RETURNING {NOTE_COLUMNS}""",
        (note, note_id, lead_id),
    ).fetchone()
    lead = get_lead(conn, lead_id) if row else None
    if lead:
        _action(conn, lead, "note_edited", performed_by=performed_by)
    return row


def delete_note(conn: Conn, lead_id: uuid.UUID | str, note_id: uuid.UUID | str, *,
                performed_by: str) -> bool:
    cur = conn.execute("DELETE FROM lead_notes WHERE id = %s AND lead_id = %s", (note_id, lead_id))
    lead = get_lead(conn, lead_id) if cur.rowcount == 1 else None
    if lead:
        _action(conn, lead, "note_deleted", performed_by=performed_by)
    return lead is not None


# -- journal ----------------------------------------------------------------------------

def journal(conn: Conn, *, lead_id: uuid.UUID | str | None = None,
            limit: int = 100) -> list[dict[str, Any]]:
    """The activity journal (lead_actions), newest first, for one lead or all."""
    return conn.execute(
        """SELECT a.id, a.lead_id, a.action_type, a.tag, a.performed_by, a.timestamp,
                  a.conversion_outcome, a.reversion_reason, l.name AS lead_name, l.email AS lead_email
           FROM lead_actions a JOIN lead_memory l ON l.id = a.lead_id
           WHERE (%(lead)s::uuid IS NULL OR a.lead_id = %(lead)s::uuid)
           ORDER BY a.timestamp DESC, a.id LIMIT %(limit)s""",
        {"lead": lead_id, "limit": max(1, min(limit, 500))},
    ).fetchall()
