"""The A/B statistics against textbook values, and the decisions they lead to (no database)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from bot.prompts.abtests import ABTest, evaluate
from bot.prompts.registry import Figures
from bot.prompts.stats import normal_cdf, two_proportion_z_test, two_sided_p


@pytest.mark.parametrize(("x", "expected"), [
    (0.0, 0.5), (1.0, 0.8413), (1.645, 0.9500), (1.96, 0.9750), (2.326, 0.9900), (2.576, 0.9950), (-1.0, 0.1587),
])
def test_normal_cdf_matches_the_table(x: float, expected: float) -> None:
    assert normal_cdf(x) == pytest.approx(expected, abs=5e-5)


def test_two_sided_p_values_of_the_usual_critical_values() -> None:
    assert two_sided_p(1.96) == pytest.approx(0.05, abs=1e-4)
    assert two_sided_p(-2.576) == pytest.approx(0.01, abs=1e-4)
    assert two_sided_p(0.0) == 1.0


def test_two_proportion_z_test_on_a_textbook_example() -> None:
    """OpenIntro Statistics (4th ed., §6.2.3), the mammogram trial: 500 deaths of 44,925 in the
    mammogram group, 505 of 44,910 in the control group; z ≈ -0.17, p ≈ 0.87: no difference."""
    result = two_proportion_z_test(control_successes=505, control_n=44_910,
                                   treatment_successes=500, treatment_n=44_925)
    assert result.z == pytest.approx(-0.164, abs=0.01)
    assert result.p_value == pytest.approx(0.87, abs=0.01)


def test_two_proportion_z_test_by_hand() -> None:
    """200/1000 against 250/1000: pooled 0.225, SE = sqrt(.225·.775·2/1000) = 0.018675,
    z = 0.05 / 0.018675 = 2.677, p = 0.0074."""
    result = two_proportion_z_test(control_successes=200, control_n=1000, treatment_successes=250, treatment_n=1000)
    assert result.z == pytest.approx(2.677, abs=1e-3)
    assert result.p_value == pytest.approx(0.0074, abs=1e-4)
    assert result.difference == pytest.approx(0.05)


def test_arms_that_never_vary_give_no_evidence() -> None:
    assert two_proportion_z_test(control_successes=100, control_n=100, treatment_successes=50,
                                 treatment_n=50).p_value == 1.0
    with pytest.raises(ValueError):
        two_proportion_z_test(control_successes=0, control_n=0, treatment_successes=1, treatment_n=1)


START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def a_test() -> ABTest:
    return ABTest(id=uuid.uuid4(), test_name="t", prompt_name="faq", control_version=1, treatment_version=2,
                  treatment_percentage=50.0, min_sample_size=100, max_duration_days=7, significance_level=0.05,
                  status="running", control_metrics={}, treatment_metrics={}, p_value=None, winner_version=None,
                  started_at=START, completed_at=None, started_by="boss", conclusion=None)


def test_a_significant_difference_with_enough_calls_names_the_better_arm() -> None:
    decision = evaluate(a_test(), Figures(calls=120, successes=90), Figures(calls=130, successes=120),
                        now=START + timedelta(days=1))
    assert (decision.outcome, decision.winner) == ("winner", "treatment")
    assert decision.test is not None and decision.test.p_value < 0.05
    assert "treatment wins" in decision.conclusion and "n=130" in decision.conclusion
    worse = evaluate(a_test(), Figures(calls=120, successes=110), Figures(calls=120, successes=80),
                     now=START + timedelta(days=1))
    assert worse.winner == "control"


def test_too_few_calls_keep_the_test_running_until_its_last_day() -> None:
    # A large difference, but an arm below the minimum sample: no decision...
    control, treatment = Figures(calls=99, successes=20), Figures(calls=300, successes=290)
    assert evaluate(a_test(), control, treatment, now=START + timedelta(days=6)).outcome == "continue"
    # ...until the maximum duration, which ends it without a winner.
    late = evaluate(a_test(), control, treatment, now=START + timedelta(days=7))
    assert (late.outcome, late.winner) == ("no_winner", None)
    assert "fewer than 100 calls" in late.conclusion and "the control stays active" in late.conclusion


def test_no_significant_difference_at_the_end_is_no_winner() -> None:
    decision = evaluate(a_test(), Figures(calls=500, successes=450), Figures(calls=500, successes=455),
                        now=START + timedelta(days=8))
    assert decision.outcome == "no_winner" and "no significant difference" in decision.conclusion
    assert decision.test is not None and decision.test.p_value > 0.05
