"""The offline insight writer: a client's Growth Brain read by fixed rules, in French and
English, every figure quoted from the Brain (messages.py holds the sentences).

The thresholds say when a figure is worth a line: what a business owner would want pointed
out, not everything the page already shows."""

from __future__ import annotations

from bot.lead_platform.intelligence.brain import Brain, Insights
from bot.lead_platform.intelligence.messages import CLIENT, LANGUAGE_NAMES, say, signed

LANGUAGES = ("fr", "en")
URGENT_SHARE = 25.0  # percent of leads needing an answer today that calls for a rule of thumb
URGENCY_MOVE = 5.0  # points of week-on-week change worth a sentence
SENTIMENT_GOOD, SENTIMENT_TENSE = 70.0, 40.0
LOW_CONFIDENCE = 0.6
CONFIDENCE_MOVE = 0.05  # first and last weekly confidence this far apart: the trajectory is told
MINORITY_LANGUAGE = 15.0  # percent writing in the other language
UNTOUCHED_SHARE = 0.3
SLOW_FOLLOW_UP = 50.0  # percent of handled leads handled within a day
CATEGORY_ADVICE = {"sales": "rec_sales", "support": "rec_support", "matchmaking": "rec_matchmaking",
                   "information": "rec_information", "relationship": "rec_relationship"}


def insights(brain: Brain) -> Insights:
    """Observations and recommendations in both languages."""
    written = {lang: _lines(brain, lang) for lang in LANGUAGES}
    return Insights(fr=tuple(written["fr"][0]), en=tuple(written["en"][0]),
                    recommendations_fr=tuple(written["fr"][1]), recommendations_en=tuple(written["en"][1]))


def _lines(brain: Brain, lang: str) -> tuple[list[str], list[str]]:
    said: list[str] = []
    advice: list[str] = []
    if not brain.total_leads:
        return [say(CLIENT, "no_leads", lang)], [say(CLIENT, "rec_no_leads", lang)]
    said.append(say(CLIENT, "volume", lang, total=brain.total_leads, last_week=brain.leads_last_week))
    if brain.forecast_next_week is not None:
        if brain.leads_trend_percent is not None:
            said.append(say(CLIENT, "forecast_trend", lang, count=brain.forecast_next_week,
                            forecast=brain.forecast_next_week, trend=signed(brain.leads_trend_percent, lang)))
        else:
            said.append(say(CLIENT, "forecast", lang, count=brain.forecast_next_week,
                            forecast=brain.forecast_next_week))
    if brain.unanalysed:
        said.append(say(CLIENT, "unanalysed", lang, count=brain.unanalysed, n=brain.unanalysed))
    _intents(brain, lang, said, advice)
    _urgency(brain, lang, said, advice)
    _tone(brain, lang, said, advice)
    _confidence(brain, lang, said, advice)
    _languages(brain, lang, said, advice)
    _engagement(brain, lang, said, advice)
    return said, advice


def _intents(brain: Brain, lang: str, said: list[str], advice: list[str]) -> None:
    if not brain.top_intents:
        return
    top = brain.top_intents[0]
    said.append(say(CLIENT, "top_intent", lang, count=top.leads, label=top.label_in(lang), leads=top.leads,
                    percent=top.percent))
    key = "rec_spam" if top.intent == "Spam" else CATEGORY_ADVICE.get(top.category or "")
    if key:
        advice.append(say(CLIENT, key, lang))


def _urgency(brain: Brain, lang: str, said: list[str], advice: list[str]) -> None:
    high = brain.urgency.get("high", 0)
    share = brain.urgency_percent.get("high", 0.0)
    if high:
        said.append(say(CLIENT, "urgency_high", lang, count=high, high=high, percent=share))
    trend = brain.urgency_trend_points
    if trend is not None and abs(trend) >= URGENCY_MOVE:
        said.append(say(CLIENT, "urgency_up" if trend > 0 else "urgency_down", lang, points=abs(trend)))
    if share >= URGENT_SHARE or (trend is not None and trend >= URGENCY_MOVE):
        advice.append(say(CLIENT, "rec_urgent", lang))


def _tone(brain: Brain, lang: str, said: list[str], advice: list[str]) -> None:
    score = brain.sentiment_score
    if score is not None:
        key = ("sentiment_good" if score >= SENTIMENT_GOOD
               else "sentiment_tense" if score < SENTIMENT_TENSE else "sentiment_mixed")
        said.append(say(CLIENT, key, lang, score=score))
    frustrated = next((t.leads for t in brain.tones if t.tone == "Frustrated"), 0)
    if frustrated:
        said.append(say(CLIENT, "frustrated", lang, count=frustrated, n=frustrated))
        advice.append(say(CLIENT, "rec_frustrated", lang))


def _confidence(brain: Brain, lang: str, said: list[str], advice: list[str]) -> None:
    if brain.avg_confidence is None:
        return
    said.append(say(CLIENT, "confidence", lang, percent=round(brain.avg_confidence * 100)))
    points = [w.avg_confidence for w in brain.trajectory if w.avg_confidence is not None]
    if len(points) >= 2 and abs(points[-1] - points[0]) >= CONFIDENCE_MOVE:
        said.append(say(CLIENT, "confidence_moved", lang, first=round(points[0] * 100),
                        last=round(points[-1] * 100)))
    if brain.avg_confidence < LOW_CONFIDENCE:
        advice.append(say(CLIENT, "rec_confidence", lang))


def _languages(brain: Brain, lang: str, said: list[str], advice: list[str]) -> None:
    other = "en" if brain.language == "fr" else "fr"
    share = brain.language_ratio.get(other, 0.0)
    if share >= MINORITY_LANGUAGE:
        said.append(say(CLIENT, "language", lang, percent=share, language_name=LANGUAGE_NAMES[lang][other]))
        advice.append(say(CLIENT, "rec_language", lang))


def _engagement(brain: Brain, lang: str, said: list[str], advice: list[str]) -> None:
    e = brain.engagement
    if e.score is None:
        return
    said.append(say(CLIENT, "engagement", lang, score=e.score, handled=e.handled, total=brain.total_leads,
                    converted=e.converted))
    if e.reverted:
        said.append(say(CLIENT, "reverted", lang, count=e.reverted, n=e.reverted))
    if e.untouched and e.untouched >= UNTOUCHED_SHARE * brain.total_leads:
        advice.append(say(CLIENT, "rec_untouched", lang, count=e.untouched, untouched=e.untouched))
    if e.speed_rate is not None and e.speed_rate < SLOW_FOLLOW_UP:
        advice.append(say(CLIENT, "rec_speed", lang, percent=e.speed_rate))
