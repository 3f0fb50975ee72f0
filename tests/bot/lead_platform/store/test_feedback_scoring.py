"""The scoring rules of predictions (bot/lead_platform/store/feedback.py), without a database:
errors, the score's formula, how evidence replaces and withdraws, what each client action says."""

from __future__ import annotations

from bot.lead_platform.enrichment.taxonomy import URGENCIES
from bot.lead_platform.store.feedback import (
    EXPLICIT,
    IMPLICIT,
    URGENCY_LEVELS,
    Evidence,
    evidence_of,
    field_error,
    lead_evidence,
    merged,
    notes,
    score,
)

PREDICTION = {"intent": "Pricing request", "urgency": "Élevée", "confidence": 0.9}


def test_the_urgency_levels_are_the_taxonomys() -> None:
    assert sorted(URGENCY_LEVELS, key=URGENCY_LEVELS.__getitem__) == list(reversed(URGENCIES))


def test_errors_intent_right_or_wrong_urgency_by_levels_apart() -> None:
    assert field_error("intent", "Pricing request", "Pricing request") == 0
    assert field_error("intent", "Pricing request", "Quote request") == 1
    assert field_error("intent", "Spam", None) == 1  # known only not to be spam
    assert [field_error("urgency", "Élevée", u) for u in ("Élevée", "Moyenne", "Faible")] == [0, 0.5, 1]


def test_score_outcome_impact_and_learning_impact() -> None:
    def of(*fields: tuple[float, float]) -> dict[str, dict[str, float]]:
        return {f"f{n}": {"error": e, "weight": w} for n, (e, w) in enumerate(fields)}

    assert score({}, 0.9) == score({}, None)
    assert (score({}, 0.9).outcome, score({}, 0.9).impact_score, score({}, 0.9).learning_impact) == ("neutral", 0, 0)
    # A sure, right prediction confirmed by the client: positive, nothing to learn.
    right = score(of((0, EXPLICIT)), 1.0)
    assert (right.outcome, right.impact_score, right.learning_impact) == ("positive", 100, 0)
    # Sure (0.9) and wrong, said explicitly: negative, and the most to learn.
    wrong = score(of((1, EXPLICIT)), 0.9)
    assert (wrong.outcome, wrong.impact_score, wrong.learning_impact) == ("negative", -100, 0.9)
    # Unsure (0.4) and right, inferred from a conversion: positive, something to learn.
    unsure = score(of((0, IMPLICIT)), 0.4)
    assert (unsure.outcome, unsure.impact_score, unsure.learning_impact) == ("positive", 50, 0.3)
    # Intent right, urgency one level off (explicit): partly right.
    partly = score(of((0, EXPLICIT), (0.5, EXPLICIT)), 0.8)
    assert (partly.outcome, partly.impact_score, partly.learning_impact) == ("neutral", 50, 0.25)
    assert score(of((1, EXPLICIT), (0, EXPLICIT)), 0.8).outcome == "negative"  # mean error 0.5


def test_stronger_or_equal_evidence_replaces_and_an_undone_outcome_withdraws_its_own() -> None:
    converted = merged({}, [Evidence("intent", "Pricing request", 0, IMPLICIT, "converted"),
                            Evidence("urgency", "Élevée", 0, IMPLICIT, "converted")], at="t1")
    edited = merged(converted, [Evidence("urgency", "Faible", 1, EXPLICIT, "edit")], at="t2")
    assert {f: e["source"] for f, e in edited.items()} == {"intent": "converted", "urgency": "edit"}
    # A later implicit hint does not override what the client said explicitly.
    tagged = merged(edited, [Evidence("urgency", "Moyenne", 0.5, IMPLICIT, "tag")], at="t3")
    assert tagged["urgency"]["source"] == "edit"
    # The conversion reverted: its own evidence goes, the client's edit stays.
    reverted = merged(tagged, [], withdraw={"converted"}, at="t4")
    assert list(reverted) == ["urgency"] and reverted["urgency"]["actual"] == "Faible"


def test_what_each_client_action_says_of_the_prediction() -> None:
    lead = {"intent": "Pricing request", "urgency": "Élevée", "current_tag": None}

    def said(event: str, **changes: object) -> list[tuple[str, str | None, float, float, str]]:
        found = lead_evidence(event, {**lead, **changes}, PREDICTION)  # type: ignore[arg-type]
        return [(e.field, e.actual, e.error, e.weight, e.source) for e in found]

    assert said("tagged", current_tag="Lead Froid") == [("urgency", "Faible", 1, IMPLICIT, "tag")]
    assert said("tagged", current_tag="lead tiède") == [("urgency", "Moyenne", 0.5, IMPLICIT, "tag")]
    assert said("tagged", current_tag="SPAM") == [("intent", "Spam", 1, EXPLICIT, "spam_tag")]
    assert said("tagged", current_tag="À rappeler") == []  # says nothing of the analysis
    assert said("converted") == [("intent", "Pricing request", 0, IMPLICIT, "converted"),
                                 ("urgency", "Élevée", 0, IMPLICIT, "converted")]
    assert said("converted", intent="Spam")[0][:3] == ("intent", None, 1)  # a converted lead is no spam
    assert said("archived") == []
    assert lead_evidence("deleted", lead, {**PREDICTION, "intent": "Spam"}) == [
        evidence_of("intent", "Spam", "Spam", weight=IMPLICIT, source="deleted")]
    edited = lead_evidence("edited", lead, PREDICTION, intent="Cancellation request", urgency=None)
    assert [(e.field, e.actual, e.error, e.weight) for e in edited] == [
        ("intent", "Cancellation request", 1, EXPLICIT)]


def test_notes_say_what_was_right_and_wrong_in_both_languages() -> None:
    evidence = merged({}, [evidence_of("intent", "Pricing request", "Quote request", weight=EXPLICIT, source="edit"),
                           evidence_of("urgency", "Élevée", "Élevée", weight=IMPLICIT, source="converted")], at="t")
    en, fr = notes(evidence, PREDICTION, event="edit")
    assert en == ("Intent wrong: predicted Pricing request, actually Quote request (the client's edit). "
                  "Urgency right: Élevée (conversion).")
    assert fr == ("Intention fausse : prédit Pricing request, en réalité Quote request (modification du client). "
                  "Urgence juste : Élevée (conversion).")
    assert notes({}, PREDICTION, event="archived") == ("Last outcome: archived; nothing judged.",
                                                       "Dernier résultat : archivée ; rien de jugé.")
