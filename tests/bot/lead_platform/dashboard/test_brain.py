"""The Growth Brain page: empty state, "Analyse now" (CSRF, the queued job, the wait between two),
the analysis shown with its charts in each client's language, and no other client's figures."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings

from bot.core.db import open_pool
from bot.core.queue import claim, complete
from bot.core.services import Services
from bot.core.settings import Settings
from bot.lead_platform.intelligence import analyse_client, jobs
from tests.bot.lead_platform.dashboard.test_dashboard import csrf_of, sign_in
from tests.bot.lead_platform.intelligence.brainkit import add_lead, fill
from tests.bot.lead_platform.leadkit import Tenant


def run_queued_analysis(conn: psycopg.Connection, settings: Settings) -> dict[str, Any]:
    """What a worker does with the queued job."""
    job = claim(conn, types=[jobs.JOB], worker="test", lease=30)
    assert job is not None
    services = Services(settings=settings, pool=open_pool(settings.database_url or "", max_size=1),
                        database_url=settings.database_url or "", embedder=FakeEmbeddings(size=8))
    try:
        result = jobs.run(services, job)
    finally:
        services.pool.close()
    assert complete(conn, job.id, worker="test", result=result)
    return result


def test_the_page_from_empty_to_analysed(api: TestClient, conn: psycopg.Connection, alpha: Tenant, beta: Tenant,
                                         settings: Settings) -> None:
    fill(conn, alpha, datetime.now(UTC))
    add_lead(conn, beta.client_id, at=datetime.now(UTC) - timedelta(days=1), intent="Job application",
             urgency="Faible", tone="Formal", language="en", confidence=0.9)
    assert sign_in(api, alpha)[0] == 303
    empty = api.get("/dashboard/brain")
    assert empty.status_code == 200 and 'id="kpis"' not in empty.text
    assert "Pas encore d'analyse" in html.unescape(empty.text)
    assert 'href="/dashboard/brain"' in empty.text  # in the menu
    assert api.post("/dashboard/brain/analyse", data={"csrf_token": "forged"}).status_code == 403

    queued = api.post("/dashboard/brain/analyse", data={"csrf_token": csrf_of(empty.text)}, follow_redirects=False)
    assert queued.status_code == 303 and queued.headers["location"] == "/dashboard/brain"
    waiting = html.unescape(api.get("/dashboard/brain").text)
    assert "L'analyse est lancée" in waiting and 'http-equiv="refresh"' in waiting
    assert "Analyser maintenant" not in waiting  # one analysis at a time
    again = api.post("/dashboard/brain/analyse", data={"csrf_token": csrf_of(waiting)}, follow_redirects=False)
    assert again.status_code == 303  # joins the one waiting
    assert conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = %s", (jobs.JOB,)).fetchone() == {"n": 1}

    assert run_queued_analysis(conn, settings) == {"client_id": str(alpha.client_id), "total_leads": 12,
                                                   "engine": "rules"}
    page = api.get("/dashboard/brain")
    text = html.unescape(page.text)
    assert page.status_code == 200 and 'http-equiv="refresh"' not in text
    for section in ("kpis", "insights", "recommendations", "top-intents", "urgency", "tones", "weeks", "languages",
                    "engagement"):
        assert f'id="{section}"' in text, section
    assert "Demande de tarifs" in text and "Réclamation" in text and "Candidature" not in text  # not beta's
    assert "« Demande de tarifs » arrive en tête : 4 leads, soit 36,4 % des leads analysés." in text
    assert "46,67" in text and "60,45" in text and "Mécontent" in text and 'class="bar-fill' in text
    assert text.count('class="col"') == 12 and "<polyline" in text  # the weeks and the confidence line
    assert "style=" not in text  # the Content-Security-Policy allows no inline style

    too_soon = api.post("/dashboard/brain/analyse", data={"csrf_token": csrf_of(text)})
    assert too_soon.status_code == 429 and "Réessayez dans 5 min" in too_soon.text
    assert int(too_soon.headers["retry-after"]) <= 300 and 'id="kpis"' in too_soon.text


    # Beta reads its own brain, in English.
    for days in (2, 9):
        add_lead(conn, beta.client_id, at=datetime.now(UTC) - timedelta(days=days), intent="Quote request",
                 urgency="Moyenne", tone="Professional", language="en", confidence=0.8)
    analyse_client(conn, beta.client_id)
    api.cookies.clear()
    assert sign_in(api, beta)[0] == 303
    english = html.unescape(api.get("/dashboard/brain").text)
    assert "Growth Brain" in english and "Analyse now" in english and "What to do next" in english
    assert "“Quote request” comes first: 2 leads, 66.7% of those analysed." in english
    assert "Job application" in english and "Demande de tarifs" not in english and "Pricing request" not in english
