"""The FastAPI application factory and its lifespan (pools, worker, demo content)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import health
from bot.console import routes as console
from bot.console.users import ensure_first_admin
from bot.core.bootstrap import prepare_database
from bot.core.db import open_async_pool
from bot.core.settings import Settings, load_settings
from bot.lead_platform.api import intake as lead_intake
from bot.lead_platform.api import manage as lead_management
from bot.lead_platform.dashboard import routes as dashboard
from bot.runtime import build_services, load_demo_if_empty, start_worker
from bot.web import templating as web_static
from webhooks import meta as meta_webhooks
from webhooks import twilio as twilio_webhooks

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    database_url: str | None = None,
    load_demo: bool = False,
    run_worker: bool = False,
) -> FastAPI:
    """Build the app; the database is prepared (or joined) when the app starts.

    `load_demo` fills an empty database with the demo catalogue and knowledge base;
    `run_worker` runs job workers in this process (the embedded default).
    """
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or prepare_database(settings)
        services = build_services(settings, url)
        app.state.database_url = url
        app.state.services = services
        app.state.pool = services.pool
        app.state.apool = await open_async_pool(url, max_size=settings.pool_size)
        if load_demo:
            load_demo_if_empty(services)
        ensure_first_admin(services)
        worker = start_worker(services) if run_worker else None
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            await app.state.apool.close()
            services.pool.close()

    app = FastAPI(title="Matchbot", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    # WhatsApp webhooks first: routes are matched in order and these are the hottest.
    for router in (twilio_webhooks.router, meta_webhooks.router, health.router,
                   lead_intake.router, lead_management.router, web_static.router,
                   dashboard.router, console.router):
        app.include_router(router)
    return app
