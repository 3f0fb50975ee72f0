"""Contact-form tests: submit a prospect's form once, then wait for its answer by e-mail.

1. `run` (job `prospect_form_test`): a pending prospect_form_tests row, whose signed id is
   the enquiry's reply address `formtest+<token>@<outreach domain>`; the form is sent in
   Chromium (form_filler.py) as a test enquiry in the prospect's language, on behalf of the
   client; a `form_test_timeout` job is queued for the configured delay. A form that
   cannot be filled or sent makes the test `failed`, with the reason; so does a contact
   page that robots.txt keeps robots out of, or that is not at a public address.
2. `record_reply` (job `form_test_reply`, queued by the inbound e-mail endpoint with
   {test_id, received_at, from, subject, body} and optionally headers): the first answer
   completes the test with its delay, autoresponder or not, tone and score; later answers
   (a person after the autoresponder, anything after the timeout) are kept, not scored.
3. `time_out` (job `form_test_timeout`): still no answer, the test is `timeout`.
Each step recomputes the prospect's automation-need score.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bot.core import queue
from bot.core.db import service_transaction, switch_to_service, tenant_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.lead_platform.outreach.tokens import FORM_TEST_PREFIX, make_token
from bot.lead_platform.prospects import messages
from bot.lead_platform.prospects.fetching import Refused, SiteClient
from bot.lead_platform.prospects.form_filler import BrowserUnavailable, Enquiry, Submission, submit
from bot.lead_platform.prospects.prompts import FORM_TEST_TONE
from bot.lead_platform.prospects.rescore import rescore
from bot.lead_platform.prospects.tone import quality_score, read_reply
from bot.lead_platform.store import form_tests as repo
from bot.lead_platform.store.clients import get_client
from bot.lead_platform.store.prospects import get_prospect

FORM_TEST_JOB = "prospect_form_test"
REPLY_JOB = "form_test_reply"
TIMEOUT_JOB = "form_test_timeout"
MAX_CONTENT = 20_000  # characters of an answer kept


def reply_address(settings: Settings, test_id: uuid.UUID | str) -> str:
    token = make_token(settings.secret_key.get_secret_value(), test_id, purpose="formtest")
    return f"{FORM_TEST_PREFIX}+{token}@{settings.outreach_domain}"


def reference(test_id: uuid.UUID | str) -> str:
    """The short reference the enquiry quotes (an answer quoting it took the enquiry up)."""
    return "FT-" + uuid.UUID(str(test_id)).hex[:8].upper()


def enquiry_text(language: str, *, sender: str, test_id: uuid.UUID | str) -> tuple[str, str]:
    """Subject and message of the test enquiry."""
    return messages.SUBJECT[language], messages.MESSAGE[language].format(
        sender=sender, reference=reference(test_id), first_name=messages.FIRST_NAME)


def run(services: Services, *, client_id: uuid.UUID | str, prospect_id: uuid.UUID | str,
        again: bool = False) -> dict[str, Any]:
    """Submit the prospect's contact form once: nothing when no form is known, when a test is
    waiting for its answer, or (unless `again`) when the form was tested before."""
    settings = services.settings
    if not Path(settings.chromium_path).exists():
        raise BrowserUnavailable(f"no Chromium at {settings.chromium_path} (MATCHBOT_CHROMIUM)")
    with services.pool.connection() as conn:
        with tenant_transaction(conn, client_id):
            prospect, client = get_prospect(conn, prospect_id), get_client(conn, client_id)
            if prospect is None or client is None:
                return {"skipped": "prospect or client not found (deleted?)"}
            if not prospect.form_url:
                return {"skipped": "no contact form known for this prospect"}
            previous = repo.latest(conn, prospect_id)
            if previous is not None and not again and previous.test_status != "pending":
                return {"skipped": "this prospect's form was tested before (--again to test it again)"}
            test_id = repo.start(conn, client_id=client_id, prospect_id=prospect_id, form_url=prospect.form_url)
            if test_id is None:
                return {"skipped": "a test of this prospect is already waiting for its answer"}
        language = next((lang for lang in (prospect.language, prospect.site_language, client.language)
                         if lang in ("en", "fr")), "en")
        subject, message = enquiry_text(language, sender=client.business_name, test_id=test_id)
        enquiry = Enquiry(first_name=messages.FIRST_NAME, last_name=messages.LAST_NAME,
                          company=client.business_name, email=reply_address(settings, test_id),
                          subject=subject, message=message)
        refusal = _refusal(settings, prospect.form_url)
        try:
            outcome = Submission(False, refusal) if refusal else submit(
                url=prospect.form_url, enquiry=enquiry, chromium_path=settings.chromium_path,
                allow_private=settings.site_fetch_allow_private)
        except BrowserUnavailable:
            with tenant_transaction(conn, client_id):
                repo.discard(conn, test_id)
            raise
        details = {**outcome.details, "enquiry": {"language": language, "reference": reference(test_id)}}
        with tenant_transaction(conn, client_id):
            if outcome.sent and outcome.submitted_at is not None:
                repo.submitted(conn, test_id, at=outcome.submitted_at, details=details)
            else:
                repo.fail(conn, test_id, reason=outcome.reason or "not sent", details=details)
            test = repo.get(conn, test_id)
            assert test is not None
            repo.record_on_prospect(conn, test)
            if outcome.sent:
                switch_to_service(conn)
                queue.enqueue(conn, TIMEOUT_JOB, {"client_id": str(client_id), "test_id": str(test_id)},
                              delay=settings.form_test_timeout_hours * 3600, dedup_key=str(test_id))
        rescore(conn, client_id=client_id, prospect_ids=[prospect.id])
    return {"test_id": str(test_id), "sent": outcome.sent, "reason": outcome.reason}


def _refusal(settings: Settings, url: str) -> str | None:
    """Why the contact page must not be opened (robots.txt, a private address, no answer), if it must not."""
    with SiteClient(timeout=settings.site_fetch_timeout_seconds, max_bytes=settings.site_fetch_max_bytes,
                    allow_private=settings.site_fetch_allow_private) as reader:
        try:
            return None if reader.allowed(url) else "robots.txt of the site disallows its contact page"
        except Refused as exc:
            return str(exc)
        except httpx.HTTPError as exc:
            return f"the site could not be reached: {type(exc).__name__}"


def _received_at(value: object) -> datetime:
    if isinstance(value, str) and value:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def record_reply(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """An answer to a test enquiry arrived (the inbound e-mail endpoint matched its address)."""
    test_id = uuid.UUID(str(payload["test_id"]))
    received_at = _received_at(payload.get("received_at"))
    sender, subject = str(payload.get("from") or ""), str(payload.get("subject") or "")
    body = str(payload.get("body") or "")[:MAX_CONTENT]
    raw_headers = payload.get("headers")
    headers = {str(k): str(v) for k, v in raw_headers.items()} if isinstance(raw_headers, dict) else {}
    reply = {"received_at": received_at.isoformat(), "from": sender, "subject": subject, "body": body[:2000]}
    with services.pool.connection() as conn:
        with service_transaction(conn):
            client_id = repo.client_of(conn, test_id)
        if client_id is None:
            return {"skipped": "no such form test (deleted?)"}
        with tenant_transaction(conn, client_id):
            test, client = repo.get(conn, test_id), get_client(conn, client_id)
            assert test is not None and client is not None
            if test.test_status != "pending":
                repo.add_later_reply(conn, test_id, reply)
                return {"test_id": str(test_id), "kept": f"an answer after the test was {test.test_status}"}
        enquiry = test.metadata.get("enquiry") or {}
        language = "fr" if enquiry.get("language") == "fr" else "en"
        _subject, message = enquiry_text(language, sender=client.business_name, test_id=test_id)
        minutes = max(0, round((received_at - test.test_submitted_at).total_seconds() / 60))
        reading = read_reply(services.chat_model, sender=sender, subject=subject, body=body, headers=headers,
                             minutes=minutes, enquiry=message,
                             keywords=(*messages.KEYWORDS[language], reference(test_id)),
                             first_name=messages.FIRST_NAME,
                             prompt=services.prompts.call(FORM_TEST_TONE, subject=f"prospect:{test.prospect_id}",
                                                          client_id=client_id))
        score = quality_score(minutes=minutes, tone=reading.tone)
        details = {"reply": {k: v for k, v in reply.items() if k != "body"},
                   "reading": {"engine": reading.engine, "reason": reading.reason}}
        with tenant_transaction(conn, client_id):
            done = repo.complete(conn, test_id, received_at=received_at, minutes=minutes,
                                 autoresponder=reading.autoresponder, tone=reading.tone, content=body, score=score,
                                 details=details)
            if not done:  # another answer or the timeout got there first
                repo.add_later_reply(conn, test_id, reply)
            test = repo.get(conn, test_id)
            assert test is not None
            repo.record_on_prospect(conn, test)
        rescore(conn, client_id=client_id, prospect_ids=[test.prospect_id])
    return {"test_id": str(test_id), "minutes": minutes, "autoresponder": reading.autoresponder,
            "tone": reading.tone, "score": score, "engine": reading.engine}


def time_out(services: Services, *, client_id: uuid.UUID | str, test_id: uuid.UUID | str) -> dict[str, Any]:
    """The delay passed: a test still waiting for its answer is a timeout."""
    with services.pool.connection() as conn:
        with tenant_transaction(conn, client_id):
            if not repo.time_out(conn, uuid.UUID(str(test_id))):
                return {"skipped": "the test is no longer pending"}
            test = repo.get(conn, test_id)
            assert test is not None
            repo.record_on_prospect(conn, test)
        rescore(conn, client_id=client_id, prospect_ids=[test.prospect_id])
    return {"test_id": str(test_id), "status": "timeout"}
