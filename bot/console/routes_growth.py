"""The agency's Growth Brain under /admin/growth: its members' questions, where qualification
stalls and which profiles draw interest, over a window of days (computed on each visit)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.console.growth_messages import SLOT_LABELS, G
from bot.console.messages import INTENT_LABELS
from bot.console.web import AdminDep, render
from bot.lead_platform.intelligence import agency, charts
from bot.lead_platform.intelligence.messages import number
from bot.web.deps import ServicesDep

router = APIRouter()
WINDOWS = (7, 30, 90)
ASKED_SHOWN = 10


def _count(key: str, n: int) -> str:
    return G[f"{key}_one"] if n == 1 else G[key].format(n=n)


@router.get("/growth")
def growth_page(request: Request, admin: AdminDep, services: ServicesDep,
                days: Literal["7", "30", "90"] = "30") -> Response:
    with services.pool.connection() as conn:
        brain = agency.analyse(conn, now=datetime.now(UTC), days=int(days), intent_labels=INTENT_LABELS,
                               slot_labels=SLOT_LABELS)
    top = max((s.answered for s in brain.funnel), default=0)
    return render(
        request, "growth.html", admin=admin, g=G, brain=brain, windows=WINDOWS, number=lambda n: number(n, "fr"),
        asked=charts.bars((a.label, a.percent, f"{a.messages} · {number(a.percent, 'fr')} %")
                          for a in brain.asked[:ASKED_SHOWN]),
        topics=charts.bars((t.topic, t.answers, str(t.answers)) for t in brain.topics),
        funnel=charts.bars(((s.label, s.answered, _count("answered", s.answered)
                             + (" · " + _count("stalled", s.stalled) if s.stalled else ""))
                            for s in brain.funnel), scale=max(brain.started, top) or None,
                           kinds=["bad" if s.stalled else "" for s in brain.funnel]),
        profiles=charts.bars((f"{p.code} · {p.first_name}", p.requests + p.interested,
                              f"{G['requests']} : {p.requests} · {G['interested']} : {p.interested}")
                             for p in brain.profiles),
    )
