"""The prospects' jobs (registered by bot/lead_platform/jobs.py, run on the background lane).

- `daily_prospect_queue` (the platform document's job type), once a day: discovery for the
  internal client (the platform's own sales) with the configured provider and daily
  number; then the sweeps: site facts for prospects never read, form tests for those with
  a form never tested (when MATCHBOT_FORM_TESTS=auto), and every score recomputed (the
  industry statistics may have changed). It re-enqueues itself first, so a failure never
  stops the daily rhythm; a provider outage brings the next run forward to an hour.
- `prospect_site_facts` {client_id, prospect_id}: read the homepage, store the facts, rescore.
- `prospect_form_test` {client_id, prospect_id}, `form_test_reply` {test_id, received_at,
  from, subject, body}, `form_test_timeout` {client_id, test_id}: form_tests.py.
- `prospect_scores` {} or {client_id}: recompute scores now (e.g. after the industry
  statistics were refreshed).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import psycopg

from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction, switch_to_service, tenant_transaction
from bot.core.queue import Job
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Handler, PermanentError
from bot.lead_platform.prospects import form_tests
from bot.lead_platform.prospects.discovery import SITE_FACTS_JOB, Provider, discover
from bot.lead_platform.prospects.fetching import SiteClient
from bot.lead_platform.prospects.form_filler import BrowserUnavailable
from bot.lead_platform.prospects.pdl import PdlClient, PdlProvider
from bot.lead_platform.prospects.rescore import rescore, rescore_everyone
from bot.lead_platform.prospects.site_facts import read_site
from bot.lead_platform.prospects.website_list import WebsiteListProvider, read_list
from bot.lead_platform.store import prospects as repo
from bot.lead_platform.store.campaigns import ensure_internal_client

log = logging.getLogger(__name__)

DAILY_JOB = "daily_prospect_queue"
SCORES_JOB = "prospect_scores"
DAILY_EVERY = 24 * 3600.0
FIRST_RUN_AFTER = 600.0  # after a worker starts (a test draining its queue never meets it)
AFTER_OUTAGE = 3600.0
SWEEP = 200  # prospects queued per sweep and client


def make_provider(settings: Settings, conn: Conn, *, count: int, choice: str | None = None,
                  websites: list[str] | None = None) -> Provider | None:
    """The provider chosen (else the configured one: PDL when its key is set, else the list of
    websites), or None when none is configured. `websites` given: that list."""
    if websites is not None:
        return WebsiteListProvider(websites)
    choice = choice or settings.prospect_provider or (
        "pdl" if settings.pdl_api_key else "websites" if settings.prospect_websites_file else None)
    if choice == "pdl":
        if settings.pdl_api_key is None:
            raise PermanentError("MATCHBOT_PROSPECT_PROVIDER=pdl needs PDL_API_KEY")
        with service_transaction(conn):
            known = repo.industry_priorities(conn, settings.prospect_industries)
        industries = {i: known.get(i, 50) for i in settings.prospect_industries}
        client = PdlClient(api_key=settings.pdl_api_key.get_secret_value(), base_url=settings.pdl_base_url)
        return PdlProvider(client, count=count, industries=industries, countries=settings.prospect_countries,
                           sizes=settings.prospect_sizes)
    if choice == "websites":
        if settings.prospect_websites_file is None:
            raise PermanentError("MATCHBOT_PROSPECT_PROVIDER=websites needs MATCHBOT_PROSPECT_WEBSITES_FILE")
        return WebsiteListProvider(read_list(settings.prospect_websites_file))
    return None


def _sweep(services: Services, conn: Conn) -> dict[str, int]:
    """Site facts for prospects never read; form tests, when automatic, for forms never tested."""
    queued = {"site_facts": 0, "form_tests": 0}
    with service_transaction(conn):
        clients = repo.clients_with_prospects(conn)
    for client_id in clients:
        with tenant_transaction(conn, client_id):
            unread = repo.unchecked_prospects(conn, limit=SWEEP)
            untested = repo.untested_with_form(conn, limit=SWEEP) if services.settings.form_tests == "auto" else []
            switch_to_service(conn)
            for job_type, ids, key in ((SITE_FACTS_JOB, unread, "site_facts"),
                                       (form_tests.FORM_TEST_JOB, untested, "form_tests")):
                for prospect_id in ids:
                    payload = {"client_id": str(client_id), "prospect_id": str(prospect_id)}
                    queued[key] += queue.enqueue(conn, job_type, payload, dedup_key=str(prospect_id)) is not None
    return queued


def daily_queue(services: Services, job: Job) -> dict[str, Any]:
    settings = services.settings
    result: dict[str, Any] = {}
    with services.pool.connection() as conn:
        next_run = DAILY_EVERY
        try:
            with service_transaction(conn):
                internal = ensure_internal_client(conn)
            provider = make_provider(settings, conn, count=settings.prospect_daily_count)
            if provider is None:
                result["discovery"] = "no provider configured (PDL_API_KEY or MATCHBOT_PROSPECT_WEBSITES_FILE)"
            else:
                run = discover(conn, client_id=internal.client_id, provider=provider,
                               count=settings.prospect_daily_count)
                result["discovery"] = {"provider": run.provider, "added": len(run.added),
                                       "duplicates": run.duplicates}
                if run.error is not None:
                    result["discovery"]["error"] = str(run.error)
                    next_run = AFTER_OUTAGE if run.error.retryable else DAILY_EVERY
            result["queued"] = _sweep(services, conn)
            result["rescored"] = sum(rescore_everyone(conn).values())
        finally:
            queue.schedule(conn, DAILY_JOB, delay=next_run)
    return result


def site_facts(services: Services, job: Job) -> dict[str, Any]:
    client_id, prospect_id = _ids(job, "prospect_id")
    settings = services.settings
    with services.pool.connection() as conn:
        with tenant_transaction(conn, client_id):
            prospect = repo.get_prospect(conn, prospect_id)
        if prospect is None:
            return {"skipped": "prospect not found (deleted?)"}
        with SiteClient(timeout=settings.site_fetch_timeout_seconds, max_bytes=settings.site_fetch_max_bytes,
                        allow_private=settings.site_fetch_allow_private) as client:
            facts = read_site(prospect.website, client=client)
        with tenant_transaction(conn, client_id):
            repo.save_site_facts(conn, prospect_id, status=facts.status, error=facts.error,
                                 site_language=facts.language, contact_email=facts.contact_email,
                                 form_url=facts.form_url, has_chat_widget=facts.has_chat_widget,
                                 chat_widget=facts.chat_widget, business_name=facts.business_name)
            if facts.form_url and settings.form_tests == "auto":
                switch_to_service(conn)
                queue.enqueue(conn, form_tests.FORM_TEST_JOB, {"client_id": client_id, "prospect_id": prospect_id},
                              dedup_key=prospect_id)
        rescore(conn, client_id=client_id, prospect_ids=[prospect.id])
    return {"status": facts.status, "form": bool(facts.form_url), "chat_widget": facts.chat_widget,
            "language": facts.language, "error": facts.error}


def form_test(services: Services, job: Job) -> dict[str, Any]:
    client_id, prospect_id = _ids(job, "prospect_id")
    try:
        return form_tests.run(services, client_id=client_id, prospect_id=prospect_id)
    except BrowserUnavailable as exc:
        raise PermanentError(str(exc)) from None


def form_test_reply(services: Services, job: Job) -> dict[str, Any]:
    try:
        uuid.UUID(str(job.payload["test_id"]))
    except (KeyError, ValueError):
        raise PermanentError("payload lacks a valid test_id") from None
    return form_tests.record_reply(services, job.payload)


def form_test_timeout(services: Services, job: Job) -> dict[str, Any]:
    client_id, test_id = _ids(job, "test_id")
    return form_tests.time_out(services, client_id=client_id, test_id=test_id)


def scores(services: Services, job: Job) -> dict[str, Any]:
    with services.pool.connection() as conn:
        if job.payload.get("client_id"):
            return {"changed": rescore(conn, client_id=_ids(job, None)[0])}
        return {"changed": rescore_everyone(conn)}


def _ids(job: Job, key: str | None) -> tuple[str, str]:
    """The payload's client_id and `key`, as checked UUID strings."""
    try:
        client_id = str(uuid.UUID(str(job.payload["client_id"])))
        other = str(uuid.UUID(str(job.payload[key]))) if key else ""
    except (KeyError, ValueError) as exc:
        raise PermanentError(f"payload lacks a valid {exc}") from None
    return client_id, other


def job_handlers(services: Services) -> dict[str, Handler]:
    """Job type → handler; seeds the first daily run."""
    jobs: dict[str, Callable[[Services, Job], dict[str, Any]]] = {
        DAILY_JOB: daily_queue, SITE_FACTS_JOB: site_facts, form_tests.FORM_TEST_JOB: form_test,
        form_tests.REPLY_JOB: form_test_reply, form_tests.TIMEOUT_JOB: form_test_timeout, SCORES_JOB: scores,
    }
    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, DAILY_JOB, delay=FIRST_RUN_AFTER)
    except psycopg.Error as exc:  # a worker must start even if seeding fails; the next start retries
        log.warning("could not schedule the daily prospect queue: %s", exc)
    return {job_type: _bound(services, run) for job_type, run in jobs.items()}


def _bound(services: Services, run: Callable[[Services, Job], dict[str, Any]]) -> Handler:
    return lambda job: run(services, job)
