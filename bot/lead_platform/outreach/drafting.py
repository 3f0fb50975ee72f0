"""The `outreach_tick` job: drafts, follow-ups and the sending queue of every active campaign.

Every minute (and at once when a campaign starts), for each active e-mail campaign:

1. follow-ups: a sent e-mail whose step's delay has passed, whose recipient neither
   replied, bounced nor unsubscribed (and is not suppressed), gets the next step drafted;
2. new recipients: the audience, best industries first, is drafted until the campaign
   has a day's worth (its daily cap) of drafts waiting or queued;
3. the outreach agent writes each draft (agents/outreach); its steps go to agent_logs;
4. approved e-mails whose recipient's sending window is open are queued as `bulk_email`
   jobs, no more than what is left of today's cap;
5. a campaign with no one left to write to, nothing waiting and no sequence still
   running is completed.

A model call is made outside any database transaction: the tick reads, the agent writes
drafts, the tick stores them.
"""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from agents.outreach.graph import Graph, build_graph, run
from agents.outreach.state import Brief, OutreachContext, OutreachState, Recipient
from bot.core import queue
from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.lead_platform.outreach.content_rules import links_in
from bot.lead_platform.outreach.sending import SEND_JOB, settle_stale
from bot.lead_platform.outreach.templates import Template
from bot.lead_platform.outreach.window import Window, day_start, recipient_zone
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import email_templates
from bot.lead_platform.store import outreach_emails as emails
from bot.lead_platform.store.clients import Client, get_client
from bot.store.logs import record_agent_runs

TICK_JOB = "outreach_tick"
TICK_EVERY = 60.0  # seconds
DRAFTS_PER_TICK = 25  # per campaign: a tick stays short even with a model writing


@functools.cache
def outreach_graph() -> Graph:
    return build_graph()


@dataclass(frozen=True)
class Work:
    """One e-mail to draft: for whom, with which brief, continuing which e-mail."""

    recipient: Recipient
    brief: Brief
    previous: dict[str, Any] | None = None  # the e-mail a follow-up continues


def templates_of(conn: Conn, template_id: uuid.UUID | str) -> dict[str, Template]:
    """Every language version of a template, by language."""
    return {lang: Template(id=str(r["id"]), name=r["name"], language=lang, subject=r["subject"],
                           body=r["plain_content"] or "")
            for lang, r in email_templates.versions(conn, template_id).items()}


def recipient_of(row: dict[str, Any], *, kind: str, client: Client, zone: str) -> Recipient | None:
    """The agent's recipient for a prospect or lead row (None without an address)."""
    address = (row.get("contact_email") if kind == "prospect" else row.get("email")) or ""
    if not address.strip():
        return None
    language = row.get("language") or ""
    if language not in ("en", "fr"):
        site = str(row.get("site_language") or "")[:2].lower()
        language = site if site in ("en", "fr") else client.language
    return Recipient(kind="prospect" if kind == "prospect" else "lead", id=row["id"], address=address.strip(),
                     language=language, timezone=recipient_zone(row, fallback=zone), row=row)


def _brief(campaign: repo.Campaign, client: Client, *, step: int, templates: dict[str, Template],
           links: tuple[str, ...]) -> Brief:
    return Brief(campaign_id=campaign.id, sender_company=client.business_name, step=step, templates=templates,
                 approval_mode="auto" if campaign.approval_mode == "auto" else "manual",
                 booking_link=client.booking_link, allowed_links=links)


def sequence_templates(conn: Conn, campaign: repo.Campaign) -> list[dict[str, Template]]:
    """Each step's template (the first e-mail, then the follow-ups) by language; [] when one was deleted."""
    first = templates_of(conn, campaign.email_template_id) if campaign.email_template_id else {}
    steps = [templates_of(conn, s["template_id"]) for s in campaign.follow_up_schedule]
    return [first, *steps] if first and all(steps) else []


def allowed_links(every: list[dict[str, Template]], client: Client) -> tuple[str, ...]:
    """The links a campaign's e-mails may carry: its templates' own and the client's booking link."""
    return tuple(dict.fromkeys(
        [link for versions in every for t in versions.values() for link in links_in(f"{t.subject} {t.body}")]
        + ([client.booking_link] if client.booking_link else [])))


def brief_for(conn: Conn, campaign: repo.Campaign, client: Client, *, step: int) -> Brief | None:
    """What the agent is given for the e-mail at `step` (None when its template was deleted)."""
    every = sequence_templates(conn, campaign)
    if not 1 <= step <= len(every):
        return None
    return _brief(campaign, client, step=step, templates=every[step - 1], links=allowed_links(every, client))


def plan(conn: Conn, campaign: repo.Campaign, client: Client, *, now: datetime,
         priorities: dict[str, int]) -> list[Work]:
    """The e-mails this tick drafts for a campaign: due follow-ups first, then new recipients."""
    every = sequence_templates(conn, campaign)
    if not every:
        return []  # a template was deleted: activation refuses it, the page says so
    first, links = every[0], allowed_links(every, client)
    work: list[Work] = []
    for number, schedule in enumerate(campaign.follow_up_schedule, start=1):
        due = emails.follow_ups_due(conn, campaign.id, step=number,
                                    sent_before=now - timedelta(days=int(schedule["delay_days"])),
                                    limit=DRAFTS_PER_TICK - len(work))
        for previous in due:
            row = repo.recipient_row(conn, prospect_id=previous["prospect_id"], lead_id=previous["lead_id"])
            kind = "prospect" if previous["prospect_id"] else "lead"
            recipient = recipient_of(row, kind=kind, client=client, zone=campaign.timezone) if row else None
            if recipient is not None:
                work.append(Work(recipient, _brief(campaign, client, step=number + 1, templates=every[number],
                                                   links=links), previous))
    load = emails.counts(conn, campaign.id, since=day_start(now, campaign.timezone))
    room = min(DRAFTS_PER_TICK - len(work), campaign.daily_cap - load["pending"] - load["waiting"] - load["queued"])
    if room > 0:
        if campaign.audience == "prospects":
            rows = repo.audience_prospects(conn, campaign_id=campaign.id, criteria=campaign.target_criteria,
                                           limit=room, priorities=priorities)
        else:
            rows = repo.audience_leads(conn, campaign_id=campaign.id, criteria=campaign.target_criteria, limit=room)
        kind = "prospect" if campaign.audience == "prospects" else "lead"
        for row in rows:
            recipient = recipient_of(row, kind=kind, client=client, zone=campaign.timezone)
            if recipient is not None:
                work.append(Work(recipient, _brief(campaign, client, step=1, templates=first, links=links)))
    return work


def new_email(work: Work, result: OutreachState) -> emails.NewEmail:
    """The row the agent's result becomes."""
    draft, recipient, row = result["email"], work.recipient, work.recipient.row
    verdict = result["verdict"]
    return emails.NewEmail(
        campaign_id=work.brief.campaign_id, address=recipient.address, step=work.brief.step,
        status=result["status"], subject=draft.subject, content=draft.body, language=draft.language,
        timezone=recipient.timezone, template_id=uuid.UUID(draft.template_id),
        prospect_id=recipient.id if recipient.kind == "prospect" else None,
        lead_id=recipient.id if recipient.kind == "lead" else None,
        name=row.get("name") if recipient.kind == "lead" else None,
        company=row.get("business_name") if recipient.kind == "prospect" else None,
        website=row.get("website") if recipient.kind == "prospect" else None,
        thread_id=work.previous["thread_id"] if work.previous else None,
        metadata={"facts": result.get("facts", {}), "personal_source": draft.source,
                  "check": list(verdict.reasons), "model_refused": list(result.get("refused_model", ()))},
    )


def draft_all(services: Services, work: list[Work]) -> list[OutreachState]:
    """Run the agent for each e-mail (no transaction open: a model may be called)."""
    context = OutreachContext(chat_model=services.chat_model, prompts=services.prompts)
    graph = outreach_graph()
    return [run(graph, {"recipient": w.recipient, "brief": w.brief}, context) for w in work]


def tick_campaign(services: Services, campaign_id: uuid.UUID, client_id: uuid.UUID, *,
                  priorities: dict[str, int]) -> Counter[str]:
    """Draft, queue and maybe complete one campaign (module docstring)."""
    done: Counter[str] = Counter()
    now = services.clock()
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        campaign, client = repo.get_campaign(conn, campaign_id), get_client(conn, client_id)
        if campaign is None or client is None or campaign.status != "active":
            return done
        work = plan(conn, campaign, client, now=now, priorities=priorities)
    done["unconfirmed"] += settle_stale(services, campaign, client)
    results = draft_all(services, work)
    with services.pool.connection() as conn, tenant_transaction(conn, client_id):
        for item, result in zip(work, results, strict=True):
            if emails.insert_draft(conn, client_id=client_id, email=new_email(item, result)) is not None:
                done[f"drafted_{result['status']}"] += 1
                email_templates.count_use(conn, result["email"].template_id)
    if results:
        with services.pool.connection() as conn, service_transaction(conn):
            record_agent_runs(conn, lead_id=None, runs=[run for r in results for run in r.get("runs", [])])
    done["queued"] = queue_sends(services, campaign, now=now)
    if not work and done["queued"] == 0:
        done["completed"] = complete_if_done(services, campaign)
    return done


def queue_sends(services: Services, campaign: repo.Campaign, *, now: datetime) -> int:
    """Queue `bulk_email` jobs for approved e-mails whose window is open, within today's cap."""
    if not services.settings.smtp_host:
        return 0  # nothing can leave; the e-mails wait approved (the campaign page says why)
    window = Window(campaign.window_start_hour, campaign.window_end_hour, campaign.window_days)
    with services.pool.connection() as conn, tenant_transaction(conn, campaign.client_id):
        load = emails.counts(conn, campaign.id, since=day_start(now, campaign.timezone))
        room = campaign.daily_cap - load["sent_today"] - load["queued"]
        ready = emails.ready_to_send(conn, campaign.id, limit=max(0, room)) if room > 0 else []
    due = [e for e in ready if window.opens_in(now, e["recipient_timezone"] or campaign.timezone) == 0]
    if due:
        with services.pool.connection() as conn, service_transaction(conn):
            for email in due:
                queue.enqueue(conn, SEND_JOB, {"client_id": str(campaign.client_id), "email_id": str(email["id"])},
                              dedup_key=str(email["id"]), max_attempts=3)
                emails.mark_scheduled(conn, email["id"], at=now)
    return len(due)


def complete_if_done(services: Services, campaign: repo.Campaign) -> int:
    """Complete a campaign that has nobody left to write to and nothing under way; 1 when it did."""
    with services.pool.connection() as conn, tenant_transaction(conn, campaign.client_id):
        load = emails.counts(conn, campaign.id, since=services.clock())
        if load["pending"] or load["waiting"] or load["queued"]:
            return 0
        if emails.open_sequences(conn, campaign.id, last_step=campaign.steps) or repo.audience_size(conn, campaign=campaign):
            return 0
        return 1 if repo.set_status(conn, campaign.id, "completed") else 0


def tick(services: Services, *, campaign_id: str | None = None) -> dict[str, Any]:
    """Every active e-mail campaign (or that one) drafted and queued."""
    with services.pool.connection() as conn, service_transaction(conn):
        campaigns = repo.active_campaigns(conn, campaign_id=campaign_id)
        priorities = repo.industry_priorities(conn)
    totals: Counter[str] = Counter()
    for one, client_id in campaigns:
        totals += tick_campaign(services, one, client_id, priorities=priorities)
    return {"campaigns": len(campaigns), **totals}
