"""Research: what is known of the recipient, as facts, and the paragraph those facts alone write.

A prospect's facts come from its row (name, site, industry, region, what its homepage
showed) and its latest contact-form test; a lead's from its enquiry. Nothing else is a
fact: the check refuses a paragraph that says more.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from agents.outreach.state import Recipient
from bot.lead_platform.enrichment.taxonomy import intent_label
from bot.lead_platform.outreach.messages import FACT_LINES, MONTHS, UNITS


def display_site(website: str | None) -> str:
    """A website as a person writes it: no scheme, no "www.", no trailing slash."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", (website or "").strip(), flags=re.I).rstrip("/")


def human_date(value: Any, language: str) -> str | None:
    """12 March 2026 / 12 mars 2026."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, date):
        return None
    months = MONTHS.get(language, MONTHS["en"])
    return f"{value.day} {months[value.month - 1]} {value.year}"


def human_delay(minutes: float, language: str) -> str:
    """45 minutes / 26 hours / 3 days (heures, jours in French)."""
    units = UNITS.get(language, UNITS["en"])
    if minutes < 90:
        amount, unit = max(1, round(minutes)), "minute"
    elif minutes < 48 * 60:
        amount, unit = round(minutes / 60), "hour"
    else:
        amount, unit = round(minutes / 1440), "day"
    one, many = units[unit]
    return f"{amount} {one if amount == 1 else many}"


def first_name(name: str | None) -> str | None:
    """A person's first name when their name starts with one (never a company's name)."""
    word = (name or "").strip().split(" ")[0] if name else ""
    return word if word.isalpha() and word[:1].isupper() and len(word) > 1 else None


def _form_test_facts(test: Mapping[str, Any], language: str) -> dict[str, str]:
    facts: dict[str, str] = {}
    when = human_date(test.get("test_submitted_at"), language)
    if when is None:
        return facts
    status, minutes = test.get("test_status"), test.get("response_time_minutes")
    if status == "completed" and minutes is not None:
        facts["form_test_date"] = when
        facts["form_test_delay"] = human_delay(float(minutes), language)
        robotic = test.get("has_autoresponder") and test.get("autoresponder_tone") in ("robotic", None)
        facts["form_test_result"] = "autoreply" if robotic else "answered"
    elif status == "timeout":
        facts["form_test_date"] = when
        facts["form_test_result"] = "unanswered"
    return facts


def prospect_facts(row: Mapping[str, Any], language: str) -> dict[str, str]:
    """The facts of a prospect row (seed columns, site facts of migration 0014, latest form test)."""
    facts = {key: str(row[column]).strip() for key, column in
             (("company", "business_name"), ("industry", "industry"), ("region", "region"))
             if row.get(column) and str(row[column]).strip()}
    if row.get("website"):
        facts["website"] = display_site(str(row["website"]))
    if row.get("has_chat_widget") is True:
        facts["chat_widget"] = str(row.get("chat_widget") or "yes")
    elif row.get("has_chat_widget") is False:
        facts["chat_widget"] = "none"
    if row.get("form_url"):
        facts["contact_form"] = "yes"
    test = row.get("form_test")
    if isinstance(test, Mapping):
        facts.update(_form_test_facts(test, language))
    return facts


def lead_facts(row: Mapping[str, Any], language: str) -> dict[str, str]:
    """The facts of a lead: their first name and what they wrote to the client about, and when."""
    facts: dict[str, str] = {}
    name = first_name(row.get("name"))
    if name:
        facts["first_name"] = name
    when = human_date(row.get("created_at"), language)
    if when:
        facts["enquiry_date"] = when
    if row.get("intent") and row["intent"] not in ("Other", "Spam"):
        facts["enquiry_topic"] = intent_label(str(row["intent"]), language).lower()
    if row.get("ai_summary"):
        facts["enquiry_summary"] = str(row["ai_summary"]).strip()
    return facts


def facts_of(recipient: Recipient, language: str) -> dict[str, str]:
    """The recipient's facts, dates and delays written in `language` (the e-mail's)."""
    if recipient.kind == "prospect":
        return prospect_facts(recipient.row, language)
    return lead_facts(recipient.row, language)


def facts_paragraph(facts: Mapping[str, str], language: str) -> str:
    """The first paragraph written from the facts' own sentences ("" when none applies)."""
    lines = FACT_LINES.get(language, FACT_LINES["en"])
    said: list[str] = []
    result = facts.get("form_test_result")
    if result and facts.get("website"):
        key = {"answered": "form_answered", "autoreply": "form_autoreply", "unanswered": "form_unanswered"}[result]
        said.append(lines[key].format(date=facts["form_test_date"], website=facts["website"],
                                      delay=facts.get("form_test_delay", "")))
    if facts.get("chat_widget") == "none" and facts.get("website"):
        said.append(lines["no_chat"].format(website=facts["website"]))
    if facts.get("enquiry_date"):
        if facts.get("enquiry_topic"):
            said.append(lines["lead_enquiry"].format(date=facts["enquiry_date"], topic=facts["enquiry_topic"]))
        else:
            said.append(lines["lead_message"].format(date=facts["enquiry_date"]))
    return " ".join(said)
