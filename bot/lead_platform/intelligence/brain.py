"""What a Growth Brain holds: the figures of one client's leads and the insights written from
them, as the page, the Copilot and the insight writers read it (one `growth_brain` row)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

URGENCY_KEYS = {"Élevée": "high", "Moyenne": "medium", "Faible": "low"}  # stored level -> JSON key


@dataclass(frozen=True)
class IntentShare:
    intent: str  # as stored: the English label
    label: str  # from intent_translations, in the client's language
    label_fr: str  # from intent_translations (the intent itself when the table lacks it)
    category: str | None
    leads: int
    percent: float  # of the analysed leads

    def label_in(self, language: str) -> str:
        return self.label_fr if language == "fr" else self.intent


@dataclass(frozen=True)
class ToneShare:
    tone: str
    leads: int
    percent: float


@dataclass(frozen=True)
class WeekPoint:
    """One 7-day window of the trajectory (oldest first in a Brain)."""

    week_start: date
    leads: int
    avg_confidence: float | None  # None: no lead analysed that week


@dataclass(frozen=True)
class Engagement:
    """The engagement score and what it is made of (bot/lead_platform/intelligence/scores.py)."""

    score: float | None
    handled: int = 0
    untouched: int = 0
    handled_within_day: int = 0
    converted: int = 0
    reverted: int = 0
    emailed: int = 0
    replied: int = 0
    follow_up_rate: float | None = None  # percent of leads handled
    speed_rate: float | None = None  # percent of handled leads handled within the day
    conversion_rate: float | None = None  # percent of leads converted
    reply_rate: float | None = None  # percent of e-mailed leads that replied


@dataclass(frozen=True)
class Insights:
    """Observations and recommendations, each in French and English; `engine`: "rules" or
    "llm:<model>"."""

    fr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    recommendations_fr: tuple[str, ...] = ()
    recommendations_en: tuple[str, ...] = ()
    engine: str = "rules"

    def of(self, language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(insights, recommendations) in a reader's language."""
        if language == "fr":
            return self.fr, self.recommendations_fr
        return self.en, self.recommendations_en

    def to_json(self) -> dict[str, Any]:
        return {"en": {"insights": list(self.en), "recommendations": list(self.recommendations_en)},
                "fr": {"insights": list(self.fr), "recommendations": list(self.recommendations_fr)},
                "engine": self.engine}

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Insights:
        en, fr = value.get("en") or {}, value.get("fr") or {}
        return cls(fr=tuple(fr.get("insights") or ()), en=tuple(en.get("insights") or ()),
                   recommendations_fr=tuple(fr.get("recommendations") or ()),
                   recommendations_en=tuple(en.get("recommendations") or ()), engine=value.get("engine") or "rules")

    def texts(self) -> Iterator[str]:
        yield from (*self.fr, *self.en, *self.recommendations_fr, *self.recommendations_en)


@dataclass(frozen=True)
class Brain:
    """One client's Growth Brain over its active leads at `analyzed_at`."""

    client_id: uuid.UUID
    language: str  # the client's: intent labels and the insight written first
    period_start: datetime | None  # the oldest analysed lead's arrival
    period_end: datetime
    total_leads: int
    unanalysed: int  # leads not enriched yet (no intent, tone or urgency)
    top_intents: tuple[IntentShare, ...]
    urgency: dict[str, int]  # {"high", "medium", "low"} -> leads
    urgency_percent: dict[str, float]  # the same, in percent of the leads with an urgency
    urgency_trend_points: float | None  # high-urgency share, last 7 days minus the 7 before
    tones: tuple[ToneShare, ...]
    sentiment_score: float | None  # 0-100
    avg_confidence: float | None  # 0-1
    trajectory: tuple[WeekPoint, ...]
    language_ratio: dict[str, float]  # percent
    engagement: Engagement
    leads_last_week: int
    forecast_next_week: int | None  # leads expected in the next 7 days
    leads_trend_percent: float | None  # last 4 weeks against the 4 before
    insights: Insights = field(default_factory=Insights)
    analyzed_at: datetime | None = None

    @property
    def engagement_score(self) -> float | None:
        return self.engagement.score

    def to_row(self) -> dict[str, Any]:
        """The growth_brain row (JSON columns as Python values)."""
        return {
            "client_id": self.client_id, "analysis_period_start": self.period_start,
            "analysis_period_end": self.period_end, "total_leads": self.total_leads,
            "top_intents": [asdict(i) for i in self.top_intents], "urgency_distribution": self.urgency,
            "urgency_trend_percentage": self.urgency_trend_points,
            "tone_distribution": [asdict(t) for t in self.tones], "tone_sentiment_score": self.sentiment_score,
            "avg_confidence": self.avg_confidence,
            "confidence_trajectory": [{**asdict(w), "week_start": w.week_start.isoformat()} for w in self.trajectory],
            "language_ratio": self.language_ratio, "engagement_score": self.engagement.score,
            "predictive_insights": self.insights.to_json(),
            "details": {"language": self.language, "unanalysed": self.unanalysed,
                        "urgency_percent": self.urgency_percent, "engagement": asdict(self.engagement),
                        "leads_last_week": self.leads_last_week, "forecast_next_week": self.forecast_next_week,
                        "leads_trend_percent": self.leads_trend_percent},
            "analyzed_at": self.analyzed_at or self.period_end,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Brain:
        details = row.get("details") or {}
        return cls(
            client_id=row["client_id"], language=details.get("language", "en"),
            period_start=row["analysis_period_start"], period_end=row["analysis_period_end"],
            total_leads=row["total_leads"], unanalysed=details.get("unanalysed", 0),
            top_intents=tuple(IntentShare(**i) for i in row["top_intents"]),
            urgency=_ordered(row["urgency_distribution"], 0),
            urgency_percent=_ordered(details.get("urgency_percent", {}), 0.0),
            urgency_trend_points=_float(row["urgency_trend_percentage"]),
            tones=tuple(ToneShare(**t) for t in row["tone_distribution"]),
            sentiment_score=_float(row["tone_sentiment_score"]), avg_confidence=_float(row["avg_confidence"]),
            trajectory=tuple(WeekPoint(week_start=date.fromisoformat(w["week_start"]), leads=w["leads"],
                                       avg_confidence=w["avg_confidence"]) for w in row["confidence_trajectory"]),
            language_ratio=dict(row["language_ratio"]),
            engagement=Engagement(**(details.get("engagement") or {"score": _float(row["engagement_score"])})),
            leads_last_week=details.get("leads_last_week", 0),
            forecast_next_week=details.get("forecast_next_week"),
            leads_trend_percent=details.get("leads_trend_percent"),
            insights=Insights.from_json(row["predictive_insights"] or {}), analyzed_at=row["analyzed_at"],
        )


def _ordered(levels: Mapping[str, Any], missing: Any) -> dict[str, Any]:
    """Urgency levels high, medium, low (JSONB keeps its keys in its own order)."""
    return {key: levels.get(key, missing) for key in URGENCY_KEYS.values()}


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
