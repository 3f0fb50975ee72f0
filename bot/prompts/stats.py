"""The two-proportion z-test that decides an A/B test, with the normal distribution from the
standard library (math.erfc): no statistics package for one formula.

Each call of an arm is a Bernoulli trial (success as bot/prompts/registry.py SUCCESS_SQL
defines it). Under the null hypothesis both arms share one success rate, estimated by
pooling them; z is the difference of the two rates over its standard error, and the
p-value the two-sided tail beyond |z|. The normal approximation is fair when each arm has
at least a handful of successes and failures, which a minimum sample of 100 calls per arm
gives for rates between about 5 % and 95 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def normal_cdf(x: float) -> float:
    """P(Z <= x) for a standard normal Z."""
    return 0.5 * math.erfc(-x / math.sqrt(2))


def two_sided_p(z: float) -> float:
    """P(|Z| >= |z|)."""
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class ZTest:
    z: float
    p_value: float
    control_rate: float
    treatment_rate: float

    @property
    def difference(self) -> float:
        return self.treatment_rate - self.control_rate


def two_proportion_z_test(*, control_successes: int, control_n: int, treatment_successes: int,
                          treatment_n: int) -> ZTest:
    """z and its two-sided p-value for treatment against control (p = 1 when nothing varies)."""
    if control_n <= 0 or treatment_n <= 0:
        raise ValueError("each arm needs at least one call")
    p1, p2 = control_successes / control_n, treatment_successes / treatment_n
    pooled = (control_successes + treatment_successes) / (control_n + treatment_n)
    se = math.sqrt(pooled * (1 - pooled) * (1 / control_n + 1 / treatment_n))
    if se == 0:  # every call of both arms succeeded (or failed): no evidence of a difference
        return ZTest(0.0, 1.0, p1, p2)
    z = (p2 - p1) / se
    return ZTest(z, two_sided_p(z), p1, p2)
