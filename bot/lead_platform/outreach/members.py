"""Member outreach: the agency's WhatsApp members as the audience of two campaigns of the
internal client (the `member_outreach` job, every few minutes).

- **New compatible profile.** A profile added lately that passes a member's hard
  constraints both ways (knowledge/member_matches.py) is proposed to them by its code and
  first name: "voulez-vous le découvrir ?". The conversation then waits for that answer
  (graph/offers.py), so the member's "oui" shows the profile's card.
- **Re-engagement.** A member who went quiet during qualification gets one gentle
  reminder per silence; their answer resumes the qualification.

Both obey the rules in `member_outreach` (member_rules.py): at most one message per member
per period, never the same profile twice, never to a member who opted out, is with a
person, is ineligible or blocked the agency, only in the agency's daytime, within the
campaign's status and daily cap. Each message is an outbound conversation row with its
`deliver_message` job (retries, status callbacks, opt-out and the 24-hour window applied at
delivery: outside it, the approved template of its purpose, `match_alert` or `reengage`),
written through the privacy guard, and a `member_outreach` row counted in the campaign's
daily `outreach_metrics`.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any, Protocol

import psycopg

from agents.common import first_name
from agents.messages import say
from agents.privacy import NameIndex, digits, guard_text, load_name_index
from bot.channels.delivery import enqueue_delivery, template_for
from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.core.worker import Handler
from bot.lead_platform.outreach.member_rules import MemberRules
from bot.lead_platform.store import member_outreach as store
from bot.lead_platform.store.campaigns import ensure_internal_client
from bot.lead_platform.store.member_outreach import Kind, MemberCampaign, Window
from bot.store import conversations as repo
from bot.store.configuration import all_configuration
from bot.store.conversations import Lead
from bot.store.logs import insert_log
from graph.state import Awaiting, Pending
from knowledge.member_matches import newest_matches
from knowledge.profiles import Profile

log = logging.getLogger(__name__)

# The purpose of each kind's messages: the `whatsapp_templates` entry used outside the window.
PURPOSES: dict[Kind, str] = {"new_profile": "match_alert", "reengage": "reengage"}
# Messages per kind per run: a run stays short, the next one (minutes later) goes on.
BATCH = 200
JOB = "member_outreach"
# A profile added now is proposed within minutes (in daytime); metrics are as fresh.
EVERY = 300.0


class Conversation(Protocol):
    """A member's conversation, as a message sent outside a turn must treat it (graph/offers.py)."""

    def lock(self, conn: Conn, lead_id: int) -> bool: ...

    def ask(self, conn: Conn, lead_id: int, *, pending: Pending | None, awaiting: Awaiting) -> None: ...


class Writer:
    """Composes and queues the messages of one run (its configuration read once)."""

    def __init__(self, conn: Conn, conversation: Conversation, *, config: dict[str, Any],
                 rules: MemberRules) -> None:
        self.conn = conn
        self.conversation = conversation
        self.rules = rules
        agency = config.get("agency_phone")
        self.allowed_numbers = {digits(str(agency))} if agency else set()
        self.names: NameIndex = load_name_index(conn)

    def guarded(self, text: str, *, lead_id: int, public: set[str]) -> str:
        """The text as the privacy guard lets it out (what it masked is logged, as in a turn)."""
        result = guard_text(text, names=self.names, allowed_numbers=self.allowed_numbers,
                            public_first_names=public)
        if result.removed:
            insert_log(self.conn, source="privacy_guard", level="warning", lead_id=lead_id,
                       message="masked content in a member outreach message", context={"removed": result.removed})
        return result.text

    def alert(self, lead: Lead, profile: Profile, campaign: MemberCampaign) -> int:
        """Propose a new profile; the member's next turn reads their answer to it."""
        lang = lead.language
        name = first_name(lead)
        variant = store.sends_count(self.conn, lead.id, kind="new_profile")
        text = say("profile_alert", lang, variant=variant, name=f" {name}" if name else "",
                   first_name=profile.first_name, code=profile.code)
        text = self.guarded(f"{text}\n{say('outreach_stop', lang)}", lead_id=lead.id, public={profile.first_name})
        buttons = [{"id": "yes", "title": say("button_yes", lang)}, {"id": "no", "title": say("button_no", lang)}]
        message_id = self._queue(lead, text, campaign, profile_code=profile.code,
                                 metadata={"first_name": profile.first_name, "buttons": buttons})
        store.record_send(self.conn, lead_id=lead.id, campaign_id=campaign.id, kind="new_profile",
                          message_id=message_id, profile_id=profile.id)
        self.conversation.ask(self.conn, lead.id, pending=Pending(kind="profile_offer", value=profile.code),
                              awaiting="asked_confirmation")
        return message_id

    def reminder(self, lead: Lead, campaign: MemberCampaign) -> int:
        """One gentle reminder to finish qualifying (the conversation's context stays the
        question the member left unanswered)."""
        name = first_name(lead)
        text = say("reengage", lead.language, name=f" {name}" if name else "")
        text = self.guarded(f"{text}\n{say('outreach_stop', lead.language)}", lead_id=lead.id, public=set())
        message_id = self._queue(lead, text, campaign, metadata={})
        store.record_send(self.conn, lead_id=lead.id, campaign_id=campaign.id, kind="reengage",
                          message_id=message_id)
        return message_id

    def _queue(self, lead: Lead, text: str, campaign: MemberCampaign, *, metadata: dict[str, Any],
               profile_code: str | None = None) -> int:
        message_id = repo.record_outbound(
            self.conn, lead_id=lead.id, content=text, intent="outreach", profile_code=profile_code,
            channel=lead.channel,
            metadata={"agent": "member_outreach", "purpose": PURPOSES[campaign.kind], "business_initiated": True,
                      "campaign_id": str(campaign.id), **metadata},
        )
        enqueue_delivery(self.conn, message_id)
        return message_id

    def send(self, lead_id: int, campaign: MemberCampaign, profile: Profile | None = None) -> bool:
        """One message in its own transaction, under the lead's turn lock, after checking again
        what may have changed since the member was chosen; False when it is not sent."""
        with self.conn.transaction():
            if not self.conversation.lock(self.conn, lead_id):
                return False  # a turn of this member is running: the next run tries again
            lead = repo.get_lead(self.conn, lead_id, for_update=True)
            if (lead is None or lead.opted_out or lead.with_human
                    or store.contacted_within(self.conn, lead_id, days=self.rules.every_days)):
                return False
            if profile is not None:
                self.alert(lead, profile, campaign)
            else:
                self.reminder(lead, campaign)
        return True


def run(services: Services, conversation: Conversation) -> dict[str, Any]:
    """One pass: alerts, then reminders, then the campaigns' metrics."""
    now = services.clock()
    with services.pool.connection() as conn:
        config = all_configuration(conn)
        rules = MemberRules.from_config(config)
        with service_transaction(conn):
            client_id = ensure_internal_client(conn).client_id
        with tenant_transaction(conn, client_id):
            campaigns = store.member_campaigns(conn, client_id, window=_window(rules))
        result: dict[str, Any] = {}
        if not rules.active or config.get("bot_enabled") is False:
            result["skipped"] = "member outreach is off (every_days 0, or the bot is switched off)"
        elif not rules.daytime(now):
            result["skipped"] = "outside the agency's daytime"
        else:
            writer = Writer(conn, conversation, config=config, rules=rules)
            templates = config.get("whatsapp_templates") or {}
            result["alerts"] = _alerts(writer, campaigns["new_profile"], now=now,
                                       template=_has_template(templates, "new_profile"))
            result["reminders"] = _reminders(writer, campaigns["reengage"], now=now,
                                             template=_has_template(templates, "reengage"))
        result["metric_rows"] = _metrics(conn, client_id, list(campaigns.values()), rules=rules, now=now)
    return result


def _alerts(writer: Writer, campaign: MemberCampaign, *, now: datetime, template: bool) -> int:
    room = _room(writer, campaign, now=now)
    if not room:
        return 0
    rules = writer.rules
    members = store.alertable_members(writer.conn, every_days=rules.every_days, template=template)
    matches = newest_matches(writer.conn, lead_ids=members, added_since=now - timedelta(days=rules.fresh_days),
                             limit=room)
    return sum(writer.send(match.lead_id, campaign, match.profile) for match in matches)


def _reminders(writer: Writer, campaign: MemberCampaign, *, now: datetime, template: bool) -> int:
    room = _room(writer, campaign, now=now)
    rules = writer.rules
    if not room or rules.quiet_days <= 0:
        return 0
    members = store.quiet_members(writer.conn, quiet_days=rules.quiet_days, every_days=rules.every_days,
                                  template=template, limit=room)
    return sum(writer.send(lead_id, campaign) for lead_id in members)


def _room(writer: Writer, campaign: MemberCampaign, *, now: datetime) -> int:
    """How many more messages the campaign may send this run: active, under its daily cap."""
    if campaign.status != "active":
        return 0
    midnight = datetime.combine(now.astimezone(writer.rules.hours.zone).date(), time(), tzinfo=writer.rules.hours.zone)
    return max(0, min(BATCH, campaign.daily_cap - store.sent_since(writer.conn, campaign.id, midnight)))


def _has_template(templates: Any, kind: Kind) -> bool:
    """Whether members outside the 24-hour window can get this kind of message at all."""
    return template_for(templates, PURPOSES[kind], values={}) is not None


def _window(rules: MemberRules) -> Window:
    """The campaigns' sending window as the campaign screens show it (whole hours)."""
    end = rules.end.hour + (1 if rules.end.minute else 0)
    return Window(start_hour=rules.start.hour, end_hour=min(24, max(end, rules.start.hour + 1)),
                  timezone=str(rules.hours.zone))


def _metrics(conn: Conn, client_id: Any, campaigns: list[MemberCampaign], *, rules: MemberRules,
             now: datetime) -> int:
    """Outcomes of recent messages, then the daily metrics of the days they were sent."""
    with conn.transaction():
        store.record_outcomes(conn, reply_days=rules.reply_days)
    zone = rules.hours.zone
    first_day = now.astimezone(zone).date() - timedelta(days=rules.reply_days + 1)
    counts = store.day_counts(conn, [c.id for c in campaigns], since=datetime.combine(first_day, time(), tzinfo=zone),
                              timezone=str(zone))
    with tenant_transaction(conn, client_id):
        return store.write_metrics(conn, client_id=client_id, counts=counts)


def job_handlers(services: Services, conversation: Conversation) -> dict[str, Handler]:
    """`member_outreach`, every five minutes (re-enqueues itself; at most one is pending).
    Its first run is seeded delayed, so that a test draining its queue never runs it."""

    def member_outreach(job: queue.Job) -> dict[str, Any]:
        try:
            return run(services, conversation)
        finally:
            with services.pool.connection() as conn:
                queue.schedule(conn, JOB, delay=EVERY)

    try:
        with services.pool.connection() as conn:
            queue.schedule(conn, JOB, delay=EVERY)
    except psycopg.Error as exc:  # a worker must start even if seeding fails; the next start retries
        log.warning("could not schedule the member outreach job: %s", exc)
    return {JOB: member_outreach}
