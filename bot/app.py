"""The FastAPI application factory and its lifespan (pools, worker, demo content)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import health
from bot.admin.users import ensure_first_admin
from bot.bootstrap import prepare_database
from bot.db import open_async_pool
from bot.runtime import build_services, load_demo_if_empty, start_worker
from bot.settings import Settings, get_settings

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
    settings = settings or get_settings()

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
    app.include_router(health.router)
    # -- routers from other packages --
    # WhatsApp webhooks first: routes are matched in order and these are the hottest.
    from webhooks import meta as meta_webhooks, twilio as twilio_webhooks

    app.include_router(twilio_webhooks.router)
    app.include_router(meta_webhooks.router)
    from bot.dashboard.routes import router as dashboard_router
    from bot.web.templating import router as web_static_router
    from webhooks.lead_form import router as lead_form_router
    from webhooks.leads_api import router as leads_api_router

    app.include_router(lead_form_router)
    app.include_router(leads_api_router)
    app.include_router(web_static_router)
    app.include_router(dashboard_router)
    from bot.admin.routes import router as admin_router

    app.include_router(admin_router)
    return app
