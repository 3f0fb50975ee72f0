"""Storing an accepted form lead: lead, "created" action, integration log, jobs, in one transaction."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from bot.core import queue
from bot.core.connections import AsyncConn, Conn
from bot.core.db import (
    aservice_transaction,
    aswitch_to_service,
    atenant_transaction,
    service_transaction,
    switch_to_service,
)
from bot.lead_platform.store.clients import Client

# Job types of the lead platform (handlers: agents.lead_capture.jobs).
ENRICH_JOB = "enrich_lead"
AUTO_REPLY_JOB = "lead_auto_reply"
# Handled by the conversation engine (another package): the lead enters the WhatsApp graph.
WHATSAPP_JOB = "form_lead_to_whatsapp"

STORE_LEAD_SQL = """
WITH lead AS (
    INSERT INTO lead_memory (id, client_id, name, email, phone, whatsapp_consent, message,
                             language, source_url, is_test)
    VALUES (%(id)s, %(client_id)s, %(name)s, %(email)s, %(phone)s, %(consent)s, %(message)s,
            %(language)s, %(source_url)s, %(is_test)s)
    RETURNING id
), action AS (
    INSERT INTO lead_actions (lead_id, client_id, action_type, performed_by, is_test)
    SELECT id, %(client_id)s, 'created', 'api', %(is_test)s FROM lead
), log AS (
    INSERT INTO integration_logs (client_id, api_key, endpoint, method, request_body,
                                  response_status, response_body, ip_address, user_agent)
    SELECT %(client_id)s, %(key_prefix)s, %(endpoint)s, 'POST', %(request_body)s, 201,
           jsonb_build_object('status', 'created', 'lead_id', id), %(ip)s, %(user_agent)s
    FROM lead
), touch AS (
    -- at most once a minute, so that concurrent leads do not queue on the client's row
    UPDATE clients SET last_connection = now()
    WHERE client_id = %(client_id)s
      AND (last_connection IS NULL OR last_connection < now() - INTERVAL '1 minute')
)
SELECT id FROM lead
"""

LOG_SQL = """
INSERT INTO integration_logs (client_id, api_key, endpoint, method, request_body,
                              response_status, response_body, ip_address, user_agent)
VALUES (%(client_id)s, %(key_prefix)s, %(endpoint)s, %(method)s, %(request_body)s,
        %(status)s, %(response_body)s, %(ip)s, %(user_agent)s)
"""


@dataclass(frozen=True)
class RequestMeta:
    """Who called: what integration_logs keeps of a request (no secrets)."""

    key_prefix: str | None
    ip: str | None
    user_agent: str | None
    endpoint: str = "/api/lead"
    method: str = "POST"


async def store_lead(
    conn: AsyncConn,
    *,
    client: Client,
    lead: dict[str, Any],
    meta: RequestMeta,
    logged_body: dict[str, Any],
) -> uuid.UUID:
    """Store the lead and queue its follow-ups atomically; returns the lead id."""
    # The id is chosen here so that nothing waits for the INSERT's answer: the whole
    # transaction goes to the server in one pipeline (one round trip instead of six).
    lead_id = uuid.uuid4()
    params = _lead_params(lead_id, client=client, lead=lead, meta=meta, logged_body=logged_body)
    payload = {"client_id": str(client.client_id), "lead_memory_id": str(lead_id)}
    jobs = [ENRICH_JOB]
    if client.ai_personalized_reply and lead.get("email"):
        jobs.append(AUTO_REPLY_JOB)
    if client.bot_linked and lead.get("phone") and lead.get("whatsapp_consent"):
        jobs.append(WHATSAPP_JOB)
    async with conn.pipeline(), atenant_transaction(conn, client.client_id):
        await conn.execute(STORE_LEAD_SQL, params)
        await aswitch_to_service(conn)
        for job_type in jobs:
            await queue.aenqueue(conn, job_type, payload)
    return lead_id


def _lead_params(lead_id: uuid.UUID, *, client: Client, lead: dict[str, Any], meta: RequestMeta,
                 logged_body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": lead_id,
        "client_id": client.client_id,
        "name": lead.get("name"),
        "email": lead.get("email"),
        "phone": lead.get("phone"),
        "consent": bool(lead.get("whatsapp_consent")),
        "message": lead.get("message"),
        "language": lead.get("language"),
        "source_url": lead.get("source_url"),
        "is_test": client.is_test,
        "key_prefix": meta.key_prefix,
        "endpoint": meta.endpoint,
        "request_body": json.dumps(logged_body),
        "ip": meta.ip,
        "user_agent": meta.user_agent,
    }


def record_lead(conn: Conn, *, client: Client, lead: dict[str, Any], meta: RequestMeta,
                logged_body: dict[str, Any]) -> uuid.UUID:
    """`store_lead` for a worker, inside the client's tenant transaction: a lead that came by
    e-mail (a reply to an outreach e-mail). The same rows, and its enrichment queued; the
    transaction goes on as the service role. No auto-reply: the person is already writing
    to the client, who is notified instead; an e-mail gives no WhatsApp consent."""
    lead_id = uuid.uuid4()
    conn.execute(STORE_LEAD_SQL, _lead_params(lead_id, client=client, lead=lead, meta=meta,
                                              logged_body=logged_body))
    switch_to_service(conn)
    queue.enqueue(conn, ENRICH_JOB, {"client_id": str(client.client_id), "lead_memory_id": str(lead_id)})
    return lead_id


async def log_request(
    conn: AsyncConn,
    *,
    client_id: uuid.UUID | None,
    meta: RequestMeta,
    status: int,
    request_body: dict[str, Any] | None,
    response_body: dict[str, Any] | None,
) -> None:
    """An integration_logs row for a refused request (client_id None when the key is unknown)."""
    params = {
        "client_id": client_id, "key_prefix": meta.key_prefix, "endpoint": meta.endpoint,
        "method": meta.method, "status": status, "ip": meta.ip, "user_agent": meta.user_agent,
        "request_body": json.dumps(request_body) if request_body is not None else None,
        "response_body": json.dumps(response_body) if response_body is not None else None,
    }
    if client_id is None:
        async with aservice_transaction(conn):
            await conn.execute(LOG_SQL, params)
    else:
        async with atenant_transaction(conn, client_id):
            await conn.execute(LOG_SQL, params)


def enqueue_reanalysis(conn: Conn, *, client_id: uuid.UUID | str,
                       lead_id: uuid.UUID | str) -> None:
    """Queue one more `enrich_lead` for a lead (service role; at most one waiting per lead)."""
    with service_transaction(conn):
        queue.enqueue(conn, ENRICH_JOB, {"client_id": str(client_id), "lead_memory_id": str(lead_id)},
                      dedup_key=f"reanalyse:{lead_id}")
