"""The client's Growth Brain under /dashboard/brain: the last analysis with its charts, and
"Analyse now" (queues the `intelligence_analysis` job; refused within minutes of the last)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.lead_platform.dashboard.auth import CsrfDep, Viewer, ViewerDep
from bot.lead_platform.dashboard.brain_texts import brain_text
from bot.lead_platform.dashboard.routes import redirect, render
from bot.lead_platform.enrichment.taxonomy import tone_label
from bot.lead_platform.intelligence import charts, jobs, read_brain
from bot.lead_platform.intelligence.brain import Brain
from bot.lead_platform.intelligence.messages import number
from bot.lead_platform.intelligence.rules import SENTIMENT_GOOD, SENTIMENT_TENSE
from bot.web.deps import PoolDep
from bot.web.flash import flash

router = APIRouter(prefix="/dashboard", include_in_schema=False)
PATH = "/dashboard/brain"
REFRESH_SECONDS = 3  # while an analysis waits or runs, the page reloads itself this often


def _score_kind(score: float | None) -> str:
    if score is None:
        return ""
    return "good" if score >= SENTIMENT_GOOD else "bad" if score < SENTIMENT_TENSE else "mixed"


def page_charts(brain: Brain, language: str) -> dict[str, Any]:
    """Every chart of the page, in the reader's language."""
    bt = brain_text(language)

    def pct(value: float) -> str:
        return f"{number(value, language)} %"

    def out_of_100(value: float | None) -> str:
        return f"{number(value, language)}/100" if value is not None else bt["none"]

    e = brain.engagement
    urgency = [(bt[k], brain.urgency_percent.get(k, 0.0), n) for k, n in brain.urgency.items()]
    parts = [(bt["follow_up"], e.follow_up_rate), (bt["speed"], e.speed_rate), (bt["conversion"], e.conversion_rate),
             (bt["replies"], e.reply_rate)]
    return {
        "intents": charts.bars((i.label_in(language), i.percent, f"{i.leads} · {pct(i.percent)}")
                               for i in brain.top_intents),
        "urgency": charts.bars(((label, share, f"{n} · {pct(share)}") for label, share, n in urgency), scale=100,
                               kinds=list(brain.urgency)),
        "tones": charts.bars((tone_label(t.tone, language), t.percent, f"{t.leads} · {pct(t.percent)}")
                             for t in brain.tones),
        "sentiment": charts.bars([(bt["sentiment"], brain.sentiment_score or 0.0, out_of_100(brain.sentiment_score))],
                                 scale=100, kinds=[_score_kind(brain.sentiment_score)]),
        "languages": charts.bars(((bt.get(lang, lang), share, pct(share))
                                  for lang, share in brain.language_ratio.items()), scale=100),
        "engagement": charts.bars([(bt["engagement"], e.score or 0.0, out_of_100(e.score))], scale=100,
                                  kinds=[_score_kind(e.score)]),
        "engagement_parts": charts.bars(((label, rate or 0.0, pct(rate) if rate is not None else bt["none"])
                                         for label, rate in parts), scale=100),
        "weeks": charts.weekly(brain.trajectory, title=bt["week_title"]),
    }


def _page(request: Request, viewer: Viewer, pool: PoolDep, *, status_code: int = 200,
          error: str | None = None) -> Response:
    with pool.connection() as conn:
        brain = read_brain(conn, viewer.client_id)
        running = jobs.pending(conn, viewer.client_id)
    lang = viewer.language
    insights, advice = brain.insights.of(lang) if brain else ((), ())
    return render(request, "brain.html", language=lang, viewer=viewer, status_code=status_code, bt=brain_text(lang),
                  brain=brain, running=running, error=error, insights=insights, advice=advice,
                  charts=page_charts(brain, lang) if brain else None, refresh=REFRESH_SECONDS if running else None,
                  number=lambda value: number(value, lang) if value is not None else brain_text(lang)["none"])


@router.get("/brain")
def brain_page(request: Request, viewer: ViewerDep, pool: PoolDep) -> Response:
    return _page(request, viewer, pool)


@router.post("/brain/analyse")
def analyse_now(request: Request, viewer: ViewerDep, pool: PoolDep, _: CsrfDep) -> Response:
    """Queue an analysis; 429 (with the wait) when the last one is only minutes old."""
    with pool.connection() as conn:
        asked = jobs.ask_now(conn, viewer.client_id, now=datetime.now(UTC))
    bt = brain_text(viewer.language)
    if asked.outcome == "too_soon":
        minutes = max(1, -(-asked.wait_seconds // 60))
        response = _page(request, viewer, pool, status_code=429, error=bt["too_soon"].format(minutes=minutes))
        response.headers["Retry-After"] = str(asked.wait_seconds)
        return response
    flash(viewer.session, bt["queued"] if asked.outcome == "queued" else bt["running"], "success")
    return redirect(request, PATH)
