"""Draft: the campaign's template filled for the recipient, with the first paragraph about them.

The template is the version in the recipient's language (the campaign's other language
when it has none). The paragraph goes where the template says `{{personal_line}}`, or
after the greeting when the template does not place it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from agents.outreach.prompts import OUTREACH_PERSONAL, personal_messages
from agents.outreach.research import facts_paragraph, first_name
from agents.outreach.state import Brief, Draft, Recipient, Source
from bot.core.prompts import PromptCall, PromptRegistry
from bot.lead_platform.outreach.templates import Template, render, variables_of

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


def pick_template(brief: Brief, language: str) -> Template:
    """The template version in this language, else any version the campaign has."""
    if language in brief.templates:
        return brief.templates[language]
    return next(iter(brief.templates.values()))


def model_paragraph(chat_model: BaseChatModel, *, brief: Brief, recipient: Recipient,
                    facts: dict[str, str], language: str, prompt: PromptCall | None = None) -> str:
    """The chat model's paragraph from the facts ("" on any failure: the facts' own sentences then);
    `prompt`: the registry's (the code's text, unrecorded, without one)."""
    prompt = prompt or OUTREACH_PERSONAL.unrecorded()
    who = facts.get("company") or facts.get("first_name") or "the recipient"
    try:
        answer = prompt.model(chat_model).invoke(
            personal_messages(prompt=prompt, sender=brief.sender_company, recipient=who, language=language,
                              facts=facts),
            config=prompt.config())
    except Exception as exc:  # noqa: BLE001 -- the facts' own paragraph is always a fine fallback
        log.warning("outreach paragraph failed for %s %s: %s", recipient.kind, recipient.id, exc)
        return ""
    return " ".join(str(getattr(answer, "content", answer)).split())


def _place(body: str, personal: str) -> str:
    """Put the paragraph after the greeting of a template that does not place it."""
    if not personal:
        return body
    head, sep, rest = body.partition("\n\n")
    if sep and len(head) <= 60 and head.rstrip().endswith((",", ":")):
        return f"{head}\n\n{personal}\n\n{rest}"
    return f"{personal}\n\n{body}"


def compose(*, brief: Brief, recipient: Recipient, facts: dict[str, str], personal: str,
            source: Source, execution_id: str | None = None) -> Draft:
    """Fill the template for this recipient."""
    template = pick_template(brief, recipient.language)
    values: dict[str, str | None] = {
        "first_name": facts.get("first_name") or first_name(str(recipient.row.get("name") or "")),
        "company": facts.get("company"),
        "website": facts.get("website"),
        "industry": facts.get("industry"),
        "region": facts.get("region"),
        "sender_company": brief.sender_company,
        "booking_link": brief.booking_link,
        "personal_line": personal,
    }
    subject = render(template.subject, values)
    body_template = template.body if "personal_line" in variables_of(template.body) \
        else _place(template.body, "{{personal_line|}}" if personal else "")
    body = render(body_template, values)
    missing = tuple(dict.fromkeys([*subject.missing, *(m for m in body.missing if m != "personal_line")]))
    return Draft(subject=" ".join(subject.text.split()), body=body.text, language=template.language,
                 template_id=template.id, personal=personal, source=source if personal else "none",
                 missing=missing, execution_id=execution_id)


def write(*, chat_model: BaseChatModel | None, brief: Brief, recipient: Recipient, facts: dict[str, str],
          model_allowed: bool, prompts: PromptRegistry | None = None) -> Draft:
    """The draft: a model's paragraph when a model is configured and allowed, else the facts' own."""
    language = pick_template(brief, recipient.language).language
    if chat_model is not None and model_allowed and facts:
        prompt = prompts.call(OUTREACH_PERSONAL, subject=f"{recipient.kind}:{recipient.id}",
                              client_id=recipient.row.get("client_id")) if prompts else None
        personal = model_paragraph(chat_model, brief=brief, recipient=recipient, facts=facts, language=language,
                                   prompt=prompt)
        if personal:
            return compose(brief=brief, recipient=recipient, facts=facts, personal=personal, source="model",
                           execution_id=prompt.execution_id if prompt else None)
    return compose(brief=brief, recipient=recipient, facts=facts, personal=facts_paragraph(facts, language),
                   source="facts")
