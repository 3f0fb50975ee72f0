"""The registry: seeded from the code's texts, edited as new versions with their history kept,
activated, read by every call through a short per-process cache, sticky A/B assignment."""

from __future__ import annotations

import uuid
from collections import Counter

import psycopg
import pytest

from agents.outreach.prompts import PERSONAL_SYSTEM
from agents.prompts import FAQ, UNDERSTAND
from agents.translation import SYSTEM as TRANSLATE_SYSTEM
from bot.core.db import service_transaction
from bot.core.prompts import PromptSpec, assign_arm, placeholders
from bot.core.services import Services
from bot.lead_platform.copilot.prompts import COPILOT
from bot.lead_platform.enrichment.prompts import LEAD_ANALYSIS, LEAD_REPLY
from bot.lead_platform.intelligence.prompts import GROWTH_INSIGHTS
from bot.lead_platform.prospects.prompts import FORM_TEST_TONE
from bot.prompts import abtests, registry
from bot.prompts.meta import EVOLVE
from bot.prompts.registry import PromptError
from tests.bot.prompts.conftest import register

# Every prompt the service sends to an LLM, as the code writes it.
CODE_TEXTS = {spec.name: spec.text for spec in (UNDERSTAND, FAQ, LEAD_ANALYSIS, LEAD_REPLY, FORM_TEST_TONE, EVOLVE,
                                                COPILOT)}
CODE_TEXTS |= {"outreach_personal": PERSONAL_SYSTEM, "translate": TRANSLATE_SYSTEM}
CODE_TEXTS[GROWTH_INSIGHTS.name] = GROWTH_INSIGHTS.text  # seeded by migration 0022


def test_every_prompt_is_seeded_active_from_the_code(conn: psycopg.Connection) -> None:
    with service_transaction(conn):
        active = {v.name: v for v in registry.active_versions(conn) if not v.name.startswith("t_")}
    assert set(active) == set(CODE_TEXTS), "list each seeded prompt in CODE_TEXTS with the code's text"
    for name, text in CODE_TEXTS.items():
        assert active[name].text == text, f"{name}: the code's text and migration 0020's differ"
        assert (active[name].version, active[name].variant_id) == (1, f"{name}-v1")
        assert active[name].placeholders == placeholders(text)
    assert active["faq"].placeholders == ["formal", "language_name"]
    assert active["prompt_evolution"].parameters == {"temperature": 0.7, "max_tokens": 1500}


def test_an_edit_is_a_new_version_and_the_history_is_kept(conn: psycopg.Connection) -> None:
    spec = register(conn, "Reply in {language_name}, in 1-3 short sentences.")
    with service_transaction(conn):
        v2 = registry.add_version(conn, name=spec.name, text=spec.text.replace("1-3", "1-2"),
                                  parameters='{"temperature": 0}', note="shorter", by="boss@agence.test")
        assert (v2.version, v2.is_active, v2.parameters) == (2, False, {"temperature": 0.0})
        assert v2.variant_id == f"{spec.name}-v2" and v2.placeholders == ["language_name"]
        assert registry.get_active(conn, spec.name).version == 1  # type: ignore[union-attr]
        registry.activate_version(conn, name=spec.name, version=2)
        history = registry.history(conn, spec.name)
    assert [(v.version, v.is_active) for v in history] == [(2, True), (1, False)]
    assert history[1].text == spec.text and history[0].change_note == "shorter"
    assert history[0].created_by == "boss@agence.test" and history[0].activated_at is not None


def test_edits_the_code_could_not_use_are_refused_naming_the_field(conn: psycopg.Connection) -> None:
    spec = register(conn, "Reply in {language_name}.")
    cases = [
        ("Reply in {language}.", None, "text", "unknown placeholder {language}"),
        ('Answer as JSON: {"a": 1} in {language_name}', None, "text", "must be doubled"),
        ("Reply {", None, "text", "must be doubled"),
        ("   ", None, "text", "cannot be empty"),
        (spec.text, None, "text", "identical"),
        ("Reply in {language_name}!", '{"temperature": 3}', "parameters", "from 0 to 2"),
        ("Reply in {language_name}!", '{"seed": 1}', "parameters", "unknown parameter"),
        ("Reply in {language_name}!", "[1]", "parameters", "JSON object"),
        ("Reply in {language_name}!", "temperature=1", "parameters", "not JSON"),
    ]
    for text, parameters, field, says in cases:
        with service_transaction(conn), pytest.raises(PromptError) as refused:
            registry.add_version(conn, name=spec.name, text=text, parameters=parameters, by="boss")
        assert (refused.value.field, says in refused.value.message) == (field, True), (text, refused.value)
    with service_transaction(conn), pytest.raises(PromptError, match="no prompt named"):
        registry.add_version(conn, name="nope", text="x", by="boss")
    # Doubled braces are literal text, and the code's own placeholders are fine.
    with service_transaction(conn):
        ok = registry.add_version(conn, name=spec.name, text='As JSON {{"a": 1}} in {language_name}.', by="boss")
    assert ok.text.format(language_name="French") == 'As JSON {"a": 1} in French.'


def test_calls_read_the_active_version_and_an_edit_reaches_them_after_invalidate(
    services: Services, conn: psycopg.Connection
) -> None:
    spec = register(conn, "Answer in {language_name}.", parameters={"temperature": 0.2})
    call = services.prompts.call(spec, subject="member:1")
    assert call.variant is not None and (call.variant.version, call.parameters) == (1, {"temperature": 0.2})
    assert call.system(language_name="French") == "Answer in French."
    with service_transaction(conn):
        registry.add_version(conn, name=spec.name, text="Answer briefly in {language_name}.",
                             parameters='{"temperature": 0.5}', by="boss", activate=True)
    assert services.prompts.call(spec).text == spec.text  # cached for a few seconds in this process...
    services.prompts.invalidate()  # ...unless the change was made here (the console invalidates)
    call = services.prompts.call(spec)
    assert (call.text, call.parameters) == ("Answer briefly in {language_name}.", {"temperature": 0.5})


def test_a_prompt_missing_from_the_registry_falls_back_to_the_code_and_says_so(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    spec = PromptSpec("not_registered", "Be {adjective}.")
    call = services.prompts.call(spec, subject="member:1")
    assert (call.text, call.variant) == ("Be {adjective}.", None)
    assert "no active version in prompt_registry" in caplog.text


def test_assignment_is_sticky_per_subject_and_follows_the_split() -> None:
    test_id = uuid.uuid4()
    subjects = [f"lead:{uuid.uuid4()}" for _ in range(4000)]
    first = [assign_arm(test_id, s, 20) for s in subjects]
    assert first == [assign_arm(test_id, s, 20) for s in subjects]  # the same arm at every call
    assert 0.17 < Counter(first)["treatment"] / len(subjects) < 0.23
    assert first != [assign_arm(uuid.uuid4(), s, 20) for s in subjects]  # another test, another draw


def test_during_a_test_each_subject_reads_its_arm(services: Services, conn: psycopg.Connection) -> None:
    spec = register(conn, "Read the message.")
    with service_transaction(conn):
        registry.add_version(conn, name=spec.name, text="Read the message. Be brief.", by="boss")
        test = abtests.start_test(conn, name=spec.name, version=2, by="boss", treatment_percentage=50)
        with pytest.raises(PromptError, match="A/B test is running"):
            registry.activate_version(conn, name=spec.name, version=2)
    services.prompts.invalidate()
    calls = [services.prompts.call(spec, subject=f"member:{n}") for n in range(200)]
    arms = Counter(c.arm for c in calls)
    assert arms["control"] > 60 and arms["treatment"] > 60
    for c in calls:
        assert c.test_id == test.id and c.text.endswith("Be brief.") == (c.arm == "treatment")
    again = services.prompts.call(spec, subject="member:7")
    assert again.arm == calls[7].arm  # sticky
    anonymous = services.prompts.call(spec)  # a call about no one in particular: the active version
    assert anonymous.test_id is None and anonymous.text == spec.text
