"""The automation-need score (45–95, as the platform document sets it): how much a business
would gain from answering its enquiries automatically, i.e. how badly it answers them now.

    score = 45 + form test (0–30) + site (0–12) + industry (0–8)

Form test: how the business answered our test enquiry (the strongest evidence).
    no answer within the delay (timeout) ........................ 30
    answered: by delay  ≤ 5 min 0 · ≤ 1 h 6 · ≤ 4 h 12 · ≤ 24 h 18 · later 24
              plus tone personalized 0 · human 2 · robotic 6
    the form could not be filled or sent (failed) ............... 20  (a lead would struggle too)
    not tested yet, or waiting for the answer ................... 15  (unknown: the middle)
Site (read from the homepage): no chat widget 6, no contact form 4, no public e-mail 2;
    12 at most, and 6 (the middle) while the site is not read or could not be.
Industry: its observed reply rate to outreach, once MIN_CONTACTED prospects of that
    industry were contacted: 8 × min(rate, 20 %) / 20 % (an industry that answers
    outreach is one that wants this); 4 (the middle) before that.

Every part's unknown value is its middle, so a prospect known only by name scores 70 and
evidence moves it either way. The parts are stored with the score (automation_need_factors),
so the dashboard can say why. The score is recomputed whenever an input changes: site
facts read, a form test answered, timed out or failed, and the industry statistics
refreshed (the `prospect_scores` job).
"""

from __future__ import annotations

from dataclasses import dataclass

BASE, LOWEST, HIGHEST = 45, 45, 95
MIN_CONTACTED = 20  # below this, an industry's reply rate is noise
REPLY_RATE_CAP = 20.0  # % : a reply rate this high already earns the whole industry part

_DELAYS = ((5, 0), (60, 6), (240, 12), (1440, 18))  # (answered within minutes, points)
_LATE = 24
_TONES = {"personalized": 0, "human": 2, "robotic": 6, "none": 6}
FORM_UNKNOWN, FORM_FAILED, FORM_TIMEOUT = 15, 20, 30
SITE_UNKNOWN = 6
INDUSTRY_UNKNOWN = 4


@dataclass(frozen=True)
class ScoreInputs:
    """What the score reads; None where it is not known."""

    test_status: str | None = None  # latest form test: pending, completed, failed, timeout
    response_minutes: int | None = None
    tone: str | None = None
    site_read: bool = False
    has_chat_widget: bool | None = None
    has_form: bool = False
    has_email: bool = False
    industry_reply_rate: float | None = None  # %
    industry_contacted: int = 0


def form_points(inputs: ScoreInputs) -> int:
    if inputs.test_status == "timeout":
        return FORM_TIMEOUT
    if inputs.test_status == "failed":
        return FORM_FAILED
    if inputs.test_status != "completed" or inputs.response_minutes is None:
        return FORM_UNKNOWN
    delay = next((points for limit, points in _DELAYS if inputs.response_minutes <= limit), _LATE)
    return delay + _TONES.get(inputs.tone or "none", _TONES["none"])


def site_points(inputs: ScoreInputs) -> int:
    if not inputs.site_read:
        return SITE_UNKNOWN
    return 6 * (not inputs.has_chat_widget) + 4 * (not inputs.has_form) + 2 * (not inputs.has_email)


def industry_points(inputs: ScoreInputs) -> int:
    if inputs.industry_reply_rate is None or inputs.industry_contacted < MIN_CONTACTED:
        return INDUSTRY_UNKNOWN
    return round(8 * min(max(inputs.industry_reply_rate, 0.0), REPLY_RATE_CAP) / REPLY_RATE_CAP)


def automation_need(inputs: ScoreInputs) -> tuple[int, dict[str, int]]:
    """The score and its parts."""
    parts = {"form_test": form_points(inputs), "site": site_points(inputs), "industry": industry_points(inputs)}
    return max(LOWEST, min(HIGHEST, BASE + sum(parts.values()))), parts
