"""The outreach agent without a database: research turns rows into facts, draft fills the
template in the recipient's language, check refuses what the facts do not say (a model's
invented paragraph is rewritten from the facts), decide follows the campaign's approval."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from agents.outreach.check import check_draft, grounding_problems
from agents.outreach.graph import after_check, build_graph, decision, run
from agents.outreach.research import facts_paragraph, human_delay, lead_facts, prospect_facts
from agents.outreach.state import Brief, Draft, OutreachContext, Recipient, Verdict
from bot.lead_platform.outreach.templates import Template

BODY_EN = ("Hello {{first_name|there}},\n\n{{personal_line}}\n\nI write on behalf of {{sender_company}}.\n"
           "{{booking_link|}}\n\nBest regards,\n{{sender_company}}")
EN = Template(id=str(uuid.uuid4()), name="Intro", language="en", subject="A question for {{company|your team}}",
              body=BODY_EN)
FR = Template(id=str(uuid.uuid4()), name="Intro", language="fr", subject="Une question pour {{company|vous}}",
              body="Bonjour {{first_name|}},\n\n{{personal_line}}\n\nJe vous écris pour {{sender_company}}.\n\n"
                   "Cordialement,\n{{sender_company}}")
BAKERY = {"business_name": "Dupont Bakery", "website": "https://www.dupont-bakery.example/", "industry": "bakery",
          "region": "Ontario", "has_chat_widget": False, "form_url": "https://dupont-bakery.example/contact",
          "form_test": {"test_status": "completed", "response_time_minutes": 1560, "has_autoresponder": False,
                        "autoresponder_tone": "human", "test_submitted_at": "2026-03-03T10:00:00+00:00"}}


def brief(*, step: int = 1, approval: str = "manual", templates: dict[str, Template] | None = None) -> Brief:
    return Brief(campaign_id=uuid.uuid4(), sender_company="Matchbot", step=step,
                 templates=templates or {"en": EN, "fr": FR}, approval_mode=approval,  # type: ignore[arg-type]
                 booking_link="https://cal.example/matchbot", allowed_links=("https://cal.example/matchbot",))


def prospect(row: dict[str, Any] | None = None, language: str = "en") -> Recipient:
    return Recipient(kind="prospect", id=uuid.uuid4(), address="info@dupont.example", language=language,
                     timezone="America/Toronto", row=row if row is not None else BAKERY)


def model(*answers: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=a) for a in answers]))


def test_research_states_only_what_the_rows_hold() -> None:
    facts = prospect_facts(BAKERY, "en")
    assert facts == {"company": "Dupont Bakery", "industry": "bakery", "region": "Ontario",
                     "website": "dupont-bakery.example", "chat_widget": "none", "contact_form": "yes",
                     "form_test_date": "3 March 2026", "form_test_delay": "26 hours", "form_test_result": "answered"}
    assert facts_paragraph(facts, "en") == (
        "On 3 March 2026 we sent a question through the contact form of dupont-bakery.example; the first answer "
        "came 26 hours later. Visitors of dupont-bakery.example with a question cannot ask it in a live chat.")
    silent = {**BAKERY, "has_chat_widget": None,
              "form_test": {"test_status": "timeout", "test_submitted_at": "2026-03-03T10:00:00+00:00"}}
    assert facts_paragraph(prospect_facts(silent, "fr"), "fr") == (
        "Le 3 mars 2026, nous avons posé une question via le formulaire de contact de dupont-bakery.example "
        "et n'avons pas eu de réponse depuis.")
    assert facts_paragraph(prospect_facts({"business_name": "Nothing Known"}, "en"), "en") == ""
    lead = lead_facts({"name": "Awa Diallo", "created_at": datetime(2026, 2, 1, tzinfo=UTC),
                       "intent": "Appointment booking", "ai_summary": "Wants a meeting."}, "en")
    assert lead["first_name"] == "Awa" and lead["enquiry_date"] == "1 February 2026"
    assert [human_delay(m, "fr") for m in (1, 45, 90, 1560, 4320)] == [
        "1 minute", "45 minutes", "2 heures", "26 heures", "3 jours"]


def test_the_draft_is_the_template_in_the_recipients_language_with_its_facts() -> None:
    out = run(build_graph(), {"recipient": prospect(language="fr"), "brief": brief()}, OutreachContext())
    draft = out["email"]
    assert draft.language == "fr" and draft.subject == "Une question pour Dupont Bakery"
    assert draft.body.startswith("Bonjour,\n\nLe 3 mars 2026, nous avons posé une question")
    assert draft.source == "facts" and out["status"] == "pending"
    assert [r["agent"] for r in out["runs"]] == ["outreach.research", "outreach.draft", "outreach.check",
                                                 "outreach.decide"]
    # A recipient in a language the campaign has no version of gets the version it has.
    only_en = run(build_graph(), {"recipient": prospect(language="fr"), "brief": brief(templates={"en": EN})},
                  OutreachContext())
    assert only_en["email"].language == "en" and "On 3 March 2026" in only_en["email"].body


def test_a_models_invented_paragraph_is_refused_and_written_from_the_facts() -> None:
    invented = "Congratulations on your 25 years in Toronto and your new shop in Lyon!"
    out = run(build_graph(), {"recipient": prospect(), "brief": brief()}, OutreachContext(chat_model=model(invented)))
    assert out["email"].source == "facts" and invented not in out["email"].body
    assert any("25" in r for r in out["refused_model"]) and any("Lyon" in r for r in out["refused_model"])
    assert [r["agent"] for r in out["runs"]] == ["outreach.research", "outreach.draft", "outreach.check",
                                                 "outreach.draft", "outreach.check", "outreach.decide"]
    grounded = ("On 3 March 2026 we asked a question through your contact form at dupont-bakery.example, "
                "and the first answer came 26 hours later.")
    kept = run(build_graph(), {"recipient": prospect(), "brief": brief(approval="auto")},
               OutreachContext(chat_model=model(grounded)))
    assert kept["email"].source == "model" and grounded in kept["email"].body and kept["status"] == "approved"


@pytest.mark.parametrize(("paragraph", "reason"), [
    ("Your bakery has 40 employees.", "states 40"),
    ("We loved your croissants at the Marché Jean-Talon.", "names Jean-Talon, Marché"),
    ("Your customers clearly adore your service and your reviews are glowing.", "what no fact says"),
    ("Nous avons écrit via le formulaire de dupont-bakery.example le 3 mars 2026.", "written in fr"),
])
def test_grounding_refuses_claims_the_facts_do_not_hold(paragraph: str, reason: str) -> None:
    problems = grounding_problems(paragraph, facts=prospect_facts(BAKERY, "en"), language="en", known="Matchbot")
    assert any(reason in p for p in problems), problems


def _draft(subject: str = "A question for Dupont Bakery", body: str = "Hello,\n\nA short note.\n\nMatchbot",
           personal: str = "", missing: tuple[str, ...] = ()) -> Draft:
    return Draft(subject=subject, body=body, language="en", template_id=EN.id, personal=personal, source="facts",
                 missing=missing)


@pytest.mark.parametrize(("draft", "step", "reason"), [
    (_draft(missing=("company",)), 1, "no value for {{company}}"),
    (_draft(body="Hello,\n\nAct now: a risk-free offer, 100% free!\n\nMatchbot"), 1, "spam-trigger wording"),
    (_draft(body="Hello,\n\nSee https://evil.example/x for details.\n\nMatchbot"), 1, "links the campaign does not give"),
    (_draft(body="Hello,\n\nPlease find attached our brochure.\n\nMatchbot"), 1, "attachments"),
    (_draft(body="Hello,\n\n<img src=\"data:image/png;base64,AAAA\">\n\nMatchbot"), 1, "attachments"),
    (_draft(subject="Re: our call"), 1, "pretend to be a reply"),
    (_draft(body="Hello,\n\n" + "word " * 300 + "\n\nMatchbot"), 1, "body of"),
    (_draft(body="HELLO THERE FRIEND,\n\nBUY this!!\n\nMatchbot"), 1, "capitals"),
    (_draft(personal="Call us at +1 514 555 0199.", body="Hello,\n\nCall us at +1 514 555 0199.\n\nMatchbot"), 1,
     "phone number"),
])
def test_check_refuses_what_a_sender_must_not_send(draft: Draft, step: int, reason: str) -> None:
    verdict = check_draft(draft, brief=brief(step=step), facts={})
    assert not verdict.ok and any(reason in r for r in verdict.reasons), verdict.reasons


def test_check_lets_a_follow_up_be_a_reply_and_the_campaigns_link_through() -> None:
    body = "Hello,\n\nBook a time: https://cal.example/matchbot\n\nMatchbot"
    assert check_draft(_draft(subject="Re: a question", body=body), brief=brief(step=2), facts={}).ok


def test_decide_and_route_are_pure() -> None:
    assert decision(Verdict(ok=True), "manual") == "pending"
    assert decision(Verdict(ok=True), "auto") == "approved"
    assert decision(Verdict(ok=False, reasons=("x",)), "auto") == "rejected"
    refused = {"verdict": Verdict(ok=False, reasons=("x",))}
    by_model = Draft(subject="s", body="b", language="en", template_id="t", personal="p", source="model")
    assert after_check({**refused, "email": by_model}) == "draft"  # type: ignore[typeddict-item]
    assert after_check({**refused, "email": _draft()}) == "decide"  # type: ignore[typeddict-item]
