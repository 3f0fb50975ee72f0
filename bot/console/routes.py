"""The console's router: every page under /admin (sub-routers by area)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from bot.console import (
    routes_auth,
    routes_campaigns,
    routes_catalogue,
    routes_contacts,
    routes_copilot,
    routes_growth,
    routes_inbox,
    routes_prompts,
    routes_settings,
    routes_simulator,
    routes_understanding,
)

router = APIRouter(prefix="/admin", include_in_schema=False)
for area in (
    routes_auth,
    routes_inbox,
    routes_catalogue,
    routes_contacts,
    routes_settings,
    routes_simulator,
    routes_understanding,
    routes_campaigns,
    routes_prompts,
    routes_copilot,
    routes_growth,
):
    router.include_router(area.router)


@router.get("")
def home() -> RedirectResponse:
    return RedirectResponse("/admin/inbox", status_code=303)
