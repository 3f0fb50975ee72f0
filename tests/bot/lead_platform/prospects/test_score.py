"""The automation-need score: 45–95, unknown inputs in the middle, evidence moving it either way."""

from __future__ import annotations

import itertools

import pytest

from bot.lead_platform.prospects.score import ScoreInputs, automation_need

FAST_AND_PERSONAL = ScoreInputs(test_status="completed", response_minutes=2, tone="personalized", site_read=True,
                                has_chat_widget=True, has_form=True, has_email=True, industry_reply_rate=0.0,
                                industry_contacted=50)
SILENT_AND_BARE = ScoreInputs(test_status="timeout", site_read=True, has_chat_widget=False, has_form=False,
                              has_email=False, industry_reply_rate=25.0, industry_contacted=50)


def test_the_extremes_are_45_and_95_and_nothing_known_is_70() -> None:
    assert automation_need(FAST_AND_PERSONAL) == (45, {"form_test": 0, "site": 0, "industry": 0})
    assert automation_need(SILENT_AND_BARE) == (95, {"form_test": 30, "site": 12, "industry": 8})
    assert automation_need(ScoreInputs())[0] == 70


@pytest.mark.parametrize(("minutes", "tone", "points"), [
    (0, "personalized", 0), (5, "personalized", 0), (6, "human", 8), (60, "robotic", 12),
    (61, "personalized", 12), (240, "human", 14), (241, "robotic", 24), (1440, "personalized", 18),
    (1441, "robotic", 30), (10_000, "human", 26),
])
def test_a_slower_or_more_generic_answer_raises_the_form_part(minutes: int, tone: str, points: int) -> None:
    score, parts = automation_need(ScoreInputs(test_status="completed", response_minutes=minutes, tone=tone))
    assert parts["form_test"] == points and score == 45 + points + 6 + 4


def test_form_outcomes_and_the_industry_rate() -> None:
    assert automation_need(ScoreInputs(test_status="failed"))[1]["form_test"] == 20
    assert automation_need(ScoreInputs(test_status="pending"))[1]["form_test"] == 15
    # An industry's rate counts once enough of its prospects were contacted, capped at 20 %.
    assert automation_need(ScoreInputs(industry_reply_rate=10.0, industry_contacted=19))[1]["industry"] == 4
    assert automation_need(ScoreInputs(industry_reply_rate=10.0, industry_contacted=20))[1]["industry"] == 4
    assert automation_need(ScoreInputs(industry_reply_rate=5.0, industry_contacted=20))[1]["industry"] == 2
    assert automation_need(ScoreInputs(industry_reply_rate=80.0, industry_contacted=20))[1]["industry"] == 8
    # A site not read yet counts as the middle; once read, each missing channel adds.
    assert automation_need(ScoreInputs(site_read=True, has_chat_widget=False, has_form=True, has_email=True)
                           )[1]["site"] == 6


def test_every_combination_stays_within_45_and_95() -> None:
    for status, minutes, tone, read, chat, form, email, rate in itertools.product(
            (None, "pending", "completed", "failed", "timeout"), (0, 30, 300, 5000), ("personalized", "robotic"),
            (False, True), (False, True), (False, True), (False, True), (None, 0.0, 50.0)):
        score, parts = automation_need(ScoreInputs(
            test_status=status, response_minutes=minutes, tone=tone, site_read=read, has_chat_widget=chat,
            has_form=form, has_email=email, industry_reply_rate=rate, industry_contacted=100))
        assert 45 <= score <= 95 and score == 45 + sum(parts.values())
