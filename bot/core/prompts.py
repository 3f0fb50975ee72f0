"""Prompts as data: each LLM call reads its prompt from `prompt_registry`, not from the code.

A call site names its prompt with a `PromptSpec` (the registry name and the code's own
text) and asks the registry for a `PromptCall`: the active version's text and model
parameters, or, while an A/B test runs on that prompt, the version of the arm the call's
subject (a member, a lead, a prospect) is assigned to. The assignment is sticky: a hash
of the test and the subject, so one lead always reads the same variant. The registry is
read at most every `CACHE_SECONDS` per process (an admin's edit reaches every process
within that delay, this one at once); a prompt with no active row in the registry falls
back to the code's text, logged once per process.

The call's `config()` carries a callback that records it in `prompt_performance`
(bot/core/prompt_runs.py).
"""

from __future__ import annotations

import hashlib
import logging
import string
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import psycopg
from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel

from bot.core.connections import Pool
from bot.core.db import service_transaction
from bot.core.llm_metrics import llm_config

if TYPE_CHECKING:
    from bot.core.prompt_runs import Recorder

log = logging.getLogger(__name__)
Arm = Literal["control", "treatment"]
M = TypeVar("M")
# An admin's edit reaches the other processes within this delay (this one at once).
CACHE_SECONDS = 30.0
# The parameters a registry version may set on the chat model, with their bounds.
PARAMETER_BOUNDS: dict[str, tuple[float, float]] = {"temperature": (0.0, 2.0), "top_p": (0.0, 1.0),
                                                    "max_tokens": (1, 4000)}


@dataclass(frozen=True)
class PromptSpec:
    """A prompt the code sends: its name in the registry, and the code's text (seeded as
    version 1, and the fallback when the registry has no active version)."""

    name: str
    text: str

    def unrecorded(self) -> PromptCall:
        """The code's text, not recorded (a measurement or a test without a database)."""
        return PromptCall(name=self.name, text=self.text)


def placeholders(text: str) -> list[str]:
    """The `{fields}` a prompt text uses; ValueError when its braces do not parse."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})


@dataclass(frozen=True)
class Variant:
    """One version of a prompt in the registry."""

    id: uuid.UUID
    name: str
    variant_id: str
    version: int
    text: str
    parameters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunningTest:
    id: uuid.UUID
    control: Variant
    treatment: Variant
    treatment_percentage: float


def assign_arm(test_id: uuid.UUID | str, subject: str, treatment_percentage: float) -> Arm:
    """The arm a subject reads during a test, the same at every call (a hash, not a draw)."""
    digest = hashlib.sha256(f"{test_id}:{subject}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % 10_000  # 0.01 % steps
    return "treatment" if bucket < round(treatment_percentage * 100) else "control"


@dataclass(frozen=True)
class PromptCall:
    """One call of a prompt: the text and parameters to send, and who and what it is recorded as."""

    name: str
    text: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    variant: Variant | None = None  # None: the code's text
    test_id: uuid.UUID | None = None
    arm: Arm | None = None
    client_id: uuid.UUID | str | None = None
    subject: str | None = None  # "member:42", "lead:<uuid>", "prospect:<uuid>"
    execution_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    recorder: Recorder | None = None

    def system(self, **values: object) -> str:
        """The prompt's text with the call's values in its placeholders."""
        return self.text.format(**values)

    def model(self, chat_model: M) -> M:
        """The chat model with this version's parameters (a copy; the same model without any)."""
        if not self.parameters or not isinstance(chat_model, BaseModel):
            return chat_model
        fields = type(chat_model).model_fields
        update = {k: v for k, v in self.parameters.items() if k in fields}
        return chat_model.model_copy(update=update) if update else chat_model

    def config(self) -> RunnableConfig:
        """Invoke the model with this: counted by prompt (/metrics) and recorded (prompt_performance)."""
        config = llm_config(self.name)
        if self.recorder is not None:
            config["callbacks"] = [self.recorder.handler(self)]
        return config

    def judge(self, *, ok: bool, reasons: tuple[str, ...] | list[str] = ()) -> None:
        """What the service's own checks made of the output (grounding, length, links…)."""
        if self.recorder is not None:
            self.recorder.judge(self.execution_id, ok=ok, reasons=list(reasons))


@dataclass(frozen=True)
class Snapshot:
    active: dict[str, Variant]
    tests: dict[str, RunningTest]


def _variant(row: Mapping[str, Any], prefix: str = "") -> Variant:
    return Variant(id=row[f"{prefix}id"], name=row[f"{prefix}prompt_name"], variant_id=row[f"{prefix}variant_id"],
                   version=row[f"{prefix}variant_version"], text=row[f"{prefix}prompt_text"],
                   parameters=row[f"{prefix}model_parameters"] or {})


VARIANT_COLUMNS = "id, prompt_name, variant_id, variant_version, prompt_text, model_parameters"
_TEST_SQL = """
SELECT t.id AS test_id, t.prompt_name AS test_prompt, t.treatment_traffic_percentage,
       c.id AS c_id, c.prompt_name AS c_prompt_name, c.variant_id AS c_variant_id,
       c.variant_version AS c_variant_version, c.prompt_text AS c_prompt_text, c.model_parameters AS c_model_parameters,
       r.id AS t_id, r.prompt_name AS t_prompt_name, r.variant_id AS t_variant_id,
       r.variant_version AS t_variant_version, r.prompt_text AS t_prompt_text, r.model_parameters AS t_model_parameters
FROM prompt_ab_tests t
JOIN prompt_registry c ON c.id = t.control_variant_id
JOIN prompt_registry r ON r.id = t.treatment_variant_id
WHERE t.status = 'running'
"""


class PromptRegistry:
    """The registry as this process sees it (re-read every `seconds`), handing out prompt calls."""

    def __init__(self, pool: Pool, *, recorder: Recorder | None = None, seconds: float = CACHE_SECONDS) -> None:
        self._pool = pool
        self._recorder = recorder
        self._seconds = seconds
        self._snapshot: Snapshot | None = None
        self._loaded = 0.0
        self._lock = threading.Lock()
        self._warned: set[str] = set()

    def call(self, spec: PromptSpec, *, subject: str | None = None,
             client_id: uuid.UUID | str | None = None) -> PromptCall:
        """The prompt to send for one call about `subject`, for `client_id` (None: the agency's bot)."""
        snapshot = self.snapshot()
        test = snapshot.tests.get(spec.name)
        common: dict[str, Any] = {"name": spec.name, "client_id": client_id, "subject": subject,
                                  "recorder": self._recorder}
        if test is not None and subject is not None:
            arm = assign_arm(test.id, subject, test.treatment_percentage)
            chosen = test.treatment if arm == "treatment" else test.control
            return PromptCall(text=chosen.text, parameters=chosen.parameters, variant=chosen,
                              test_id=test.id, arm=arm, **common)
        active = snapshot.active.get(spec.name)
        if active is None:
            if spec.name not in self._warned:
                self._warned.add(spec.name)
                log.warning("prompt %r has no active version in prompt_registry: the code's text is used", spec.name)
            return PromptCall(text=spec.text, **common)
        return PromptCall(text=active.text, parameters=active.parameters, variant=active, **common)

    def judge(self, execution_id: str, *, ok: bool, reasons: Sequence[str] = ()) -> None:
        """The service's verdict on an output recorded earlier, named by its call's execution id
        (when the check runs away from the call, e.g. in another graph node)."""
        if self._recorder is not None:
            self._recorder.judge(execution_id, ok=ok, reasons=reasons)

    def snapshot(self) -> Snapshot:
        """Active versions and running tests, read again when older than the cache delay."""
        with self._lock:
            if self._snapshot is None or time.monotonic() - self._loaded > self._seconds:
                self._snapshot = self._load(self._snapshot)
                self._loaded = time.monotonic()
            return self._snapshot

    def invalidate(self) -> None:
        """Read the registry again at the next call (after an edit in this process)."""
        with self._lock:
            self._loaded = float("-inf")
            self._warned.clear()

    def _load(self, stale: Snapshot | None) -> Snapshot:
        try:
            with self._pool.connection() as conn, service_transaction(conn):
                active = conn.execute(f"SELECT {VARIANT_COLUMNS} FROM prompt_registry WHERE is_active").fetchall()
                tests = conn.execute(_TEST_SQL).fetchall()
        except psycopg.Error as exc:  # the model call may still go ahead, with what was known
            log.warning("prompt registry unreadable (%s): %s", type(exc).__name__,
                        "the last versions read are used" if stale else "the code's texts are used")
            return stale or Snapshot({}, {})
        return Snapshot(
            active={row["prompt_name"]: _variant(row) for row in active},
            tests={row["test_prompt"]: RunningTest(id=row["test_id"], control=_variant(row, "c_"),
                                                   treatment=_variant(row, "t_"),
                                                   treatment_percentage=float(row["treatment_traffic_percentage"]))
                   for row in tests},
        )
