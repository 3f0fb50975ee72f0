"""The Growth Brain's numbers against the hand-computed fixture (brainkit.py) and the rules'
insights quoting only them, tenant isolation under RLS, the stored row, the formulas alone."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import psycopg
import pytest

from bot.core.db import tenant_transaction
from bot.lead_platform.intelligence import analyse_client, read_brain
from bot.lead_platform.intelligence.brain import Engagement, WeekPoint
from bot.lead_platform.intelligence.figures import computed, invented
from bot.lead_platform.intelligence.scores import compute, engagement, sentiment_score
from bot.lead_platform.store.growth_brain import WEEKS, Activity, LeadFigures, Week, lead_figures
from tests.bot.lead_platform.intelligence.brainkit import add_lead, fill
from tests.bot.lead_platform.leadkit import Tenant, make_tenant

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def alpha(db_url: str) -> Tenant:
    return make_tenant(db_url, "alpha", language="fr")


@pytest.fixture
def beta(db_url: str) -> Tenant:
    return make_tenant(db_url, "beta", language="en")


def test_the_brain_matches_the_hand_computed_figures_and_its_insights_quote_them(
        conn: psycopg.Connection, alpha: Tenant, beta: Tenant) -> None:
    fill(conn, alpha, NOW)
    for days in (1, 2, 3, 4, 5):  # another client's leads: none of them may count
        add_lead(conn, beta.client_id, at=NOW - timedelta(days=days), intent="Pricing request", urgency="Élevée",
                 tone="Frustrated", language="en", confidence=0.1)
    brain = analyse_client(conn, alpha.client_id, now=NOW)

    assert (brain.total_leads, brain.unanalysed, brain.language) == (12, 1, "fr")
    assert brain.period_start == NOW - timedelta(days=40) and brain.period_end == NOW
    # 11 analysed leads: 4 pricing, 2 complaints, then ties of one taken by name.
    assert [(i.intent, i.label, i.leads, i.percent) for i in brain.top_intents] == [
        ("Pricing request", "Demande de tarifs", 4, 36.4), ("Complaint", "Réclamation", 2, 18.2),
        ("Appointment booking", "Rendez-vous ou réservation", 1, 9.1),
        ("Callback request", "Demande de rappel", 1, 9.1),
        ("Information request", "Demande d'information", 1, 9.1)]
    assert brain.top_intents[0].category == "sales"
    assert brain.urgency == {"high": 4, "medium": 3, "low": 4}
    assert brain.urgency_percent == {"high": 36.4, "medium": 27.3, "low": 36.4}
    # Last 7 days: 3 high of 4 with an urgency (75 %); the 7 before: 0 of 3.
    assert brain.urgency_trend_points == 75.0
    assert [(t.tone, t.leads, t.percent) for t in brain.tones] == [
        ("Friendly", 2, 18.2), ("Frustrated", 2, 18.2), ("Neutral", 2, 18.2), ("Professional", 2, 18.2),
        ("Curious", 1, 9.1), ("Formal", 1, 9.1), ("Urgent", 1, 9.1)]
    # (2x100 + 2x90 + 2x0 + 2x50 + 75 + 70 + 40) / 11
    assert brain.sentiment_score == 60.45
    assert brain.avg_confidence == 0.655  # 7.2 / 11
    assert len(brain.trajectory) == 12 and brain.trajectory[-1].week_start == (NOW - timedelta(days=7)).date()
    assert [(w.leads, w.avg_confidence) for w in brain.trajectory][-6:] == [
        (1, 0.7), (1, 0.3), (0, None), (2, 0.5), (3, 0.733), (5, 0.75)]
    assert brain.language_ratio == {"en": 25.0, "fr": 75.0}
    # Mean of the last 4 weeks (5, 3, 2, 0) = 2.5 -> 3; the 4 weeks before had 2 leads, these 10.
    assert (brain.leads_last_week, brain.forecast_next_week, brain.leads_trend_percent) == (5, 3, 400.0)
    # F 4/12, S 3/4, C (1/12)/0.2, R 1/2: 100 x (0.35 F + 0.2 S + 0.3 C + 0.15 R)
    assert brain.engagement == Engagement(
        score=46.67, handled=4, untouched=8, handled_within_day=3, converted=1, reverted=1, emailed=2, replied=1,
        follow_up_rate=33.3, speed_rate=75.0, conversion_rate=8.3, reply_rate=50.0)
    assert read_brain(conn, alpha.client_id) == brain  # what was stored is what was returned
    stored = conn.execute("SELECT * FROM growth_brain WHERE client_id = %s", (alpha.client_id,)).fetchone()
    assert stored is not None and stored["urgency_distribution"] == {"high": 4, "medium": 3, "low": 4}
    assert stored["top_intents"][0]["label"] == "Demande de tarifs"
    assert set(stored["predictive_insights"]) == {"en", "fr", "engine"}
    metric = conn.execute("SELECT event_type, metadata FROM performance_metrics WHERE source_component = "
                          "'growth_brain'").fetchone()
    assert metric == {"event_type": "ai_analysis", "metadata": {"leads": 12, "engine": "rules"}}
    # The rules' insights, in both languages, quote only computed figures.
    insights = brain.insights
    assert insights.engine == "rules" and len(insights.fr) == len(insights.en) >= 8
    assert len(insights.recommendations_fr) == len(insights.recommendations_en) >= 4
    figures = computed(brain)
    for text in insights.texts():
        assert invented(text, figures) == [], text
    assert "« Demande de tarifs » arrive en tête : 4 leads, soit 36,4 % des leads analysés." in insights.fr
    assert "“Pricing request” comes first: 4 leads, 36.4% of those analysed." in insights.en
    assert "Score d'engagement : 46,67/100 ; leads traités : 4 sur 12 ; convertis : 1." in insights.fr
    assert "1 conversion was reverted: note why on the lead, it shows what to improve." in insights.en
    assert any("75 points" in t for t in insights.en)  # the week-on-week urgency change
    assert any(t.startswith("Répondez d'abord aux leads urgents") for t in insights.recommendations_fr)
    assert not any(" tu " in f" {t.lower()} " for t in insights.texts())  # "vous" in French


def test_one_row_per_client_replaced_at_each_analysis_and_invisible_to_the_others(
        conn: psycopg.Connection, alpha: Tenant, beta: Tenant) -> None:
    assert read_brain(conn, alpha.client_id) is None
    empty = analyse_client(conn, alpha.client_id, now=NOW)
    assert (empty.total_leads, empty.sentiment_score, empty.engagement.score, empty.forecast_next_week) == (
        0, None, None, None)
    assert empty.insights.fr == ("Aucun lead actif à analyser pour l'instant.",)
    fill(conn, alpha, NOW)
    add_lead(conn, beta.client_id, at=NOW - timedelta(days=1), intent="Spam", urgency="Faible", language="en")
    # Asking for alpha's figures while beta is the tenant: RLS hides every row, whatever the query asks.
    with tenant_transaction(conn, beta.client_id):
        leaked = lead_figures(conn, client_id=alpha.client_id, now=NOW)
    assert (leaked.total, leaked.intents, leaked.activity) == (0, (), Activity())
    beta_brain = analyse_client(conn, beta.client_id, now=NOW)
    assert beta_brain.total_leads == 1 and [i.intent for i in beta_brain.top_intents] == ["Spam"]
    assert beta_brain.top_intents[0].label == "Spam"  # beta reads English
    analyse_client(conn, alpha.client_id, now=NOW)
    assert conn.execute("SELECT count(*) AS n FROM growth_brain").fetchone() == {"n": 2}  # one row per client
    with tenant_transaction(conn, beta.client_id):
        rows = conn.execute("SELECT client_id FROM growth_brain").fetchall()
    assert rows == [{"client_id": beta.client_id}]  # each seen only by its owner
    assert read_brain(conn, alpha.client_id).total_leads == 12  # type: ignore[union-attr]


def test_invented_figures_are_caught_and_written_figures_read_both_ways() -> None:
    nothing = LeadFigures(total=0, unanalysed=0, first_lead_at=None, avg_confidence=None, intents=(), tones=(),
                          urgencies={}, languages={}, weeks=tuple(Week(n) for n in range(WEEKS)), activity=Activity())
    brain = replace(compute(nothing, client_id=uuid.uuid4(), language="fr", now=NOW), avg_confidence=0.655)
    figures = computed(brain) | {Decimal("36.36"), Decimal("1234")}
    assert invented("36 % des leads, 36,4 % et 36.36 %", figures) == []
    assert invented("1 234 leads, 1,234 leads, 1234 leads", figures) == []
    assert invented("confiance 65,5 % (0,66)", figures) == []
    assert invented("environ 37 % de plus, 2027 leads", figures) == ["37", "2027"]
    assert invented("Top 5 sur 12 semaines, score sur 100", figures) == []


def test_the_formulas_on_their_own() -> None:
    assert sentiment_score({}) is None
    assert sentiment_score({"Friendly": 1, "Frustrated": 1}) == 50.0
    assert sentiment_score({"Sarcastic": 3}) == 50.0  # an unknown tone counts as neutral
    nobody_handled = engagement(Activity(converted=0), leads=4)
    assert (nobody_handled.score, nobody_handled.speed_rate) == (0.0, None)  # S and R left out
    all_converted = engagement(Activity(handled=2, handled_within_day=2, converted=2), leads=2)
    assert all_converted.score == 100.0  # C is capped at 1 above a fifth converted
    assert engagement(Activity(), leads=0).score is None
    assert WeekPoint(week_start=NOW.date(), leads=0, avg_confidence=None).leads == 0

