"""Predictions and the real outcomes that score them (feedback_tracking): the learning loop's first half.

**A prediction** is a `system_performance` row whose context_data says what was predicted
(`kind`: `lead_analysis` or `understanding`; `prediction`: the values and the confidence)
and what decided it (`engine`: rules, classifier or llm; `model`; `prompt`: the registry
variant and A/B arm when an LLM did). The enrichment job writes one per analysis of a form
lead; the bot one per turn whose intent its classifier or an LLM chose, as the agency's
internal client (`clients.is_internal`), with `subject` "member:<id>" (a reading by the
rules alone records nothing: there is no model to learn for it).

**An outcome** is evidence about predicted fields: what the truth was and how much the
outcome says about it (its weight).
- explicit (1.0): the client edits the intent or urgency, or tags the lead spam; an admin
  gives a member message's meaning in the console;
- implicit (0.5): a temperature tag (Lead Chaud → Élevée, Lead Tiède → Moyenne, Lead
  Froid → Faible); a conversion (the lead's intent and urgency stood; a converted lead is no
  spam); archiving or deleting a lead predicted spam; a member's conversation that reaches a
  contact request (its readings were right) or a handoff after misunderstanding (the
  readings that failed in a row were wrong).
A field's evidence is replaced only by evidence at least as strong; an undone outcome
(untag, reactivate, revert, a correction withdrawn) withdraws its own evidence.

**The score**, recomputed from the evidence at every outcome, with e the error of each
judged field (intent: 0 right, 1 wrong; urgency: levels apart / 2, so 0, 0.5 or 1), w its
weight and c the prediction's confidence:
- `outcome`: positive when every judged field is right, negative when the mean error is
  0.5 or more, neutral otherwise or when nothing is judged;
- `impact_score` = round(100 × mean(w × (1 − 2e))), from −100 (surely wrong) to +100;
- `learning_impact` = mean(w × |(1 − e) − c|), 0 to 1: how far the confidence claimed was
  from how right the prediction turned out. A sure wrong prediction teaches most, a sure
  right one nothing, an unsure right one something.
Every outcome leaves the row unapplied, so the `learning_feedback` job recomputes the
figures it counts in (bot/lead_platform/store/accuracy.py).
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from bot.core.connections import Conn
from bot.core.prompts import PromptCall

LeadEvent = Literal["tagged", "untagged", "converted", "reverted", "archived", "deleted", "reactivated", "edited"]
EXPLICIT = 1.0
IMPLICIT = 0.5
# The stored urgency levels (bot/lead_platform/enrichment/taxonomy.py URGENCIES), lowest first.
URGENCY_LEVELS = {"Faible": 0, "Moyenne": 1, "Élevée": 2}
SPAM = "Spam"
# Tags that say how hot a lead is (folded: lower-case, no accents), and the urgency they mean.
TEMPERATURE_TAGS = {"lead chaud": "Élevée", "hot lead": "Élevée", "lead tiede": "Moyenne", "warm lead": "Moyenne",
                    "lead froid": "Faible", "cold lead": "Faible"}
SPAM_TAGS = frozenset({"spam", "indesirable"})
# What each lead event withdraws of the evidence given before (its own kind, undone or replaced).
WITHDRAWS: dict[str, frozenset[str]] = {
    "tagged": frozenset({"tag", "spam_tag"}), "untagged": frozenset({"tag", "spam_tag"}),
    "reverted": frozenset({"converted"}), "reactivated": frozenset({"archived", "deleted"}),
}
# The conversation before a contact request that counts as having led to it.
CONVERSATION_WINDOW = timedelta(hours=24)
OUTCOMES_KEPT = 20  # events listed in a row's context_data

# Notes in both languages (the seed's notes_en / notes_fr).
FIELDS = {"en": {"intent": "Intent", "urgency": "Urgency"}, "fr": {"intent": "Intention", "urgency": "Urgence"}}
SOURCES = {
    "en": {"edit": "the client's edit", "tag": "tag", "spam_tag": "tagged spam", "converted": "conversion",
           "archived": "archived", "deleted": "deleted", "admin": "an admin's correction",
           "contact_request": "contact request", "handoff": "handoff after misunderstanding"},
    "fr": {"edit": "modification du client", "tag": "étiquette", "spam_tag": "étiquetée indésirable",
           "converted": "conversion", "archived": "archivée", "deleted": "supprimée",
           "admin": "correction d'un admin", "contact_request": "demande de mise en relation",
           "handoff": "transfert après incompréhension"},
}
RIGHT = {"en": "{field} right: {predicted} ({source}).", "fr": "{field} juste : {predicted} ({source})."}
WRONG = {"en": "{field} wrong: predicted {predicted}, actually {actual} ({source}).",
         "fr": "{field} fausse : prédit {predicted}, en réalité {actual} ({source})."}
UNKNOWN_ACTUAL = {"en": "not {predicted}", "fr": "pas {predicted}"}
NOTHING_JUDGED = {"en": "Last outcome: {event}; nothing judged.", "fr": "Dernier résultat : {event} ; rien de jugé."}
PREDICTED = {"en": "Read as {intent} by {engine}.", "fr": "Lu comme {intent} par {engine}."}

_PREDICTION_SQL = """
SELECT id, lead_id, confidence_score, context_data FROM feedback_tracking
WHERE {where} AND action_type = 'system_performance' AND context_data ? 'prediction'
"""
_UNDERSTANDING_SQL = """
INSERT INTO feedback_tracking (id, client_id, subject, action_type, outcome, confidence_score, context_data,
                               notes, notes_en, notes_fr)
SELECT %(id)s, (SELECT client_id FROM clients WHERE is_internal ORDER BY created_at LIMIT 1), %(subject)s,
       'system_performance', 'neutral', %(confidence)s, %(context)s, %(en)s, %(en)s, %(fr)s
"""
# The same, tying the LLM call that read the message to it (prompt_performance.feedback_id): one statement.
_UNDERSTANDING_LINKED_SQL = f"""
WITH prediction AS ({_UNDERSTANDING_SQL} RETURNING id)
UPDATE prompt_performance SET feedback_id = (SELECT id FROM prediction) WHERE execution_id = %(execution_id)s
"""
_SCORE_SQL = """
UPDATE feedback_tracking SET outcome = %(outcome)s, impact_score = %(impact)s, learning_impact = %(learning)s,
       context_data = %(context)s, notes = %(en)s, notes_en = %(en)s, notes_fr = %(fr)s,
       learning_applied = FALSE, processed_at = NULL
WHERE id = %(id)s
"""


@dataclass(frozen=True)
class Evidence:
    """What one outcome says of one predicted field."""

    field: str
    actual: str | None  # None: known only not to be what was predicted
    error: float
    weight: float
    source: str


@dataclass(frozen=True)
class Score:
    outcome: Literal["positive", "negative", "neutral"]
    impact_score: int
    learning_impact: float


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced (tags as clients type them)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def field_error(field: str, predicted: object, actual: str | None) -> float:
    """How far a predicted value was from the truth, 0 to 1 (see the module's docstring)."""
    if actual is None:
        return 1.0
    if field == "urgency" and predicted in URGENCY_LEVELS and actual in URGENCY_LEVELS:
        return abs(URGENCY_LEVELS[str(predicted)] - URGENCY_LEVELS[actual]) / 2
    return 0.0 if predicted == actual else 1.0


def evidence_of(field: str, predicted: object, actual: str | None, *, weight: float, source: str) -> Evidence:
    return Evidence(field, actual, field_error(field, predicted, actual), weight, source)


def score(evidence: Mapping[str, Mapping[str, Any]], confidence: float | None) -> Score:
    """The row's outcome, impact_score and learning_impact from its evidence."""
    if not evidence:
        return Score("neutral", 0, 0.0)
    c = 0.5 if confidence is None else min(max(float(confidence), 0.0), 1.0)
    judged = [(float(e["error"]), float(e["weight"])) for e in evidence.values()]
    mean_error = sum(e for e, _ in judged) / len(judged)
    outcome: Literal["positive", "negative", "neutral"] = (
        "positive" if mean_error == 0 else "negative" if mean_error >= 0.5 else "neutral")
    impact = round(100 * sum(w * (1 - 2 * e) for e, w in judged) / len(judged))
    learning = round(sum(w * abs((1 - e) - c) for e, w in judged) / len(judged), 3)
    return Score(outcome, impact, learning)


def merged(current: Mapping[str, Any], new: Iterable[Evidence], *, withdraw: Iterable[str] = (),
           at: str) -> dict[str, Any]:
    """The evidence after an outcome: its own kind withdrawn, then the new evidence where it is
    at least as strong as what a field already has."""
    dropped = set(withdraw)
    kept = {f: dict(e) for f, e in current.items() if e.get("source") not in dropped}
    for item in new:
        old = kept.get(item.field)
        if old is None or item.weight >= float(old["weight"]):
            kept[item.field] = {"actual": item.actual, "error": item.error, "weight": item.weight,
                                "source": item.source, "at": at}
    return kept


def notes(evidence: Mapping[str, Mapping[str, Any]], prediction: Mapping[str, Any], *,
          event: str) -> tuple[str, str]:
    """What the outcomes say of the prediction, in English and French."""
    texts = []
    for lang in ("en", "fr"):
        parts = []
        for field, e in sorted(evidence.items()):
            predicted = str(prediction.get(field))
            source = SOURCES[lang].get(str(e["source"]), str(e["source"]))
            if float(e["error"]) == 0:
                parts.append(RIGHT[lang].format(field=FIELDS[lang].get(field, field), predicted=predicted,
                                                source=source))
            else:
                actual = e["actual"] or UNKNOWN_ACTUAL[lang].format(predicted=predicted)
                parts.append(WRONG[lang].format(field=FIELDS[lang].get(field, field), predicted=predicted,
                                                actual=actual, source=source))
        texts.append(" ".join(parts) or NOTHING_JUDGED[lang].format(event=SOURCES[lang].get(event, event)))
    return texts[0], texts[1]


def _judge(conn: Conn, row: Mapping[str, Any], *, new: Sequence[Evidence] = (), withdraw: Iterable[str] = (),
           event: str) -> Score:
    """Apply an outcome to a prediction row and store its new score."""
    context = dict(row["context_data"] or {})
    context.setdefault("kind", "lead_analysis" if row["lead_id"] else "understanding")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    evidence = merged(context.get("evidence") or {}, new, withdraw=withdraw, at=at)
    confidence = row["confidence_score"]
    result = score(evidence, None if confidence is None else float(confidence))
    context["evidence"] = evidence
    context["outcomes"] = [*(context.get("outcomes") or [])[-(OUTCOMES_KEPT - 1):], {"event": event, "at": at}]
    en, fr = notes(evidence, context.get("prediction") or {}, event=event)
    conn.execute(_SCORE_SQL, {"outcome": result.outcome, "impact": result.impact_score,
                              "learning": result.learning_impact, "context": json.dumps(context, default=str),
                              "en": en, "fr": fr, "id": row["id"]})
    return result


def prompt_trace(call: PromptCall | None) -> dict[str, Any] | None:
    """What a prediction records of the prompt that made it: the registry variant, the A/B arm,
    the recorded call."""
    if call is None:
        return None
    trace: dict[str, Any] = {"name": call.name, "execution_id": call.execution_id}
    if call.variant is not None:
        trace.update(variant_id=call.variant.variant_id, version=call.variant.version)
    if call.test_id is not None:
        trace.update(test_id=str(call.test_id), arm=call.arm)
    return trace


# -- form leads (in the client's tenant transaction) -------------------------------------------

def record_lead_prediction(conn: Conn, *, client_id: uuid.UUID | str, lead_id: uuid.UUID | str,
                           prediction: Mapping[str, Any], engine: str, model: str,
                           prompt: PromptCall | None, job_id: str) -> uuid.UUID:
    """The enrichment's prediction of a lead (intent, urgency, tone, confidence…); its id."""
    context = {"kind": "lead_analysis", "prediction": dict(prediction), "engine": engine, "model": model,
               "prompt": prompt_trace(prompt), "job_id": job_id}
    en = f"Lead analysed by {engine} ({model})"
    row = conn.execute(
        """INSERT INTO feedback_tracking (lead_id, client_id, action_type, outcome, confidence_score, context_data,
                                          notes, notes_en, notes_fr)
           VALUES (%s, %s, 'system_performance', 'neutral', %s, %s, %s, %s, %s) RETURNING id""",
        (lead_id, client_id, round(float(prediction["confidence"]), 3), json.dumps(context, default=str),
         en, en, f"Lead analysé par {engine} ({model})"),
    ).fetchone()
    assert row is not None
    return row["id"]


def latest_lead_prediction(conn: Conn, lead_id: uuid.UUID | str) -> dict[str, Any] | None:
    """The lead's current prediction (the latest analysis), locked for scoring."""
    return conn.execute(_PREDICTION_SQL.format(where="lead_id = %s") + " ORDER BY created_at DESC LIMIT 1 FOR UPDATE",
                        (lead_id,)).fetchone()


def lead_evidence(event: LeadEvent, lead: Mapping[str, Any], prediction: Mapping[str, Any], *,
                  intent: str | None = None, urgency: str | None = None) -> list[Evidence]:
    """What a client's action on a lead (as it is after the action) says of its prediction."""
    predicted_intent, predicted_urgency = prediction.get("intent"), prediction.get("urgency")
    if event == "edited":
        found = [] if intent is None else [evidence_of("intent", predicted_intent, intent, weight=EXPLICIT,
                                                       source="edit")]
        if urgency is not None:
            found.append(evidence_of("urgency", predicted_urgency, urgency, weight=EXPLICIT, source="edit"))
        return found
    if event == "tagged":
        tag = fold(lead.get("current_tag") or "")
        if tag in SPAM_TAGS:
            return [evidence_of("intent", predicted_intent, SPAM, weight=EXPLICIT, source="spam_tag")]
        if tag in TEMPERATURE_TAGS:
            return [evidence_of("urgency", predicted_urgency, TEMPERATURE_TAGS[tag], weight=IMPLICIT, source="tag")]
        return []
    if event == "converted":
        found = []
        if lead.get("intent"):  # a converted lead was a real one, whatever its intent
            actual = None if lead["intent"] == SPAM else str(lead["intent"])
            found.append(evidence_of("intent", predicted_intent, actual, weight=IMPLICIT, source="converted"))
        if lead.get("urgency"):
            found.append(evidence_of("urgency", predicted_urgency, str(lead["urgency"]), weight=IMPLICIT,
                                     source="converted"))
        return found
    if event in ("archived", "deleted") and predicted_intent == SPAM:
        return [evidence_of("intent", predicted_intent, SPAM, weight=IMPLICIT, source=event)]
    return []


def lead_outcome(conn: Conn, lead: Mapping[str, Any], event: LeadEvent, *, intent: str | None = None,
                 urgency: str | None = None) -> Score | None:
    """Score the lead's current prediction with what the client just did (None: never analysed)."""
    row = latest_lead_prediction(conn, lead["id"])
    if row is None:
        return None
    prediction = (row["context_data"] or {}).get("prediction") or {}
    return _judge(conn, row, new=lead_evidence(event, lead, prediction, intent=intent, urgency=urgency),
                  withdraw=WITHDRAWS.get(event, ()), event="edit" if event == "edited" else event)


# -- the bot's readings of members (the turn's or the console's transaction, as the owner) -----

def member_subject(member_id: int) -> str:
    return f"member:{member_id}"


def record_understanding(conn: Conn, *, member_id: int, intent: str, confidence: float, context: str,
                         language: str | None, engine: str, model: str | None,
                         prompt: PromptCall | None) -> uuid.UUID:
    """The bot's reading of a turn's messages, as the agency's internal client: one statement in
    the turn's transaction (which also ties the LLM call that read them, when one did)."""
    prediction_id = uuid.uuid4()
    trace = prompt_trace(prompt)
    sure = round(min(max(confidence, 0.0), 1.0), 3)
    params = {
        "id": prediction_id, "subject": member_subject(member_id), "confidence": sure,
        "context": json.dumps({"kind": "understanding", "engine": engine, "model": model, "prompt": trace,
                               "prediction": {"intent": intent, "confidence": sure, "context": context,
                                              "language": language}}),
        "en": PREDICTED["en"].format(intent=intent, engine=engine),
        "fr": PREDICTED["fr"].format(intent=intent, engine=engine),
        "execution_id": trace["execution_id"] if trace else None,
    }
    conn.execute(_UNDERSTANDING_LINKED_SQL if trace else _UNDERSTANDING_SQL, params)
    return prediction_id


def understanding_corrected(conn: Conn, feedback_id: uuid.UUID | str, *, intent: str | None) -> Score | None:
    """An admin said what a member message meant (None: the correction was withdrawn)."""
    row = conn.execute(_PREDICTION_SQL.format(where="id = %s") + " FOR UPDATE", (feedback_id,)).fetchone()
    if row is None:
        return None
    predicted = ((row["context_data"] or {}).get("prediction") or {}).get("intent")
    new = [] if intent is None else [evidence_of("intent", predicted, intent, weight=EXPLICIT, source="admin")]
    return _judge(conn, row, new=new, withdraw=("admin",), event="admin")


def conversation_outcome(conn: Conn, *, member_id: int, event: Literal["contact_request", "handoff"],
                         last: int | None = None) -> int:
    """A member's conversation reached a contact request (the readings that led there were right)
    or a handoff after misunderstanding (the `last` readings, which failed in a row, were wrong).
    Only readings no outcome judged yet, within CONVERSATION_WINDOW; how many were scored."""
    rows = conn.execute(
        _PREDICTION_SQL.format(where="subject = %s AND created_at > now() - %s AND learning_impact IS NULL")
        + " ORDER BY created_at DESC LIMIT %s FOR UPDATE",
        (member_subject(member_id), CONVERSATION_WINDOW, last)).fetchall()
    for row in rows:
        predicted = ((row["context_data"] or {}).get("prediction") or {}).get("intent")
        actual = predicted if event == "contact_request" else None
        _judge(conn, row, new=[evidence_of("intent", predicted, actual, weight=IMPLICIT, source=event)], event=event)
    return len(rows)
