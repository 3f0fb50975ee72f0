"""Which fields of a contact form get what, and which forms are not sent (without a browser: the
browser half is test_form_browser.py)."""

from __future__ import annotations

from typing import Any

from bot.lead_platform.prospects.form_filler import Enquiry, field_kind, plan_fields

ENQUIRY = Enquiry(first_name="Camille", last_name="Test", company="Alpha", email="formtest+t@outreach.test",
                  subject="Demande test", message="Ceci est une demande test.")


def field(index: int, *, tag: str = "input", type: str = "text", name: str = "", label: str = "",
          placeholder: str = "", required: bool = False, visible: bool = True, options: list[str] | None = None
          ) -> dict[str, Any]:
    return {"index": index, "tag": tag, "type": type, "name": name, "id": "", "label": label,
            "placeholder": placeholder, "autocomplete": "", "required": required, "visible": visible,
            "options": options or []}


def test_fields_are_recognised_by_their_names_and_labels() -> None:
    kinds = [field_kind(f) for f in (
        field(0, name="your-email"), field(1, label="Prénom"), field(2, label="Nom de famille"),
        field(3, name="company_name"), field(4, placeholder="Votre nom"), field(5, label="Objet de votre message"),
        field(6, tag="textarea", name="body"), field(7, type="tel", name="x"), field(8, label="Site web"),
        field(9, name="budget"))]
    assert kinds == ["email", "first_name", "last_name", "company", "name", "subject", "message", "phone",
                     "website", None]


def test_a_form_is_filled_with_the_enquiry_and_nothing_invented() -> None:
    plan, problem = plan_fields([
        field(0, name="name", required=True), field(1, type="email", name="email", required=True),
        field(2, tag="textarea", name="message", required=True), field(3, name="website", visible=False),
        field(4, type="checkbox", name="consent", required=True), field(5, type="checkbox", name="newsletter"),
        field(6, tag="select", name="topic", required=True, options=["info", "devis"]),
        field(7, type="hidden", name="token"), field(8, tag="button", type="submit"),
        field(9, type="tel", name="phone")], ENQUIRY)
    assert problem is None
    assert plan == [(0, "fill", "Camille Test"), (1, "fill", ENQUIRY.email), (2, "fill", ENQUIRY.message),
                    (4, "check", ""), (6, "select", "info")]


def test_forms_that_cannot_be_filled_say_why() -> None:
    base = [field(0, type="email", name="email"), field(1, tag="textarea", name="message")]
    assert plan_fields([*base, field(2, type="tel", label="Mobile", required=True)], ENQUIRY)[1] == \
        "the form requires a phone number ('Mobile')"
    assert plan_fields([*base, field(2, type="file", label="CV", required=True)], ENQUIRY)[1] == \
        "the form requires a file ('CV')"
    assert plan_fields([*base, field(2, name="budget", required=True)], ENQUIRY)[1] == \
        "the form requires an answer the test has not ('budget')"
    assert plan_fields([field(0, tag="textarea", name="message")], ENQUIRY)[1] == \
        "the form has no e-mail field, so no answer could reach the test"
