"""Evolution: a prompt's child variant, proposed from its worst calls, put to an A/B test.

With a chat model, the child is a mutation: the model rewrites the active version, shown
the calls of the last 30 days that went worst (a prediction the outcome contradicted, an
output the service's checks refused, an answer not in the format asked for, an error).
Offline, the child is the admin's own edit. Either way the child must keep the
placeholders the code fills and, word for word, the parent's lines against instructions
hidden in data (a lead's message could otherwise talk the model into dropping them);
it becomes a new version, the treatment of a new A/B test against the active version,
and a `prompt_evolution` row records parent, child, strategy and the parent's figures
(the child's are added when the test ends).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from bot.core.connections import Conn
from bot.core.db import service_transaction
from bot.core.services import Services
from bot.prompts import abtests, registry
from bot.prompts.meta import EVOLVE
from bot.prompts.registry import SUCCESS_SQL, PromptError, Version

WORST_CALLS = 8
GOALS = ["no_errors", "format_consistency", "checks_passed", "outcomes_confirmed"]
_FENCE = re.compile(r"^```[a-z]*\n|\n?```$")
_TAGS = re.compile(r"^\s*<prompt>\s*|\s*</prompt>\s*$")


@dataclass(frozen=True)
class Evolution:
    parent: Version
    child: Version
    test: abtests.ABTest
    evolution_type: str
    strategy: str


WORST_SQL = f"""
SELECT p.execution_id, p.input_data, p.output_data, p.error_message, p.error_occurred, p.consistency_score,
       p.output_quality_score, f.outcome, p.executed_at
FROM prompt_performance p LEFT JOIN feedback_tracking f ON f.id = p.feedback_id
WHERE p.prompt_registry_id = %s AND p.executed_at > now() - interval '30 days' AND NOT {SUCCESS_SQL}
ORDER BY (f.outcome = 'negative') IS TRUE DESC, p.output_quality_score = 0 IS TRUE DESC,
         p.consistency_score = 0 IS TRUE DESC, p.executed_at DESC
LIMIT %s
"""


def problem_of(row: dict[str, Any]) -> str:
    """What went wrong with a call, in a word or two (no text of the call)."""
    if row["outcome"] == "negative":
        return "contradicted by the outcome"
    if row["output_quality_score"] is not None and float(row["output_quality_score"]) == 0:
        return "refused by the checks"
    if row["consistency_score"] is not None and float(row["consistency_score"]) == 0:
        return "not in the format asked for"
    return "error"


def describe(row: dict[str, Any]) -> str:
    """One bad call as the model reads it: what was sent, what came back, what went wrong."""
    sent = " / ".join(str(m.get("content", "")) for m in (row["input_data"] or {}).get("messages", []))[:800]
    output = row["output_data"] or {}
    answer = output.get("text") or json.dumps(output.get("parsed") or output.get("tool_calls") or "", ensure_ascii=False)
    detail = problem_of(row)
    if detail == "refused by the checks" and output.get("refused"):
        detail += ": " + "; ".join(str(r) for r in output["refused"])[:300]
    elif detail in ("error", "not in the format asked for") and row["error_message"]:
        detail += ": " + str(row["error_message"])[:300]
    return f"- sent: {sent}\n  answer: {str(answer)[:500]}\n  problem: {detail}"


def guard_lines(text: str) -> list[str]:
    """The lines of a prompt that tell the model not to follow instructions found in data."""
    return [line.strip() for line in text.splitlines() if re.search(r"\binstruction", line, re.I)]


def check_child(parent: Version, text: str) -> str:
    """The child's text if it may be tested against its parent; else PromptError naming why."""
    text = registry.check_text(_TAGS.sub("", _FENCE.sub("", text.strip())), parent.placeholders)
    dropped = [line for line in guard_lines(parent.text) if line not in text]
    if dropped:
        raise PromptError("text", f"the variant drops the rule against instructions in data: “{dropped[0]}”")
    if text == parent.text.strip():
        raise PromptError("text", "the variant is the same text as its parent")
    if len(text) > 3 * len(parent.text) + 500:
        raise PromptError("text", "the variant is more than three times as long as its parent")
    return text


def _mutation(services: Services, parent: Version, worst: list[dict[str, Any]]) -> str:
    """The chat model's rewrite of the parent from its worst calls."""
    assert services.chat_model is not None
    call = services.prompts.call(EVOLVE, subject=f"prompt:{parent.name}")
    fields = ", ".join("{" + p + "}" for p in parent.placeholders) or "none"
    calls = "\n".join(describe(row) for row in worst) or "- none recorded: make the prompt clearer and more robust"
    human = (f"Prompt name: {parent.name}\nPlaceholders to keep: {fields}\n<prompt>\n{parent.text}\n</prompt>\n"
             f"<calls>\n{calls.replace('</calls>', '')}\n</calls>")
    answer = call.model(services.chat_model).invoke([SystemMessage(call.system()), HumanMessage(human)],
                                                    config=call.config())
    content = answer.content
    return content if isinstance(content, str) else " ".join(str(part) for part in content)


def evolve(services: Services, *, name: str, by: str, manual_text: str | None = None,
           treatment_percentage: float = 50.0, min_sample_size: int = abtests.DEFAULT_MIN_SAMPLE,
           significance_level: float = abtests.DEFAULT_SIGNIFICANCE,
           max_duration_days: int = abtests.DEFAULT_MAX_DAYS) -> Evolution:
    """Propose a child of the prompt's active version and start its A/B test.

    `manual_text`: the admin's edit (offline, or by choice); otherwise the chat model mutates
    the parent. Raises PromptError when the prompt, the proposal or the test is refused.
    """
    with services.pool.connection() as conn, service_transaction(conn):
        parent = registry.get_active(conn, name)
        if parent is None:
            raise PromptError("name", f"no prompt named {name!r}")
        if registry.running_test_id(conn, name) is not None:
            raise PromptError("name", "an A/B test is already running on this prompt: let it end or stop it")
        worst = conn.execute(WORST_SQL, (parent.id, WORST_CALLS)).fetchall()
        parent_figures = registry.figures(conn, [parent.id]).get(parent.id, registry.Figures())
    if manual_text is not None:
        kind, strategy, algorithm = "manual_edit", "the admin's edit, tested against the active version", "manual"
        text = manual_text
    elif services.chat_model is None:
        raise PromptError("text", "no LLM is configured: write the variant yourself (a manual edit)")
    else:  # the model is called outside any transaction: it may take seconds
        kind, algorithm = "mutation", f"llm:{getattr(services.chat_model, 'model_name', None) or 'chat model'}"
        strategy = f"rewrite guided by the {len(worst)} worst calls of the last 30 days"
        text = _mutation(services, parent, worst)
    child_text = check_child(parent, text)
    with services.pool.connection() as conn, service_transaction(conn):
        child = registry.add_version(conn, name=name, text=child_text, by=by,
                                     note=f"{kind.replace('_', ' ')} of version {parent.version}")
        test = abtests.start_test(conn, name=name, version=child.version, by=by,
                                  treatment_percentage=treatment_percentage, min_sample_size=min_sample_size,
                                  significance_level=significance_level, max_duration_days=max_duration_days)
        conn.execute(
            """INSERT INTO prompt_evolution (parent_prompt_id, child_prompt_id, evolution_type, evolution_strategy,
                   parent_performance, feedback_data, optimization_goals, evolution_algorithm, ab_test_id, evolved_by)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
            (parent.id, child.id, kind, strategy, json.dumps(parent_figures.as_json()),
             json.dumps({"calls": [{"execution_id": r["execution_id"], "problem": problem_of(r)} for r in worst]}),
             GOALS, algorithm, test.id, by[:255]),
        )
    services.prompts.invalidate()
    return Evolution(parent=parent, child=child, test=test, evolution_type=kind, strategy=strategy)


def evolutions(conn: Conn, name: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """A prompt's evolutions, newest first: versions, kind, strategy, figures, test."""
    return conn.execute(
        """SELECT e.id, p.variant_version AS parent_version, c.variant_version AS child_version, e.evolution_type,
                  e.evolution_strategy, e.evolution_algorithm, e.parent_performance, e.child_performance,
                  e.improvement_score, e.ab_test_id, e.evolved_by, e.evolved_at
           FROM prompt_evolution e JOIN prompt_registry c ON c.id = e.child_prompt_id
           LEFT JOIN prompt_registry p ON p.id = e.parent_prompt_id
           WHERE c.prompt_name = %s ORDER BY e.evolved_at DESC LIMIT %s""", (name, limit)).fetchall()
