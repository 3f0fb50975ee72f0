"""The lead platform's jobs: `enrich_lead`, `lead_auto_reply`, `form_lead_to_whatsapp`,
outreach's (member outreach is given the members' conversations from graph/offers.py), the
learning loop's `learning_feedback` and the Growth Brain's `intelligence_analysis`.

The payloads of the first three carry client_id and lead_memory_id.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from bot.core.db import service_transaction, tenant_transaction
from bot.core.mail import EmailNotConfigured, send_email
from bot.core.prompt_runs import link_feedback
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.worker import Handler, PermanentError, RetryLater
from bot.lead_platform import form_entry
from bot.lead_platform import learning as learning_feedback
from bot.lead_platform.enrichment.llm import enrich
from bot.lead_platform.enrichment.offline import analyse
from bot.lead_platform.enrichment.prompts import LEAD_ANALYSIS, LEAD_REPLY
from bot.lead_platform.enrichment.reply import compose_reply, personal_paragraph
from bot.lead_platform.enrichment.summaries import translate_summary
from bot.lead_platform.intelligence import jobs as intelligence_jobs
from bot.lead_platform.outreach import campaign_jobs
from bot.lead_platform.outreach import members as member_outreach
from bot.lead_platform.outreach import replies as outreach_replies
from bot.lead_platform.prospects import jobs as prospect_jobs
from bot.lead_platform.store import feedback, learning
from bot.lead_platform.store.clients import get_client
from bot.lead_platform.store.intake import AUTO_REPLY_JOB, ENRICH_JOB, WHATSAPP_JOB
from bot.lead_platform.store.leads import get_lead
from graph.offers import ConversationState

EMAIL_SENT = "email_sent"
# The auto-reply waits this long for the enrichment (for the intent and language) before
# going out with the rules' own reading of the message.
WAIT_FOR_ENRICHMENT_SECONDS = 60.0


def _ids(job: Job) -> tuple[str, str]:
    try:
        return str(job.payload["client_id"]), str(job.payload["lead_memory_id"])
    except KeyError as exc:
        raise PermanentError(f"payload lacks {exc}") from None


def _load(services: Services, client_id: str, lead_id: str) -> tuple[Any, dict[str, Any]]:
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        client = get_client(conn, client_id)
        lead = get_lead(conn, lead_id)
    if client is None or lead is None:
        raise PermanentError("lead or client not found (deleted?)")
    return client, lead


def enrich_lead(services: Services, job: Job) -> dict[str, Any]:
    """Analyse the lead (LLM or rules), store it, append histories, log the prediction."""
    client_id, lead_id = _ids(job)
    client, lead = _load(services, client_id, lead_id)
    started = time.perf_counter()
    prompt = services.prompts.call(LEAD_ANALYSIS, subject=f"lead:{lead_id}", client_id=client_id)
    result = enrich(chat_model=services.chat_model, business=client.business_name, name=lead["name"],
                    message=lead["message"], language=lead["language"], fallback_language=client.language,
                    prompt=prompt)
    elapsed_ms = int((time.perf_counter() - started) * 1000)
    analysis = result.analysis.model_dump()
    by_model = result.engine.startswith("llm:")
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        learning.apply_analysis(conn, lead_id, analysis)
        feedback_id = feedback.record_lead_prediction(
            conn, client_id=client_id, lead_id=lead_id, prediction=analysis, engine="llm" if by_model else "rules",
            model=result.engine.removeprefix("llm:"), prompt=prompt if by_model else None, job_id=str(job.id))
        if result.execution_id is not None:  # the model's call, judged by the outcome of its prediction
            link_feedback(conn, execution_id=result.execution_id, feedback_id=feedback_id)
        learning.record_metric(
            conn, client_id=client_id, event_type="ai_analysis", response_time_ms=elapsed_ms,
            success=result.error is None, source="intelligence_engine",
            metadata={"lead_id": lead_id, "engine": result.engine},
            error_en=result.error, error_fr=f"Échec de l'analyse IA : {result.error}" if result.error else None,
        )
        if lead["intent"] is None:  # the first analysis: how long the client waited for an analysed lead
            learning.record_metric(
                conn, client_id=client_id, event_type="lead_processing", success=True, source="lead_pipeline",
                response_time_ms=int((datetime.now(UTC) - lead["created_at"]).total_seconds() * 1000),
                metadata={"lead_id": lead_id, "stage": "analysed"})
    if services.chat_model is not None and analysis["language"] != client.language:
        # The client reads it in their language: translated now (the job waits for the model,
        # the dashboard never does) and cached for the dashboard.
        with services.pool.connection() as conn, service_transaction(conn):
            translate_summary(conn, services.chat_model, client_id=client_id, summary=analysis["summary"],
                              source=analysis["language"], target=client.language, prompts=services.prompts)
    return {"lead_id": lead_id, "intent": analysis["intent"], "engine": result.engine}


def auto_reply(services: Services, job: Job) -> dict[str, Any]:
    """Email the lead in their language and the client's tone; SMTP failures are retried."""
    client_id, lead_id = _ids(job)
    client, lead = _load(services, client_id, lead_id)
    if not client.ai_personalized_reply or not lead["email"] or lead["deleted"]:
        return {"skipped": "auto-reply off, no email, or lead deleted"}
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        if learning.has_action(conn, lead_id, EMAIL_SENT):
            return {"skipped": "already sent"}
    age = (datetime.now(UTC) - lead["created_at"]).total_seconds()
    if lead["intent"] is None and age < WAIT_FOR_ENRICHMENT_SECONDS:
        raise RetryLater(2.0, "waiting for enrichment")
    reading = lead if lead["intent"] else analyse(
        message=lead["message"], name=lead["name"], language=lead["language"],
        fallback_language=client.language).model_dump()
    language = lead["language"] or reading["language"] or client.language
    personal = personal_paragraph(services.chat_model, business=client.business_name, language=language,
                                  tone=client.email_tone, message=lead["message"],
                                  prompt=services.prompts.call(LEAD_REPLY, subject=f"lead:{lead_id}",
                                                               client_id=client_id))
    reply = compose_reply(language=language, tone=client.email_tone, business=client.business_name,
                          lead_name=lead["name"], intent=reading["intent"], booking_link=client.booking_link,
                          personal=personal)
    started = time.perf_counter()
    try:
        message_id = send_email(services.settings, to=lead["email"], subject=reply.subject, text=reply.text,
                                reply_to=client.email)
    except EmailNotConfigured as exc:
        _log_email(services, lead, started=started, error=str(exc))
        raise PermanentError(str(exc)) from None
    except Exception as exc:
        _log_email(services, lead, started=started, error=f"{type(exc).__name__}: {exc}")
        raise
    _log_email(services, lead, started=started, error=None, message_id=message_id, language=language)
    return {"lead_id": lead_id, "message_id": message_id, "language": language, "personalised": bool(personal)}


def _log_email(services: Services, lead: dict[str, Any], *, started: float, error: str | None,
               message_id: str | None = None, language: str | None = None) -> None:
    elapsed_ms = int((time.perf_counter() - started) * 1000)
    client_id = lead["client_id"]
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        learning.record_metric(
            conn, client_id=client_id, event_type="email_response", response_time_ms=elapsed_ms,
            success=error is None, source="lead_auto_reply", metadata={"lead_id": str(lead["id"])},
            error_en=error, error_fr=f"Échec de l'envoi de l'email : {error}" if error else None,
        )
        if error is None:
            learning.record_feedback(
                conn, client_id=client_id, lead_id=lead["id"], action_type="email_response", outcome="neutral",
                context={"message_id": message_id, "language": language},
                notes_en="Auto-reply sent", notes_fr="Réponse automatique envoyée",
            )
            learning.record_action(conn, lead=lead, action_type=EMAIL_SENT, performed_by="system")


def job_handlers(services: Services) -> dict[str, Handler]:
    """Job type -> handler for the lead platform."""
    return {
        ENRICH_JOB: lambda job: enrich_lead(services, job),
        AUTO_REPLY_JOB: lambda job: auto_reply(services, job),
        WHATSAPP_JOB: lambda job: form_entry.enter(services, *_ids(job)),
        **campaign_jobs.job_handlers(services),
        **outreach_replies.job_handlers(services),
        **member_outreach.job_handlers(services, ConversationState()),
        **prospect_jobs.job_handlers(services),
        **intelligence_jobs.job_handlers(services),
        **learning_feedback.job_handlers(services),
    }
