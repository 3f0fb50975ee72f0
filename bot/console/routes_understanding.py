"""Teaching the bot from the console: what a misread member message meant, and the
conversations to review after the bot handed over for not understanding.

A meaning given to a message is a training example (`understanding_examples`, one per
message: giving another meaning corrects it); the classifier is retrained by the
`train_understanding` job, and `matchbot understanding export` writes the examples to
the corpus. It also scores the turn's reading of the message (its feedback_tracking
prediction, bot/lead_platform/store/feedback.py); withdrawing it withdraws the score.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from agents.nlu.corpus import CONTEXTS, INTENTS
from agents.nlu.language import detect_language
from agents.nlu.model import TRAIN_DEDUP_KEY, TRAIN_JOB
from bot.console import repository
from bot.console.messages import INTENT_LABELS, T
from bot.console.web import AdminDep, CsrfDep, redirect, render, session_of
from bot.core import queue
from bot.core.connections import Conn
from bot.lead_platform.store import feedback
from bot.store import conversations as repo
from bot.store import understanding
from bot.web.deps import ServicesDep
from bot.web.flash import flash

router = APIRouter()
# Corrections given in a row become one training: the job waits this long, and every
# correction given meanwhile joins it (one pending job per dedup key). Shorter than the
# minute after which the other processes look for a new model.
TRAIN_DELAY_SECONDS = 30.0


@router.get("/review")
def review_page(request: Request, admin: AdminDep, services: ServicesDep) -> Response:
    """Conversations handed over because the bot did not understand, not yet reviewed."""
    with services.pool.connection() as conn:
        rows = understanding.pending_reviews(conn)
    return render(request, "review.html", admin=admin, rows=rows)


@router.post("/conversations/{lead_id}/reviewed")
def mark_reviewed(
    request: Request, lead_id: int, admin: AdminDep, services: ServicesDep, _: CsrfDep
) -> Response:
    with services.pool.connection() as conn, conn.transaction():
        if repo.get_lead(conn, lead_id) is None:
            raise HTTPException(status_code=404, detail=T["not_found"])
        if understanding.mark_reviewed(conn, lead_id=lead_id, admin_id=admin.id):
            repository.log_action(conn, admin_id=admin.id, lead_id=lead_id, action="reviewed",
                                  message=f"Conversation du lead {lead_id} revue (incompréhension)")
            flash(session_of(request), T["reviewed"], "success")
    return redirect(request, "/admin/review")


@router.post("/conversations/{lead_id}/messages/{message_id}/meaning")
def give_meaning(
    request: Request,
    lead_id: int,
    message_id: int,
    admin: AdminDep,
    services: ServicesDep,
    _: CsrfDep,
    intent: Annotated[str, Form(max_length=30)] = "",
    context: Annotated[str, Form(max_length=30)] = "none",
) -> Response:
    """Say what a member message meant: stored as a training example, training scheduled."""
    if intent not in INTENTS:
        raise HTTPException(status_code=400, detail=T["bad_meaning"])
    if context not in CONTEXTS:
        raise HTTPException(status_code=400, detail=T["bad_context"])
    with services.pool.connection() as conn, conn.transaction():
        message, lead = _member_message(conn, lead_id=lead_id, message_id=message_id)
        text = message.content or ""
        read_intent, read_confidence = _reading(message)
        understanding.add_example(
            conn, text=text, context=context, intent=intent, language=detect_language(text) or lead.language,
            read_intent=read_intent, read_confidence=read_confidence, lead_id=lead_id, message_id=message_id,
            admin_id=admin.id,
        )
        repository.log_action(
            conn, admin_id=admin.id, lead_id=lead_id, action="meaning",
            context={"message_id": message_id, "intent": intent, "read_intent": read_intent},
            message=f"Message {message_id} corrigé : {INTENT_LABELS[intent]} "
                    f"(lu comme {read_intent or '—'})",
        )
        _schedule_training(conn)
        prediction = _prediction_of(message)
        if prediction is not None:  # the turn's reading, scored against what the admin says
            feedback.understanding_corrected(conn, prediction, intent=intent)
    flash(session_of(request), T["meaning_saved"], "success")
    return redirect(request, f"/admin/conversations/{lead_id}#m{message_id}")


@router.post("/conversations/{lead_id}/messages/{message_id}/meaning/delete")
def remove_meaning(
    request: Request, lead_id: int, message_id: int, admin: AdminDep, services: ServicesDep, _: CsrfDep
) -> Response:
    """Withdraw a correction given by mistake."""
    with services.pool.connection() as conn, conn.transaction():
        message, _lead = _member_message(conn, lead_id=lead_id, message_id=message_id)
        if understanding.remove_example(conn, message_id=message_id):
            prediction = _prediction_of(message)
            if prediction is not None:
                feedback.understanding_corrected(conn, prediction, intent=None)
            repository.log_action(conn, admin_id=admin.id, lead_id=lead_id, action="meaning_removed",
                                  context={"message_id": message_id},
                                  message=f"Correction du message {message_id} retirée")
            _schedule_training(conn)
            flash(session_of(request), T["meaning_removed"], "success")
    return redirect(request, f"/admin/conversations/{lead_id}#m{message_id}")


def _member_message(conn: Conn, *, lead_id: int, message_id: int) -> tuple[repo.Message, repo.Lead]:
    """The lead's message, written by the member and with text; otherwise 404 or 400."""
    message = repo.get_message(conn, message_id)
    lead = repo.get_lead(conn, lead_id)
    if message is None or lead is None or message.lead_id != lead_id:
        raise HTTPException(status_code=404, detail=T["not_found"])
    if message.direction != "in" or message.sender_type != "client" or not (message.content or "").strip():
        raise HTTPException(status_code=400, detail=T["not_member_message"])
    return message, lead


def _reading(message: repo.Message) -> tuple[str | None, float | None]:
    """How the bot read the message (stored by its turn), when it did."""
    reading: Any = (message.metadata or {}).get("reading")
    if not isinstance(reading, dict):
        return None, None
    intent, confidence = reading.get("intent"), reading.get("confidence")
    return (
        intent if isinstance(intent, str) and intent in INTENTS else None,
        round(float(confidence), 3) if isinstance(confidence, int | float) and 0 <= confidence <= 1 else None,
    )


def _prediction_of(message: repo.Message) -> uuid.UUID | None:
    """The feedback_tracking row of the reading of this message, when its turn recorded one."""
    value: Any = ((message.metadata or {}).get("reading") or {}).get("feedback_id")
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _schedule_training(conn: Conn) -> None:
    queue.enqueue(conn, TRAIN_JOB, {}, delay=TRAIN_DELAY_SECONDS, dedup_key=TRAIN_DEDUP_KEY, max_attempts=3)
