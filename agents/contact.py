"""The contact agent: a member's interest in a profile becomes a request and a payment."""

from __future__ import annotations

from decimal import Decimal

from langgraph.runtime import Runtime

from agents.common import agent, config_value, language, reply, seen_lead, text_of
from agents.context import TurnContext
from agents.messages import say
from bot.channels.alerts import enqueue_admin_alert
from bot.store.contacts import create_request, open_request
from graph.state import Reply, State, Understanding, Update
from knowledge.profiles import get_profile_by_code

ASKS_FOR_DETAILS = ("numéro", "numero", "number", "téléphone", "telephone", "phone", "whatsapp", "contact")


def format_price(amount: Decimal, currency: str, lang: str) -> str:
    """15000 XAF → "15 000 XAF" (fr) / "15,000 XAF" (en)."""
    whole = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"
    return f"{whole.replace(',', ' ') if lang == 'fr' else whole} {currency}"


@agent("contact")
def contact_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Register the request (once), give price and payment steps, alert the admins."""
    ctx = runtime.context
    lang = language(state, ctx)
    u = state.get("understanding", Understanding())
    code = u.profile_codes[0] if u.profile_codes else seen_lead(state, ctx).last_profile_shown
    if not code:
        return Update(replies=[reply(say("contact_which", lang))], intent="contact")
    profile = get_profile_by_code(ctx.conn, code)
    if profile is None or profile.status != "active":
        return Update(replies=[reply(say("contact_unknown_code", lang, code=code))], intent="contact")
    if open_request(ctx.conn, lead_id=ctx.lead.id, profile_code=profile.code):
        already = reply(say("contact_already", lang, code=profile.code), profile_code=profile.code)
        return Update(replies=[already], intent="contact")
    amount = Decimal(str(config_value(ctx, "contact_price", 15000)))
    currency = str(config_value(ctx, "currency", "XAF"))
    request_id, _ = create_request(
        ctx.conn, lead_id=ctx.lead.id, profile_id=profile.id, profile_code=profile.code,
        message=text_of(state)[:1000], amount=amount, currency=currency,
    )
    payment = (config_value(ctx, "payment_instructions") or {}).get(lang) or say("contact_next_steps", lang)
    text = say("contact_created", lang, code=profile.code, first_name=profile.first_name,
               price=format_price(amount, currency, lang), payment=payment)
    replies: list[Reply] = [reply(text, profile_code=profile.code)]
    if any(word in text_of(state).lower() for word in ASKS_FOR_DETAILS):
        replies.append(reply(say("contact_never_share", lang)))
    enqueue_admin_alert(ctx.conn, lead_id=ctx.lead.id,
                 text=f"Nouvelle demande de mise en relation #{request_id} : lead {ctx.lead.id} → {profile.code}")
    return Update(replies=replies, intent="contact")
