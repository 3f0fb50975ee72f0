"""A/B tests end to end: calls recorded by arm, the hourly job concluding on the figures and
promoting the winner (the next calls read it), the end without a winner, a stop by hand."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import psycopg
import pytest

from bot.core.db import service_transaction
from bot.core.prompts import PromptSpec
from bot.core.services import Services
from bot.prompts import abtests, registry
from bot.prompts.jobs import CHECK_JOB, check_tests, job_handlers
from bot.prompts.registry import PromptError
from tests.bot.prompts.conftest import record_calls, register


def start(conn: psycopg.Connection, spec: PromptSpec, **options: object) -> abtests.ABTest:
    with service_transaction(conn):
        registry.add_version(conn, name=spec.name, text=spec.text + " Answer in JSON only.", by="boss")
        return abtests.start_test(conn, name=spec.name, version=2, by="boss@agence.test", **options)  # type: ignore[arg-type]


def test_a_significantly_better_treatment_wins_and_is_promoted(services: Services, conn: psycopg.Connection) -> None:
    spec = register(conn, "Classify the message.")
    test = start(conn, spec)
    assert (test.status, test.treatment_percentage, test.min_sample_size, test.significance_level,
            test.max_duration_days) == ("running", 50.0, 100, 0.05, 7)
    services.prompts.invalidate()
    record_calls(conn, test, arm="control", calls=130, good=80, refuted=30)  # 61.5 %
    record_calls(conn, test, arm="treatment", calls=99, good=90)  # 90.9 %, one call short of the sample
    assert check_tests(services)["concluded"] == []  # not enough calls in the treatment yet
    record_calls(conn, test, arm="treatment", calls=21, good=20)
    handlers = job_handlers(services)
    result = handlers[CHECK_JOB](None)  # type: ignore[arg-type]  # the hourly job
    assert result is not None and result["concluded"] == [
        {"test": str(test.id), "prompt": spec.name, "outcome": "winner", "winner": "treatment"}]
    with service_transaction(conn):
        done = abtests.get_test(conn, test.id)
        active = registry.get_active(conn, spec.name)
        scored = registry.get_version(conn, spec.name, 2)
    assert done is not None and active is not None and scored is not None
    assert (done.status, done.winner_version, active.version) == ("completed", 2, 2)
    assert done.p_value is not None and done.p_value < 0.05 and done.completed_at is not None
    assert done.control_metrics["calls"] == 130 and done.control_metrics["successes"] == 80
    assert done.treatment_metrics["calls"] == 120 and done.treatment_metrics["successes"] == 110
    assert done.conclusion is not None and done.conclusion.startswith("treatment wins")
    assert (scored.usage_count, scored.score) == (120, pytest.approx(110 / 120, abs=1e-3))  # refreshed
    # The promotion reaches the calls at once in this process.
    assert services.prompts.call(spec, subject="lead:x").text.endswith("Answer in JSON only.")


def test_a_test_without_a_clear_winner_ends_at_its_maximum_duration(services: Services,
                                                                    conn: psycopg.Connection) -> None:
    spec = register(conn, "Summarise the message.")
    test = start(conn, spec, treatment_percentage=20, max_duration_days=3)
    record_calls(conn, test, arm="control", calls=150, good=120)
    record_calls(conn, test, arm="treatment", calls=40, good=33)
    later = dataclasses.replace(services, clock=lambda: test.started_at + timedelta(days=3, minutes=1))  # type: ignore[operator]
    assert check_tests(later)["concluded"][0]["outcome"] == "no_winner"
    with service_transaction(conn):
        done = abtests.get_test(conn, test.id)
        active = registry.get_active(conn, spec.name)
    assert done is not None and active is not None
    assert (done.status, done.winner_version, active.version) == ("completed", None, 1)
    assert done.conclusion is not None and "fewer than 100 calls" in done.conclusion


def test_refused_tests_and_a_stop_by_hand(conn: psycopg.Connection) -> None:
    spec = register(conn, "Write the reply.")
    with service_transaction(conn):
        with pytest.raises(PromptError, match="active version"):
            abtests.start_test(conn, name=spec.name, version=1, by="boss")
        with pytest.raises(PromptError, match="no version 9"):
            abtests.start_test(conn, name=spec.name, version=9, by="boss")
    test = start(conn, spec, treatment_percentage=30)
    with service_transaction(conn):
        for field, options in (("treatment_percentage", {"treatment_percentage": 100}),
                               ("significance_level", {"significance_level": 0}),
                               ("max_duration_days", {"max_duration_days": 0})):
            with pytest.raises(PromptError) as refused:
                abtests.start_test(conn, name=spec.name, version=2, by="boss", **options)  # type: ignore[arg-type]
            assert refused.value.field == field
        with pytest.raises(PromptError, match="already running"):
            abtests.start_test(conn, name=spec.name, version=2, by="boss")
    record_calls(conn, test, arm="control", calls=10, good=9)
    with service_transaction(conn):
        stopped = abtests.stop_test(conn, test.id, by="boss@agence.test")
        with pytest.raises(PromptError, match="not running"):
            abtests.stop_test(conn, test.id, by="boss")
        active = registry.get_active(conn, spec.name)
    assert stopped.status == "cancelled" and stopped.control_metrics["calls"] == 10
    assert stopped.conclusion is not None and "stopped by boss@agence.test" in stopped.conclusion
    assert active is not None and active.version == 1
