"""A form lead enters the WhatsApp conversation (`form_lead_to_whatsapp` job).

When a business's web form gave a phone number with consent and the client is linked
to the agency's bot, the member gets one opening message — business-initiated, so it
goes as the approved "opener" template outside the 24-hour window — and the
conversation starts from what the form already said: name, language, and whatever the
message tells about them (age, city, whom they seek).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agents.messages import Voice, say
from agents.nlu import understand
from agents.qualification import Asking, apply_answers, missing_question, question_reply
from bot.channels.delivery import enqueue_delivery
from bot.channels.registry import Channels
from bot.core.connections import Conn
from bot.core.db import tenant_transaction
from bot.core.services import Services
from bot.core.worker import PermanentError
from bot.lead_platform.store.clients import get_client
from bot.lead_platform.store.leads import get_lead as get_form_lead
from bot.store import conversations as repo
from bot.store.configuration import all_configuration
from graph.state import Button, LeadUpdates
from knowledge.profiles import catalogue_cities


def e164(phone: str) -> str | None:
    """"+237 6 99-12-34-56" → "+237699123456"; None when it cannot be a phone number."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("00"):
        digits = digits[2:]
    return f"+{digits}" if 8 <= len(digits) <= 15 else None


def _read_form_lead(conn: Conn, client_id: str, lead_memory_id: str) -> tuple[Any, Any]:
    with tenant_transaction(conn, client_id):
        return get_client(conn, client_id), get_form_lead(conn, lead_memory_id)


def enter(services: Services, client_id: str, lead_memory_id: str) -> dict[str, Any]:
    """Create or merge the member and queue the opener; idempotent per form lead."""
    with services.pool.connection() as conn:
        client, form = _read_form_lead(conn, client_id, lead_memory_id)
        if client is None or form is None:
            raise PermanentError("the form lead or its client no longer exists")
        phone = e164(form.get("phone") or "")
        if not (client.bot_linked and form.get("whatsapp_consent") and phone):
            return {"skipped": "no phone, no consent, or the client is not linked to the bot"}
        channel = Channels(services.settings).configured_provider()
        with conn.transaction():
            lead_id = repo.upsert_form_lead(conn, channel=channel, phone=phone, name=form.get("name"))
            lead = repo.get_lead(conn, lead_id)
            assert lead is not None
            if lead.opted_out:
                return {"skipped": "the member opted out of WhatsApp messages"}
            message = (form.get("message") or "").strip()
            stored = repo.record_inbound(
                conn, lead_id=lead_id, content=message, provider_message_id=f"form-{lead_memory_id}",
                channel="form", message_type="form",
                metadata={"client_id": client_id, "business": client.business_name},
            )
            if stored is None:
                return {"skipped": "this form lead already entered the conversation"}
            repo.mark_answered(conn, [stored], intent="form")
            opener_id = _open(conn, lead, form=form, message=message,
                              business=client.business_name)
    return {"lead_id": lead_id, "opener": opener_id}


def _open(conn: Conn, lead: repo.Lead, *, form: dict[str, Any],
          message: str, business: str) -> int:
    """Fill the lead from the form, and queue one opener that asks the next question."""
    lang = form.get("language") or lead.language
    cities = catalogue_cities(conn)
    updates = LeadUpdates(language=lang)
    if message:
        minimum = all_configuration(conn).get("minimum_age") or 18
        asking = Asking(asked=None, minimum=int(minimum), lang=lang, cities=cities, words=Voice())
        answers = apply_answers(replace(lead, language=lang), understand(message, known_cities=cities), asking)
        updates.update(answers.changes)
    pending = missing_question(replace(lead, **updates))
    updates.update(LeadUpdates(conversation_phase="qualification" if pending else "matching",
                               platform_lead_id=form["id"]))
    repo.update_lead(conn, lead.id, **updates)
    first_name = (form.get("name") or "").split()[0] if form.get("name") else ""
    text = say("form_opener", lang, name=f" {first_name}" if first_name else "", business=business)
    buttons: list[Button] = []
    if pending:
        question = question_reply(pending, lang, cities)
        text = f"{text} {question['text']}"
        buttons = question.get("buttons", [])
    message_id = repo.record_outbound(
        conn, lead_id=lead.id, content=text, intent="opener", channel=lead.channel,
        metadata={"agent": "form_entry", "purpose": "opener", "business_initiated": True,
                  "buttons": buttons},
    )
    enqueue_delivery(conn, message_id)
    return message_id
