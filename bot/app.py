"""The FastAPI application factory and its lifespan (pools, worker, demo content)."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import psycopg
from fastapi import Depends, FastAPI

from bot import health
from bot.console import routes as console
from bot.console.users import ensure_first_admin
from bot.core.bootstrap import prepare_database
from bot.core.connections import AsyncPool, Pool
from bot.core.database_in_use import DatabaseInUse, open_following_pool
from bot.core.db import WEB_ACQUIRE_SECONDS, open_async_pool
from bot.core.settings import Settings, load_settings
from bot.core.supervisor import EmbeddedSupervisor
from bot.lead_platform.api import intake as lead_intake
from bot.lead_platform.api import manage as lead_management
from bot.lead_platform.api.metrics import ApiMetrics, ApiResponseTimer
from bot.lead_platform.dashboard import brain as dashboard_brain
from bot.lead_platform.dashboard import campaigns as dashboard_campaigns
from bot.lead_platform.dashboard import copilot as dashboard_copilot
from bot.lead_platform.dashboard import routes as dashboard
from bot.runtime import build_services, load_demo_if_empty, start_worker, watch_database
from bot.web import metrics as web_metrics
from bot.web import templating as web_static
from bot.web import text_guard
from bot.web.headers import SecurityHeaders
from bot.web.observe import RequestObserver
from bot.web.unavailable import install_database_unavailable_handler
from webhooks import inbound_email as inbound_email_webhooks
from webhooks import meta as meta_webhooks
from webhooks import outreach as outreach_tracking
from webhooks import twilio as twilio_webhooks

log = logging.getLogger(__name__)

# How long closing a pool waits for its background threads (psycopg_pool's default: 5 s each).
SHUTDOWN_POOL_SECONDS = 1.0


def _recheck(loop: asyncio.AbstractEventLoop, pools: list[Pool], apool: AsyncPool) -> Callable[[], None]:
    """After a restart of the embedded server: drop the pools' dead connections, open new ones."""

    def recheck() -> None:
        for pool in pools:
            pool.check()
        asyncio.run_coroutine_threadsafe(apool.check(), loop)

    return recheck


def create_app(
    settings: Settings | None = None,
    *,
    database_url: str | None = None,
    load_demo: bool = False,
    run_worker: bool = False,
    supervise_embedded: bool = False,
) -> FastAPI:
    """Build the app; the database is prepared (or joined) when the app starts.

    `load_demo` fills an empty database with the demo catalogue and knowledge base;
    `run_worker` runs job workers in this process (the embedded default);
    `supervise_embedded` restarts the embedded PostgreSQL when it dies (`serve`).
    """
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Every pool follows the database in use, which a failover may change (bot/core/failover.py).
        database = app.state.database = DatabaseInUse(settings, database_url or prepare_database(settings))
        # The workers' pool: their jobs may wait for it.
        services = build_services(settings, database.url, database=database)
        # Web requests get their own pool, whose short wait makes a lost database a quick 503.
        web_pool = open_following_pool(database, max_size=settings.pool_size, name="matchbot-web",
                                       timeout=WEB_ACQUIRE_SECONDS)
        app.state.services = dataclasses.replace(services, pool=web_pool)
        # One prompt registry per process: an edit in the console reaches the embedded worker at once.
        app.state.services.prompts = services.prompts
        app.state.pool = web_pool
        app.state.worker_pool = services.pool
        app.state.apool = await open_async_pool(database.conninfo, max_size=settings.pool_size,
                                                check=database.acheck)
        database.follow_async_pool(app.state.apool, asyncio.get_running_loop())
        api_metrics: ApiMetrics = app.state.api_metrics  # the lead API's timings, written in batches
        api_metrics_flush = asyncio.create_task(api_metrics.run(app.state.apool))
        if load_demo:
            load_demo_if_empty(services)
        ensure_first_admin(services)
        worker = start_worker(services, database=database) if run_worker else None
        monitor = watch_database(database)  # with a failover: switch when the primary stops answering
        supervisor = None
        if supervise_embedded:
            supervisor = EmbeddedSupervisor(settings, _recheck(asyncio.get_running_loop(),
                                                               [services.pool, web_pool], app.state.apool))
            supervisor.start()
        app.state.supervisor = supervisor
        # Everything loaded so far (modules, models, catalogues) lives as long as the app: left
        # to the garbage collector, each full collection walked it all again, pausing every
        # request for up to 180 ms under load (`python -m bench outreach`). Frozen, it is
        # skipped (freezing costs nothing; it is undone when the app stops).
        gc.freeze()
        try:
            yield
        finally:
            # With the database away nothing can finish: stop without waiting for jobs or pools.
            database_up = supervisor is None or supervisor.server_alive()
            if supervisor is not None:
                supervisor.stop()
            if monitor is not None:
                monitor.stop()
            if worker is not None:
                worker.stop(timeout=10.0 if database_up else 0.1)
            await api_metrics.stop(api_metrics_flush, app.state.apool if database_up else None)
            await app.state.apool.close(timeout=SHUTDOWN_POOL_SECONDS)
            web_pool.close(timeout=SHUTDOWN_POOL_SECONDS)
            services.pool.close(timeout=SHUTDOWN_POOL_SECONDS)
            gc.unfreeze()

    # Text PostgreSQL cannot store (NUL, lone surrogates) is refused with a 422 naming the field.
    app = FastAPI(title="Matchbot", lifespan=lifespan, docs_url=None, redoc_url=None,
                  dependencies=[Depends(text_guard.refuse_unstorable_text)])
    app.state.settings = settings
    install_database_unavailable_handler(app)  # a stalled or lost database is a 503
    app.add_exception_handler(psycopg.DataError, text_guard.unstorable_value)  # last resort: a 400
    app.add_middleware(SecurityHeaders)  # no framing anywhere; a CSP on the console and dashboard
    app.add_middleware(RequestObserver)  # request ids in logs; webhook answers counted (/metrics)
    api_metrics = app.state.api_metrics = ApiMetrics()
    app.add_middleware(ApiResponseTimer, metrics=api_metrics)  # the lead API's api_response rows
    # WhatsApp webhooks first: routes are matched in order and these are the hottest.
    for router in (twilio_webhooks.router, meta_webhooks.router, outreach_tracking.router,
                   inbound_email_webhooks.router, health.router,
                   lead_intake.router, lead_management.router, web_static.router,
                   dashboard.router, dashboard_campaigns.router, dashboard_brain.router, dashboard_copilot.router,
                   console.router, web_metrics.router):
        app.include_router(router)
    return app
