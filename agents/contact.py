"""The contact agent: a member's interest in a profile becomes a request and a payment.

Only a qualified member can ask, and only for a profile that suits them both ways (the
matching constraints); any other code gets the same answer as an unknown one, so the
catalogue cannot be walked code by code.
"""

from __future__ import annotations

from decimal import Decimal

from langgraph.runtime import Runtime

from agents.common import (
    agent,
    agreement,
    config_value,
    language,
    reply,
    seen_lead,
    spoken,
    text_of,
    understood,
    voice,
)
from agents.context import TurnContext
from agents.matching import referenced, show, suits
from agents.qualification import yes_no_buttons
from bot.channels.alerts import enqueue_admin_alert
from bot.lead_platform.store import feedback
from bot.store.contacts import create_request, open_request
from graph.state import LeadUpdates, Pending, Reply, State, Update
from knowledge.profiles import Profile, shown_profiles

ASKS_FOR_DETAILS = ("numéro", "numero", "number", "téléphone", "telephone", "phone", "whatsapp", "contact")
# How members write prices: FCFA, not the ISO code.
CURRENCY_NAMES = {"XAF": "FCFA", "XOF": "FCFA"}


def format_price(amount: Decimal, currency: str, lang: str) -> str:
    """15000 XAF → "15 000 FCFA" (fr) / "15,000 FCFA" (en)."""
    whole = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"
    name = CURRENCY_NAMES.get(currency.upper(), currency)
    return f"{whole.replace(',', ' ') if lang == 'fr' else whole} {name}"


def request_introduction(state: State, ctx: TurnContext, profile: Profile) -> list[Reply]:
    """Register the request (once), give price and payment steps, alert the admins."""
    lang = language(state, ctx)
    words = voice(state)
    if open_request(ctx.conn, lead_id=ctx.lead.id, profile_code=profile.code):
        return [reply(words.say("contact_already", lang, code=profile.code), profile_code=profile.code)]
    amount = Decimal(str(config_value(ctx, "contact_price", 15000)))
    currency = str(config_value(ctx, "currency", "XAF"))
    request_id, _ = create_request(
        ctx.conn, lead_id=ctx.lead.id, profile_id=profile.id, profile_code=profile.code,
        message=text_of(state)[:1000], amount=amount, currency=currency,
    )
    # The conversation reached what the member came for: the readings that led here were right.
    feedback.conversation_outcome(ctx.conn, member_id=ctx.lead.id, event="contact_request")
    payment = (config_value(ctx, "payment_instructions") or {}).get(lang) or words.say("contact_next_steps", lang)
    text = words.say("contact_created", lang, code=profile.code, first_name=profile.first_name,
                     price=format_price(amount, currency, lang), payment=payment)
    replies = [reply(text, profile_code=profile.code, first_name=profile.first_name)]
    if any(word in text_of(state).lower() for word in ASKS_FOR_DETAILS):
        replies.append(reply(words.say("contact_never_share", lang)))
    enqueue_admin_alert(ctx.conn, lead_id=ctx.lead.id,
                        text=f"Nouvelle demande de mise en relation #{request_id} : lead {ctx.lead.id} → {profile.code}")
    return replies


@agent("contact")
def contact_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """An introduction request, for a profile that suits the member (or a question which one)."""
    ctx = runtime.context
    lang = language(state, ctx)
    lead = seen_lead(state, ctx)
    u = understood(state)
    words = voice(state)
    if not lead.qualification_complete:
        return spoken(Update(replies=[reply(words.say("contact_not_qualified", lang))], intent="contact"), words)
    if not (u.profile_codes or u.profile_ordinal is not None or lead.last_profile_shown):
        return spoken(Update(replies=[reply(words.say("contact_which", lang))], intent="contact"), words)
    profile = referenced(ctx, lead, u)
    if profile is None or not suits(ctx, lead, profile):
        code = u.profile_codes[0] if u.profile_codes else (lead.last_profile_shown or "")
        return spoken(Update(replies=[reply(words.say("contact_unknown_code", lang, code=code))],
                             intent="contact"), words)
    if u.profile_codes and not any(p.id == profile.id for p in shown_profiles(ctx.conn, lead_id=lead.id)):
        # A code the member has never seen the card of ("I want to see MAT-…", a code from a
        # friend): the card first; a paid request only once they have read it and ask.
        card = [reply(words.say("view_asked", lang, code=profile.code)), show(profile, ctx, lead, lang, words)]
        return spoken(Update(replies=card, intent="contact", awaiting="profile_shown",
                             lead_updates=LeadUpdates(last_profile_shown=profile.code)), words)
    if u.intent == "yes" or u.by_model:
        # A bare "oui" under a card, or an interest only the LLM read: most likely, but a paid
        # request is asked for, not assumed.
        text = words.say("contact_confirm", lang, first_name=profile.first_name, code=profile.code,
                         e=agreement(lead))
        return spoken(Update(replies=[reply(text, buttons=yes_no_buttons(lang, words), first_name=profile.first_name)],
                             intent="contact", pending=Pending(kind="interest", value=profile.code),
                             awaiting="asked_confirmation"), words)
    return spoken(Update(replies=request_introduction(state, ctx, profile), intent="contact"), words)
