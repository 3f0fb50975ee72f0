"""The copilot's tools over a client's leads, Growth Brain, prospects and campaigns.

Each tool is a LangChain tool with a typed argument schema, calling the functions the
dashboard, the lead API and outreach already use, in the tenant's transaction from its
`ToolRuntime` context (never from an argument). Reading tools answer at once (compact JSON);
changing tools only prepare the change (actions.py). Answers never carry a lead's phone
number.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, Literal

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from bot.lead_platform.copilot.actions import prepare
from bot.lead_platform.copilot.workspace import Workspace
from bot.lead_platform.enrichment.summaries import summary_for
from bot.lead_platform.enrichment.taxonomy import INTENTS, URGENCIES
from bot.lead_platform.intelligence import analyse_client, read_brain
from bot.lead_platform.store import campaigns as campaigns_repo
from bot.lead_platform.store import email_templates, form_tests, outreach_emails, outreach_metrics, prospects
from bot.lead_platform.store import leads as leads_repo

Runtime = ToolRuntime[Workspace]
Answer = tuple[str, dict[str, Any]]  # what the model reads, and the summary agent_logs keeps
MAX_ROWS = 20


def answer(data: Any, summary: str) -> Answer:
    return json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")), {"summary": summary}


class NoArguments(BaseModel):
    """A tool that needs nothing but its runtime (declared, so that the runtime is no argument)."""


class ContextTool(StructuredTool):
    """A structured tool that always gets its runtime: langchain-core (1.8) calls a tool whose schema
    has no field with no keyword at all, not even the `ToolRuntime` LangGraph's ToolNode injects."""

    def _to_args_and_kwargs(self, tool_input: str | dict[str, Any],
                            tool_call_id: str | None) -> tuple[tuple[str, ...], dict[str, Any]]:
        args, kwargs = super()._to_args_and_kwargs(tool_input, tool_call_id)
        if isinstance(tool_input, dict) and "runtime" in tool_input:
            kwargs["runtime"] = tool_input["runtime"]
        return args, kwargs


def tool(function: Callable[..., Answer], schema: type[BaseModel] = NoArguments) -> BaseTool:
    """A tool from a function whose docstring is what the model reads about it. A ToolException it
    raises (a lead that is not this tenant's, refused settings) is an answer the model reads."""
    return ContextTool.from_function(function, name=function.__name__, description=function.__doc__ or "",
                                     args_schema=schema, response_format="content_and_artifact",
                                     handle_tool_error=True)


# -- leads -------------------------------------------------------------------------------

class SearchLeads(BaseModel):
    status: Literal["active", "archived", "deleted", "all"] = Field("active", description="which leads")
    intent: str | None = Field(None, description=f"an intent label, one of: {', '.join(INTENTS)}")
    urgency: Literal["Élevée", "Moyenne", "Faible"] | None = Field(None, description="high, medium or low")
    tag: str | None = Field(None, max_length=50, description="the lead's current tag, exactly")
    language: Literal["fr", "en"] | None = None
    text: str | None = Field(None, max_length=200, description="words in the name, e-mail, message or summary")
    limit: int = Field(10, ge=1, le=MAX_ROWS)


def _lead_row(lead: dict[str, Any]) -> dict[str, Any]:
    return {"id": lead["id"], "name": lead["name"], "email": lead["email"], "intent": lead["intent"],
            "urgency": lead["urgency"], "tone": lead["tone"], "tag": lead["current_tag"],
            "language": lead["language"], "received": lead["created_at"].date().isoformat(),
            "summary": (lead["ai_summary"] or "")[:200]}


def search_leads(status: str = "active", intent: str | None = None, urgency: str | None = None,
                 tag: str | None = None, language: str | None = None, text: str | None = None, limit: int = 10,
                 *, runtime: Runtime) -> Answer:
    """Search and filter the leads (newest first): by status, intent, urgency, tag, language or words."""
    flt = leads_repo.LeadFilter(status=status, intent=intent, urgency=urgency, tag=tag,  # type: ignore[arg-type]
                                language=language, search=text, limit=limit + 1)
    with runtime.context.tenant() as conn:
        rows = leads_repo.list_leads(conn, flt)
    found = [_lead_row(r) for r in rows[:limit]]
    return answer({"leads": found, "more": len(rows) > limit}, f"{len(found)} leads")


def lead_filters(*, runtime: Runtime) -> Answer:
    """The intents and tags the leads have, and the urgency levels, to search by."""
    with runtime.context.tenant() as conn:
        menus = leads_repo.distinct_values(conn)
    return answer({**menus, "urgencies": list(URGENCIES)}, f"{len(menus['intents'])} intents, {len(menus['tags'])} tags")


class LeadId(BaseModel):
    lead_id: uuid.UUID = Field(description="the lead's id, from search_leads")


def get_lead(lead_id: uuid.UUID, *, runtime: Runtime) -> Answer:
    """One lead with its message, analysis, notes and history of actions."""
    ws = runtime.context
    with ws.tenant() as conn:
        lead = leads_repo.get_lead(conn, lead_id)
        if lead is None:  # another tenant's lead is simply not there (RLS)
            raise ToolException(f"No lead with id {lead_id} in this account.")
        notes = leads_repo.list_notes(conn, lead_id)[:10]
        history = leads_repo.journal(conn, lead_id=lead_id, limit=20)
    with ws.service() as conn:  # translations are shared data
        summary = summary_for(conn, lead=lead, language=ws.language, client_id=ws.client_id)
    data = {**_lead_row(lead), "summary": summary.text, "message": lead["message"], "has_phone": bool(lead["phone"]),
            "whatsapp_consent": lead["whatsapp_consent"], "confidence": lead["confidence_score"],
            "archived": lead["archived"], "deleted": lead["deleted"], "source_url": lead["source_url"],
            "notes": [{"note": n["note"], "by": n["performed_by"], "at": n["created_at"]} for n in notes],
            "history": [{"action": a["action_type"], "tag": a["tag"], "by": a["performed_by"], "at": a["timestamp"],
                         "reason": a["reversion_reason"]} for a in history]}
    return answer(data, f"lead {lead_id}: {len(notes)} notes, {len(history)} actions")


class TagLead(LeadId):
    tag: str = Field(min_length=1, max_length=50, description="e.g. Lead Chaud, Rappeler, Converti")


class AddNote(LeadId):
    note: str = Field(min_length=1, max_length=2000)


def _prepared(ws: Workspace, name: str, args: dict[str, Any]) -> Answer:
    action = prepare(ws, name, args)
    return (f"Prepared, waiting for the user's confirmation (not done yet): {action.description}.",
            {"summary": f"prepared {action.id}"})


def tag_lead(lead_id: uuid.UUID, tag: str, *, runtime: Runtime) -> Answer:
    """Prepare tagging a lead (replaces its tag). The user confirms before it happens."""
    return _prepared(runtime.context, "tag_lead", {"lead_id": lead_id, "tag": tag.strip()})


def convert_lead(lead_id: uuid.UUID, *, runtime: Runtime) -> Answer:
    """Prepare marking a lead as converted (a customer now). The user confirms before it happens."""
    return _prepared(runtime.context, "convert_lead", {"lead_id": lead_id})


def archive_lead(lead_id: uuid.UUID, *, runtime: Runtime) -> Answer:
    """Prepare archiving a lead. The user confirms before it happens."""
    return _prepared(runtime.context, "archive_lead", {"lead_id": lead_id})


def add_note(lead_id: uuid.UUID, note: str, *, runtime: Runtime) -> Answer:
    """Prepare adding a note to a lead. The user confirms before it happens."""
    return _prepared(runtime.context, "add_note", {"lead_id": lead_id, "note": note.strip()})


def reenrich_lead(lead_id: uuid.UUID, *, runtime: Runtime) -> Answer:
    """Prepare analysing a lead again (intent, urgency, tone, summary). The user confirms before it happens."""
    return _prepared(runtime.context, "reenrich_lead", {"lead_id": lead_id})


# -- Growth Brain ------------------------------------------------------------------------

def read_growth_brain(*, runtime: Runtime) -> Answer:
    """The Growth Brain: top intents, urgency and its trend, tones, sentiment, confidence, languages,
    engagement, forecast, insights and recommendations, over all active leads."""
    ws = runtime.context
    with ws.services.pool.connection() as conn:  # both open the tenant's transaction themselves
        # Never analysed yet: analysed now, the insights by the rules (no second model inside the chat).
        brain = read_brain(conn, ws.client_id) or analyse_client(conn, ws.client_id, now=ws.now())
    insights, recommendations = brain.insights.of(ws.language)
    data = {key: value for key, value in asdict(brain).items() if key != "insights"}
    data.update(insights=list(insights), recommendations=list(recommendations))
    return answer(data, f"brain of {brain.total_leads} leads, analysed {brain.analyzed_at}")


# -- prospects and form tests ------------------------------------------------------------

class Listing(BaseModel):
    limit: int = Field(10, ge=1, le=MAX_ROWS)


def list_prospects(limit: int = 10, *, runtime: Runtime) -> Answer:
    """The prospects, highest automation-need score first, with their latest contact-form test."""
    with runtime.context.tenant() as conn:
        rows = prospects.list_prospects(conn, limit=limit)
    found = [{"id": r.prospect.id, "business": r.prospect.business_name, "website": r.prospect.website,
              "industry": r.prospect.industry, "region": r.prospect.region, "language": r.prospect.language,
              "score": r.prospect.automation_need_score, "contacted": r.prospect.contacted,
              "has_form": bool(r.prospect.form_url), "chat_widget": r.prospect.chat_widget,
              "form_test": r.form_test_status, "form_test_score": r.form_test_score,
              "reply_minutes": r.response_time_minutes} for r in rows]
    return answer({"prospects": found}, f"{len(found)} prospects")


class ProspectId(BaseModel):
    prospect_id: uuid.UUID = Field(description="the prospect's id, from list_prospects")


def get_form_test(prospect_id: uuid.UUID, *, runtime: Runtime) -> Answer:
    """A prospect's latest contact-form test: status, reply time, autoresponder, tone, score, reason."""
    with runtime.context.tenant() as conn:
        prospect = prospects.get_prospect(conn, prospect_id)
        test = form_tests.latest(conn, prospect_id) if prospect else None
    if prospect is None:
        raise ToolException(f"No prospect with id {prospect_id} in this account.")
    if test is None:
        return answer({"business": prospect.business_name, "form_test": None}, "no form test")
    data = {"business": prospect.business_name, "form_url": test.form_url, "status": test.test_status,
            "submitted": test.test_submitted_at, "reply_received": test.response_received_at,
            "reply_minutes": test.response_time_minutes, "autoresponder": test.has_autoresponder,
            "tone": test.autoresponder_tone, "score": test.score, "failure_reason": test.failure_reason}
    return answer(data, f"form test {test.test_status}")


# -- campaigns ---------------------------------------------------------------------------

def list_campaigns(*, runtime: Runtime) -> Answer:
    """The e-mail campaigns, newest first, with their e-mails to approve, approved, sent, opened, replied."""
    with runtime.context.tenant() as conn:
        rows = campaigns_repo.list_campaigns(conn)
    found = [{"id": r["id"], "name": r["name"], "status": r["status"], "audience": r["audience"],
              "to_approve": r["pending"], "approved": r["approved"], "sent": r["sent"], "opened": r["opened"],
              "replied": r["replied"]} for r in rows[:MAX_ROWS]]
    return answer({"campaigns": found}, f"{len(found)} campaigns")


class CampaignId(BaseModel):
    campaign_id: uuid.UUID = Field(description="the campaign's id, from list_campaigns")


def campaign_metrics(campaign_id: uuid.UUID, *, runtime: Runtime) -> Answer:
    """A campaign's funnel (recipients sent, opened, clicked, replied, bounced, unsubscribed), its last
    days' rates, and how many recipients it has not written to yet."""
    with runtime.context.tenant() as conn:
        campaign = campaigns_repo.get_campaign(conn, campaign_id)
        if campaign is None or campaign.audience not in campaigns_repo.EMAIL_AUDIENCES:
            raise ToolException(f"No e-mail campaign with id {campaign_id} in this account.")
        funnel = outreach_emails.funnel(conn, campaign_id)
        daily = outreach_metrics.daily(conn, campaign_id, limit=14)
        remaining = campaigns_repo.audience_size(conn, campaign=campaign)
    data = {"name": campaign.name, "status": campaign.status, "funnel": funnel, "not_written_to_yet": remaining,
            "daily": daily}
    return answer(data, f"campaign {campaign.name}: {funnel.get('sent', 0)} sent")


def list_email_templates(*, runtime: Runtime) -> Answer:
    """The e-mail templates a campaign may use (the client's own and the shared starters)."""
    with runtime.context.tenant() as conn:
        rows = email_templates.list_templates(conn, active_only=True)
    found = [{"id": r["id"], "name": r["name"], "language": r["language"], "subject": r["subject"],
              "own": r["client_id"] is not None} for r in rows]
    return answer({"templates": found}, f"{len(found)} templates")


class DraftCampaign(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    audience: Literal["prospects", "leads"] = "prospects"
    email_template_id: uuid.UUID = Field(description="from list_email_templates")
    industries: list[str] = Field(default_factory=list, description="prospects only; empty: all")
    regions: list[str] = Field(default_factory=list, description="prospects only; empty: all")
    min_score: int | None = Field(None, ge=0, le=100, description="prospects only: minimum automation-need score")
    intents: list[str] = Field(default_factory=list, description="leads only; empty: all")
    urgencies: list[Literal["Élevée", "Moyenne", "Faible"]] = Field(default_factory=list, description="leads only")
    tags: list[str] = Field(default_factory=list, description="leads only; empty: all")
    languages: list[Literal["fr", "en"]] = Field(default_factory=list, description="empty: both")
    daily_cap: int = Field(50, ge=1, le=10_000, description="e-mails a day at most")
    approval_mode: Literal["manual", "auto"] = Field("manual", description="manual: the user approves each draft")
    timezone: str = Field("Europe/Paris", max_length=64, description="when the recipient's is unknown")


def draft_campaign(*, runtime: Runtime, **settings: Any) -> Answer:
    """Prepare a new e-mail campaign as a draft (it sends nothing until started). The user confirms first."""
    return _prepared(runtime.context, "draft_campaign", settings)


def launch_campaign(campaign_id: uuid.UUID, *, runtime: Runtime) -> Answer:
    """Prepare starting (or resuming) a draft or paused campaign. The user confirms before it starts."""
    return _prepared(runtime.context, "launch_campaign", {"campaign_id": campaign_id})


CLIENT_TOOLS: tuple[BaseTool, ...] = (
    tool(search_leads, SearchLeads), tool(lead_filters), tool(get_lead, LeadId),
    tool(tag_lead, TagLead), tool(convert_lead, LeadId), tool(archive_lead, LeadId), tool(add_note, AddNote),
    tool(reenrich_lead, LeadId), tool(read_growth_brain), tool(list_prospects, Listing),
    tool(get_form_test, ProspectId), tool(list_campaigns), tool(campaign_metrics, CampaignId),
    tool(list_email_templates), tool(draft_campaign, DraftCampaign), tool(launch_campaign, CampaignId),
)
