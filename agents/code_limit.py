"""How many profiles a member may look up by code in a day.

Profile codes are sequential (MAT-2025-001, -002…): without a limit, a member could walk
the catalogue code by code to learn which profiles exist. Each code the member names is
counted once a day (UTC), whether it exists, suits them or not; codes of profiles the bot
has already shown them cost nothing. The limit is the `profile_codes_per_day` setting.
"""

from __future__ import annotations

from datetime import date

from langgraph.runtime import Runtime

from agents.common import agent, config_value, language, reply, spoken, voice, with_metadata
from agents.context import TurnContext
from bot.store.conversations import Lead
from graph.state import LeadUpdates, State, Update
from knowledge.profiles import shown_profiles

CODES_PER_DAY = 10  # default of `profile_codes_per_day`: a member browsing by hand never needs more
SETTING = "profile_codes_per_day"


def codes_per_day(ctx: TurnContext) -> int:
    """The agency's daily limit of codes looked up per member."""
    return int(config_value(ctx, SETTING, CODES_PER_DAY))


def asked_today(lead: Lead, today: date) -> list[str]:
    """The codes this member named today (the lead's metadata keeps only today's)."""
    asked = (lead.metadata or {}).get("codes_asked") or {}
    return list(asked.get("codes") or []) if asked.get("day") == today.isoformat() else []


def new_codes(ctx: TurnContext, lead: Lead, codes: tuple[str, ...], today: date) -> list[str]:
    """The codes of this message that count: not named before today, not of a profile shown."""
    fresh = [code for code in dict.fromkeys(codes) if code not in asked_today(lead, today)]
    if not fresh:
        return []
    shown = {profile.code for profile in shown_profiles(ctx.conn, lead_id=lead.id)}
    return [code for code in fresh if code not in shown]


def counted(lead: Lead, codes: list[str], today: date) -> LeadUpdates:
    """The lead's metadata with these codes added to today's."""
    return LeadUpdates(metadata=with_metadata(
        lead, codes_asked={"day": today.isoformat(), "codes": [*asked_today(lead, today), *codes]}))


@agent("code_limit")
def code_limit_node(state: State, *, runtime: Runtime[TurnContext]) -> Update:
    """Politely refuse one more code today; browsing what the bot proposes still works."""
    words = voice(state)
    text = words.say("code_limit", language(state, runtime.context))
    return spoken(Update(replies=[reply(text)], intent="code_limit"), words)
