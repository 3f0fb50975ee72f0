"""From the lead figures (aggregates from SQL) to a Growth Brain's numbers: shares, trends,
the sentiment score, the engagement score and the forecast. Pure functions over a few
dozen counts; the documented formulas live here and only here.

**Tone sentiment score (0-100).** The leads' tones weighted by how favourable and
business-like they are, averaged over the leads with a tone:
Friendly 100, Professional 90, Curious 75, Formal 70, Neutral 50, Urgent 40 (pressure
rather than ill will), Frustrated 0; a tone outside this list counts as Neutral.

**Urgency trend (points).** The share of high-urgency leads among the last 7 days' leads,
minus the same share the 7 days before, in percentage points (so a few leads never make
a +900 %); none when either window has no lead with an urgency.

**Engagement score (0-100)**, from what the tables record of the business and its leads:

    engagement = 100 x (0.35 F + 0.20 S + 0.30 C + 0.15 R) / (sum of the weights used)

- F, follow-up: leads the business acted on (tagged, converted, noted, archived… any
  action the service did not record by itself) / analysed leads;
- S, speed: of those, the ones first acted on within 24 h of arriving;
- C, conversion: (leads converted now / analysed leads) / 0.20, at most 1 — a fifth of
  inbound leads converted is already a strong result; a reverted conversion does not
  count;
- R, replies: leads that answered an outreach e-mail / leads sent one.
A component with nothing to measure (S when no lead was handled, R when no lead was
e-mailed) is left out and the others' weights rescaled.

**Forecast.** Leads expected in the next 7 days: the mean of the last 4 weekly windows
(fewer when the first lead is more recent), rounded.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.lead_platform.intelligence.brain import (
    URGENCY_KEYS,
    Brain,
    Engagement,
    IntentShare,
    ToneShare,
    WeekPoint,
)
from bot.lead_platform.store.growth_brain import Activity, LeadFigures

TOP_INTENTS = 5
TONE_SENTIMENT: dict[str, int] = {"Friendly": 100, "Professional": 90, "Curious": 75, "Formal": 70,
                                  "Neutral": 50, "Urgent": 40, "Frustrated": 0}
NEUTRAL = 50
WEIGHTS = {"follow_up": 0.35, "speed": 0.20, "conversion": 0.30, "replies": 0.15}
CONVERSION_TARGET = 0.20
FORECAST_WEEKS = 4


def rounded(value: float, digits: int = 1) -> float:
    """Half away from zero, as PostgreSQL's numeric and a reader round (not Python's half-even)."""
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> float:
    return rounded(100 * part / whole) if whole else 0.0


def sentiment_score(tones: Mapping[str, int]) -> float | None:
    """The tones' weighted mean on the scale above; None without any tone."""
    leads = sum(tones.values())
    if not leads:
        return None
    return rounded(sum(TONE_SENTIMENT.get(tone, NEUTRAL) * n for tone, n in tones.items()) / leads, 2)


def engagement(activity: Activity, *, leads: int) -> Engagement:
    """The engagement score and its parts (formula in the module's docstring)."""
    if not leads:
        return Engagement(score=None)
    parts: dict[str, float | None] = {
        "follow_up": activity.handled / leads,
        "speed": activity.handled_within_day / activity.handled if activity.handled else None,
        "conversion": min(1.0, activity.converted / leads / CONVERSION_TARGET),
        "replies": activity.replied / activity.emailed if activity.emailed else None,
    }
    used = {k: v for k, v in parts.items() if v is not None}
    score = 100 * sum(WEIGHTS[k] * v for k, v in used.items()) / sum(WEIGHTS[k] for k in used)
    return Engagement(
        score=rounded(score, 2), handled=activity.handled, untouched=leads - activity.handled,
        handled_within_day=activity.handled_within_day, converted=activity.converted, reverted=activity.reverted,
        emailed=activity.emailed, replied=activity.replied, follow_up_rate=percent(activity.handled, leads),
        speed_rate=percent(activity.handled_within_day, activity.handled) if activity.handled else None,
        conversion_rate=percent(activity.converted, leads),
        reply_rate=percent(activity.replied, activity.emailed) if activity.emailed else None,
    )


def urgency_trend(figures: LeadFigures) -> float | None:
    """Percentage points of high urgency, last 7 days against the 7 before."""
    this, before = figures.weeks[0], figures.weeks[1]
    if not (this.with_urgency and before.with_urgency):
        return None
    return rounded(100 * this.high_urgency / this.with_urgency - 100 * before.high_urgency / before.with_urgency)


def forecast(figures: LeadFigures, *, now: datetime) -> int | None:
    """Leads expected in the next 7 days (module docstring); None without any lead."""
    if not figures.total or figures.first_lead_at is None:
        return None
    age_weeks = (now - figures.first_lead_at) // timedelta(days=7) + 1
    span = max(1, min(FORECAST_WEEKS, age_weeks))
    return int(rounded(sum(w.leads for w in figures.weeks[:span]) / span, 0))


def leads_trend(figures: LeadFigures) -> float | None:
    """Percent change of the leads of the last 4 weeks against the 4 before; None when those had none."""
    last = sum(w.leads for w in figures.weeks[:FORECAST_WEEKS])
    before = sum(w.leads for w in figures.weeks[FORECAST_WEEKS:2 * FORECAST_WEEKS])
    return rounded(100 * (last - before) / before) if before else None


def compute(figures: LeadFigures, *, client_id: uuid.UUID, language: str, now: datetime) -> Brain:
    """A Growth Brain's numbers (insights are written afterwards from them)."""
    analysed = sum(i.leads for i in figures.intents)
    with_tone = sum(t.leads for t in figures.tones)
    with_urgency = sum(figures.urgencies.values())
    with_language = sum(figures.languages.values())
    urgency = {key: figures.urgencies.get(level, 0) for level, key in URGENCY_KEYS.items()}
    return Brain(
        client_id=client_id, language=language, period_start=figures.first_lead_at, period_end=now,
        total_leads=figures.total, unanalysed=figures.unanalysed,
        top_intents=tuple(IntentShare(intent=i.value, label=(i.label_fr or i.value) if language == "fr" else i.value,
                                      label_fr=i.label_fr or i.value, category=i.category, leads=i.leads,
                                      percent=percent(i.leads, analysed)) for i in figures.intents[:TOP_INTENTS]),
        urgency=urgency, urgency_percent={k: percent(n, with_urgency) for k, n in urgency.items()},
        urgency_trend_points=urgency_trend(figures),
        tones=tuple(ToneShare(tone=t.value, leads=t.leads, percent=percent(t.leads, with_tone))
                    for t in figures.tones),
        sentiment_score=sentiment_score({t.value: t.leads for t in figures.tones}),
        avg_confidence=None if figures.avg_confidence is None else rounded(figures.avg_confidence, 3),
        trajectory=tuple(
            WeekPoint(week_start=(now - timedelta(days=7 * (w.weeks_ago + 1))).date(), leads=w.leads,
                      avg_confidence=None if w.avg_confidence is None else rounded(w.avg_confidence, 3))
            for w in reversed(figures.weeks)),
        language_ratio={lang: percent(n, with_language) for lang, n in sorted(figures.languages.items())},
        engagement=engagement(figures.activity, leads=figures.total),
        leads_last_week=figures.weeks[0].leads, forecast_next_week=forecast(figures, now=now),
        leads_trend_percent=leads_trend(figures), analyzed_at=now,
    )
