"""Changes the copilot prepares and the user confirms: tag, convert, archive, note, re-analysis,
draft and start a campaign.

A tool that changes something never changes it: `prepare` checks it (the lead or campaign is
the tenant's, the settings are valid) and records it as a pending `copilot_actions` row
bound to the user's session, with the sentence the user reads before confirming. Only
`decide`, called by the user's own confirmation (a button, or "oui"), runs it: once, in the
same session, before it expires, in the tenant's transaction, through the same functions
the dashboard's forms call.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.tools import ToolException

from bot.core.connections import Conn
from bot.lead_platform.copilot.audit import record
from bot.lead_platform.copilot.messages import text
from bot.lead_platform.copilot.workspace import PENDING_LIFETIME, Workspace
from bot.lead_platform.outreach import campaign_jobs, campaigns
from bot.lead_platform.outreach.campaigns import CampaignError
from bot.lead_platform.store import campaigns as campaigns_repo
from bot.lead_platform.store import copilot as store
from bot.lead_platform.store import email_templates
from bot.lead_platform.store import leads as leads_repo
from bot.lead_platform.store.intake import enqueue_reanalysis

log = logging.getLogger(__name__)
Args = Mapping[str, Any]


class ActionFailed(Exception):
    """A confirmed change that could not be made, and why (shown to the user)."""


@dataclass(frozen=True)
class Change:
    """How one kind of change is described before, made at, and followed up after confirmation."""

    describe: Callable[[Conn, Workspace, Args], tuple[str, uuid.UUID | None]]  # ToolException when impossible
    run: Callable[[Conn, Workspace, Args], None]  # in the tenant's transaction; ActionFailed when impossible
    after: Callable[[Conn, Workspace, Args], None] | None = None  # once committed (queue jobs)


def _lead(conn: Conn, lead_id: Any) -> dict[str, Any]:
    lead = leads_repo.get_lead(conn, str(lead_id))
    if lead is None:  # another tenant's lead is simply not there (RLS)
        raise ToolException(f"No lead with id {lead_id} in this account.")
    return lead


def _lead_label(lead: Mapping[str, Any]) -> str:
    return str(lead.get("name") or lead.get("email") or f"#{str(lead['id'])[:8]}")


def _describe_lead(key: str, **extra: Callable[[Args], str]) -> Callable[[Conn, Workspace, Args], tuple[str, uuid.UUID]]:
    def describe(conn: Conn, ws: Workspace, args: Args) -> tuple[str, uuid.UUID]:
        lead = _lead(conn, args["lead_id"])
        values = {name: get(args) for name, get in extra.items()}
        return text(ws.language)[key].format(lead=_lead_label(lead), **values), lead["id"]

    return describe


def _on_lead(change: Callable[..., object], **fixed: Any) -> Callable[[Conn, Workspace, Args], None]:
    """Run one of the dashboard's lead changes; a lead gone since the proposal fails it."""

    def run(conn: Conn, ws: Workspace, args: Args) -> None:
        extra = {k: args[k] for k in ("tag", "note") if k in args}
        if not change(conn, str(args["lead_id"]), performed_by=ws.actor, **fixed, **extra):
            raise ActionFailed(text(ws.language)["lead_gone"])

    return run


def _settings(conn: Conn, args: Args) -> dict[str, Any]:
    try:
        values = campaigns.read_settings(args)
        campaigns.check_templates(conn, values)
    except CampaignError as exc:
        raise ToolException(f"Campaign settings refused: {exc}") from None
    return values


def _describe_draft(conn: Conn, ws: Workspace, args: Args) -> tuple[str, None]:
    values = _settings(conn, args)
    t = text(ws.language)
    template = email_templates.get_template(conn, values["email_template_id"]) or {}
    return t["draft_campaign"].format(name=values["name"], audience=t[f"audience_{values['audience']}"],
                                      template=template.get("name", "?"), cap=values["daily_cap"],
                                      approval=t[f"approval_{values['approval_mode']}"]), None


def _draft(conn: Conn, ws: Workspace, args: Args) -> None:
    try:
        campaigns.create(conn, client_id=ws.client_id, raw=args)
    except CampaignError as exc:
        raise ActionFailed(str(exc)) from None


def _campaign(conn: Conn, campaign_id: Any) -> campaigns_repo.Campaign:
    campaign = campaigns_repo.get_campaign(conn, str(campaign_id))
    if campaign is None or campaign.audience not in campaigns_repo.EMAIL_AUDIENCES:
        raise ToolException(f"No e-mail campaign with id {campaign_id} in this account.")
    return campaign


def _describe_launch(conn: Conn, ws: Workspace, args: Args) -> tuple[str, None]:
    campaign = _campaign(conn, args["campaign_id"])
    if campaign.status not in ("draft", "paused"):
        raise ToolException(f"The campaign is {campaign.status}: only a draft or paused campaign can start.")
    remaining = campaigns_repo.audience_size(conn, campaign=campaign)
    return text(ws.language)["launch_campaign"].format(name=campaign.name, remaining=remaining), None


def _launch(conn: Conn, ws: Workspace, args: Args) -> None:
    try:
        campaigns.activate(conn, str(args["campaign_id"]))
    except CampaignError as exc:
        raise ActionFailed(str(exc)) from None


CHANGES: dict[str, Change] = {
    "tag_lead": Change(_describe_lead("tag_lead", tag=lambda a: str(a["tag"])), _on_lead(leads_repo.tag_lead)),
    "convert_lead": Change(_describe_lead("convert_lead"), _on_lead(leads_repo.mark_converted)),
    "archive_lead": Change(_describe_lead("archive_lead"), _on_lead(leads_repo.set_state, action="archived")),
    "add_note": Change(_describe_lead("add_note", note=lambda a: str(a["note"])), _on_lead(leads_repo.add_note)),
    "reenrich_lead": Change(
        _describe_lead("reenrich_lead"), _on_lead(leads_repo.record_reanalysis_request),
        after=lambda conn, ws, args: enqueue_reanalysis(conn, client_id=ws.client_id, lead_id=str(args["lead_id"]))),
    "draft_campaign": Change(_describe_draft, _draft),
    "launch_campaign": Change(_describe_launch, _launch,
                              after=lambda conn, ws, args: campaign_jobs.kick(conn, str(args["campaign_id"]))),
}


def prepare(ws: Workspace, tool: str, args: Mapping[str, Any]) -> store.Action:
    """Check a change and record it as waiting for the user (ToolException when it cannot be made)."""
    arguments = json.loads(json.dumps(dict(args), default=str))  # ids as text, as they are stored
    with ws.tenant() as conn:
        description, lead_id = CHANGES[tool].describe(conn, ws, arguments)
        action = store.propose(conn, client_id=ws.client_id, session_id=ws.session_id, tool=tool,
                               arguments=arguments, description=description, lead_id=lead_id,
                               expires_at=ws.now() + PENDING_LIFETIME)
    ws.proposed.append(action)
    return action


@dataclass(frozen=True)
class Decision:
    """What the user's answer did: the action (None when it was not waiting) and the reply to show."""

    action: store.Action | None
    reply: str


def decide(ws: Workspace, action_id: uuid.UUID, *, confirm: bool) -> Decision:
    """Run (confirm) or drop (cancel) a waiting action of this session; anything else changes nothing."""
    t = text(ws.language)
    started = time.perf_counter()
    change: Change | None = None
    with ws.tenant() as conn:
        action = store.take(conn, action_id, session_id=ws.session_id, now=ws.now(),
                            status="done" if confirm else "cancelled")
        if action is None:
            known = store.get_action(conn, action_id, session_id=ws.session_id)
            expired = known is not None and known.expired(ws.now())
            return Decision(None, t["too_late"] if expired else t["gone"])
        if not confirm:
            reply, error = t["refused"], None
        else:
            change = CHANGES[action.tool]
            try:
                with conn.transaction():  # a savepoint: a refused change leaves the action's row to update
                    change.run(conn, ws, action.arguments)
            except ActionFailed as exc:
                store.finish(conn, action.id, status="failed", result=str(exc))
                reply, error, change = t["not_done"].format(what=action.description, why=exc), str(exc), None
            else:
                store.finish(conn, action.id, status="done", result=t["done"])
                reply, error = t["did"].format(what=action.description), None
    if change is not None and change.after is not None:
        with ws.services.pool.connection() as conn:
            change.after(conn, ws, action.arguments)
    record(ws, agent="copilot.confirm" if confirm else "copilot.cancel", arguments={"action": str(action.id),
           "tool": action.tool, **action.arguments}, output=action.description if error is None else error,
           started=started, error=error)
    return Decision(replace(action, status="failed", result=error) if error else action, reply)
