"""A/B tests of prompt versions: started by an admin, decided by the figures, the winner promoted.

A test sends a share of the calls (by subject, sticky: bot/core/prompts.py) to a
treatment version and the rest to the control, the version active when it started. The
hourly check concludes it when both arms have `min_sample_size` calls and the
two-proportion z-test (bot/prompts/stats.py) on their success rates gives
p < `significance_level`: the better arm wins, and a winning treatment becomes the active
version. At `max_duration_days` without that, it ends with no winner and the control stays.
Either way the figures of both arms, the p-value and a sentence saying why are recorded.

Every function runs in the caller's transaction, opened with `service_transaction`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import psycopg

from bot.core.connections import Conn
from bot.core.prompts import Arm
from bot.prompts import registry
from bot.prompts.registry import SUCCESS_SQL, Figures, PromptError
from bot.prompts.stats import ZTest, two_proportion_z_test

Status = Literal["draft", "running", "completed", "cancelled"]
DEFAULT_MIN_SAMPLE = 100
DEFAULT_SIGNIFICANCE = 0.05
DEFAULT_MAX_DAYS = 7


@dataclass(frozen=True)
class ABTest:
    id: uuid.UUID
    test_name: str
    prompt_name: str
    control_version: int
    treatment_version: int
    treatment_percentage: float
    min_sample_size: int
    max_duration_days: int
    significance_level: float
    status: Status
    control_metrics: dict[str, Any]
    treatment_metrics: dict[str, Any]
    p_value: float | None
    winner_version: int | None
    started_at: datetime | None
    completed_at: datetime | None
    started_by: str | None
    conclusion: str | None

    def ends_at(self) -> datetime | None:
        return self.started_at + timedelta(days=self.max_duration_days) if self.started_at else None


@dataclass(frozen=True)
class Decision:
    """What the figures say now: keep going, a winner, or the end without one."""

    outcome: Literal["continue", "winner", "no_winner"]
    winner: Arm | None
    test: ZTest | None
    conclusion: str


SELECT_SQL = """
SELECT t.id, t.test_name, t.prompt_name, c.variant_version AS control_version, r.variant_version AS treatment_version,
       t.treatment_traffic_percentage, t.min_sample_size, t.max_duration_days, t.significance_level, t.status,
       t.control_metrics, t.treatment_metrics, t.statistical_significance, w.variant_version AS winner_version,
       t.started_at, t.completed_at, t.started_by, t.conclusion
FROM prompt_ab_tests t
JOIN prompt_registry c ON c.id = t.control_variant_id
JOIN prompt_registry r ON r.id = t.treatment_variant_id
LEFT JOIN prompt_registry w ON w.id = t.winner_variant_id
"""


def _test(row: dict[str, Any]) -> ABTest:
    return ABTest(
        id=row["id"], test_name=row["test_name"], prompt_name=row["prompt_name"],
        control_version=row["control_version"], treatment_version=row["treatment_version"],
        treatment_percentage=float(row["treatment_traffic_percentage"]), min_sample_size=row["min_sample_size"],
        max_duration_days=row["max_duration_days"], significance_level=float(row["significance_level"]),
        status=row["status"], control_metrics=row["control_metrics"], treatment_metrics=row["treatment_metrics"],
        p_value=None if row["statistical_significance"] is None else float(row["statistical_significance"]),
        winner_version=row["winner_version"], started_at=row["started_at"], completed_at=row["completed_at"],
        started_by=row["started_by"], conclusion=row["conclusion"],
    )


def get_test(conn: Conn, test_id: uuid.UUID | str) -> ABTest | None:
    row = conn.execute(SELECT_SQL + " WHERE t.id = %s", (test_id,)).fetchone()
    return _test(row) if row else None


def list_tests(conn: Conn, *, name: str | None = None, limit: int = 50) -> list[ABTest]:
    """Tests, running first, then the most recent (of one prompt, or of all)."""
    rows = conn.execute(
        SELECT_SQL + """ WHERE %(name)s::text IS NULL OR t.prompt_name = %(name)s
        ORDER BY t.status = 'running' DESC, t.created_at DESC LIMIT %(limit)s""",
        {"name": name, "limit": limit}).fetchall()
    return [_test(r) for r in rows]


def running_tests(conn: Conn, *, lock: bool = False) -> list[ABTest]:
    """The running tests; with `lock`, those no other transaction is deciding (held to its end)."""
    query = SELECT_SQL + " WHERE t.status = 'running' ORDER BY t.started_at"
    return [_test(r) for r in conn.execute(query + (" FOR UPDATE OF t SKIP LOCKED" if lock else "")).fetchall()]


def start_test(conn: Conn, *, name: str, version: int, by: str, treatment_percentage: float = 50.0,
               min_sample_size: int = DEFAULT_MIN_SAMPLE, significance_level: float = DEFAULT_SIGNIFICANCE,
               max_duration_days: int = DEFAULT_MAX_DAYS) -> ABTest:
    """Test `version` of a prompt (the treatment) against its active version (the control)."""
    control = registry.get_active(conn, name)
    if control is None:
        raise PromptError("name", f"no prompt named {name!r}")
    treatment = registry.get_version(conn, name, version)
    if treatment is None:
        raise PromptError("version", f"{name} has no version {version}")
    if treatment.id == control.id:
        raise PromptError("version", "this is the active version: test another version against it")
    if not 1 <= treatment_percentage <= 99:
        raise PromptError("treatment_percentage", "from 1 to 99 (the share of subjects that read the treatment)")
    if not 1 <= min_sample_size <= 1_000_000:
        raise PromptError("min_sample_size", "from 1 to 1,000,000 calls per arm")
    if not 0 < significance_level <= 0.5:
        raise PromptError("significance_level", "above 0 and at most 0.5 (e.g. 0.05)")
    if not 1 <= max_duration_days <= 365:
        raise PromptError("max_duration_days", "from 1 to 365 days")
    if registry.running_test_id(conn, name) is not None:
        raise PromptError("name", "an A/B test is already running on this prompt")
    test_name = f"{name}-v{version}-vs-v{control.version}-{uuid.uuid4().hex[:8]}"
    try:
        with conn.transaction():
            row = conn.execute(
                """INSERT INTO prompt_ab_tests (test_name, prompt_name, control_variant_id, treatment_variant_id,
                       control_traffic_percentage, treatment_traffic_percentage, min_sample_size, max_duration_days,
                       significance_level, status, started_at, started_by)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'running', now(), %s) RETURNING id""",
                (test_name, name, control.id, treatment.id, 100 - treatment_percentage, treatment_percentage,
                 min_sample_size, max_duration_days, significance_level, by[:255]),
            ).fetchone()
    except psycopg.errors.UniqueViolation:  # another admin started one at the same moment
        raise PromptError("name", "an A/B test is already running on this prompt") from None
    assert row is not None
    found = get_test(conn, row["id"])
    assert found is not None
    return found


def arm_figures(conn: Conn, test_id: uuid.UUID | str) -> dict[Arm, Figures]:
    """Each arm's recorded calls since the test started."""
    rows = conn.execute(
        f"""SELECT p.test_arm AS arm, count(*) AS calls, count(*) FILTER (WHERE {SUCCESS_SQL}) AS successes,
                   count(*) FILTER (WHERE p.error_occurred) AS errors, avg(p.response_time_ms) AS avg_ms,
                   coalesce(sum(p.token_count), 0) AS tokens, sum(p.cost_usd) AS cost_usd
            FROM prompt_performance p LEFT JOIN feedback_tracking f ON f.id = p.feedback_id
            WHERE p.ab_test_id = %s AND p.test_arm IS NOT NULL GROUP BY p.test_arm""", (test_id,)).fetchall()
    found: dict[Arm, Figures] = {"control": Figures(), "treatment": Figures()}
    for r in rows:
        found[r["arm"]] = Figures(calls=r["calls"], successes=r["successes"], errors=r["errors"],
                                  avg_ms=None if r["avg_ms"] is None else float(r["avg_ms"]),
                                  tokens=int(r["tokens"]), cost_usd=None if r["cost_usd"] is None else float(r["cost_usd"]))
    return found


def evaluate(test: ABTest, control: Figures, treatment: Figures, *, now: datetime) -> Decision:
    """The decision the figures support now (pure: no database)."""
    enough = control.calls >= test.min_sample_size and treatment.calls >= test.min_sample_size
    result = _z_test(control, treatment)
    if enough and result is not None and result.p_value < test.significance_level:
        winner: Arm = "treatment" if result.difference > 0 else "control"
        return Decision("winner", winner, result, (
            f"{winner} wins: success {result.treatment_rate:.1%} (treatment, n={treatment.calls}) against "
            f"{result.control_rate:.1%} (control, n={control.calls}), z={result.z:.2f}, p={result.p_value:.4f} "
            f"< {test.significance_level:g}"))
    ends_at = test.ends_at()
    if ends_at is not None and now >= ends_at:
        if not enough:
            why = (f"fewer than {test.min_sample_size} calls in an arm (control {control.calls}, "
                   f"treatment {treatment.calls})")
        else:
            assert result is not None
            why = (f"no significant difference: {result.treatment_rate:.1%} against {result.control_rate:.1%}, "
                   f"p={result.p_value:.4f} >= {test.significance_level:g}")
        return Decision("no_winner", None, result,
                        f"no winner after {test.max_duration_days} days: {why}; the control stays active")
    return Decision("continue", None, result, "running")


def _z_test(control: Figures, treatment: Figures) -> ZTest | None:
    if not (control.calls and treatment.calls):
        return None
    return two_proportion_z_test(control_successes=control.successes, control_n=control.calls,
                                 treatment_successes=treatment.successes, treatment_n=treatment.calls)


def _p_value(figures: dict[Arm, Figures]) -> float | None:
    result = _z_test(figures["control"], figures["treatment"])
    return result.p_value if result else None


def _metrics(figures: Figures, version: int) -> str:
    return json.dumps({**figures.as_json(), "version": version})


def conclude(conn: Conn, test: ABTest, decision: Decision, figures: dict[Arm, Figures]) -> ABTest:
    """Record a decision (a winner or none) with its figures; promote a winning treatment."""
    assert decision.outcome != "continue"
    winner_version = {"treatment": test.treatment_version, "control": test.control_version}.get(decision.winner or "")
    winner = registry.get_version(conn, test.prompt_name, winner_version) if winner_version else None
    _finish(conn, test, status="completed", figures=figures, p_value=decision.test.p_value if decision.test else None,
            winner_id=winner.id if winner else None, conclusion=decision.conclusion)
    if decision.winner == "treatment":
        registry.activate_version(conn, name=test.prompt_name, version=test.treatment_version, during_test=True)
    found = get_test(conn, test.id)
    assert found is not None
    return found


def stop_test(conn: Conn, test_id: uuid.UUID | str, *, by: str) -> ABTest:
    """End a running test by hand: no winner, the control stays, the figures so far recorded."""
    test = get_test(conn, test_id)
    if test is None:
        raise PromptError("test", "no such A/B test")
    if test.status != "running":
        raise PromptError("test", f"this test is {test.status}, not running")
    figures = arm_figures(conn, test.id)
    _finish(conn, test, status="cancelled", figures=figures, p_value=_p_value(figures), winner_id=None,
            conclusion=f"stopped by {by[:100]} before a decision; the control stays active")
    found = get_test(conn, test.id)
    assert found is not None
    return found


def _finish(conn: Conn, test: ABTest, *, status: Status, figures: dict[Arm, Figures], p_value: float | None,
            winner_id: Any, conclusion: str) -> None:
    conn.execute(
        """UPDATE prompt_ab_tests SET status = %s, completed_at = now(), control_metrics = %s,
               treatment_metrics = %s, statistical_significance = %s, winner_variant_id = %s, conclusion = %s
           WHERE id = %s AND status = 'running'""",
        (status, _metrics(figures["control"], test.control_version),
         _metrics(figures["treatment"], test.treatment_version),
         None if p_value is None else round(p_value, 5), winner_id, conclusion, test.id),
    )
    # An evolution tested here learns how its child did.
    control, treatment = figures["control"], figures["treatment"]
    improvement = None
    if control.success_rate is not None and treatment.success_rate is not None:
        improvement = round(min(1.0, max(0.0, treatment.success_rate - control.success_rate)), 3)
    conn.execute("UPDATE prompt_evolution SET child_performance = %s, improvement_score = %s WHERE ab_test_id = %s",
                 (json.dumps(treatment.as_json()), improvement, test.id))


def check_running(conn: Conn, *, now: datetime) -> list[tuple[ABTest, Decision]]:
    """Conclude every running test the figures (or the calendar) decide; the others keep running."""
    decided = []
    for test in running_tests(conn, lock=True):  # the hourly job and `prompts ab check` never decide twice
        figures = arm_figures(conn, test.id)
        decision = evaluate(test, figures["control"], figures["treatment"], now=now)
        if decision.outcome != "continue":
            decided.append((conclude(conn, test, decision, figures), decision))
    return decided
