"""What the campaign screens show, for the client dashboard and the agency's console alike.

The pages themselves are shared Jinja templates in `pages/` (each area's `layout.html`
frames them); the two areas' routes read through these functions in the viewer's
tenant transaction and differ only in who the tenant is (the signed-in client, or the
internal client in the console) and in their URL prefix. Labels in French and English.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bot.core.connections import Conn
from bot.lead_platform.outreach.campaigns import LEAD_FILTERS, PROSPECT_FILTERS
from bot.lead_platform.outreach.templates import VARIABLES
from bot.lead_platform.store import campaigns as repo
from bot.lead_platform.store import email_templates, outreach_emails, outreach_metrics

PAGES = Path(__file__).parent / "pages"
FUNNEL = ("sent", "opened", "clicked", "replied")
BAR_WIDTH = 600  # the funnel's SVG width in user units (it scales with the page)

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "campaigns": "Campaigns", "new_campaign": "New campaign", "templates": "Templates", "name": "Name",
        "status": "Status", "audience": "Audience", "prospects": "Prospects", "leads": "Your leads",
        "waiting_approval": "To approve", "sent": "Sent", "opened": "Opened", "clicked": "Clicked",
        "replied": "Replied", "bounced": "Bounced", "unsubscribed": "Unsubscribed", "no_campaigns": "No campaign yet.",
        "draft": "Draft", "active": "Active", "paused": "Paused", "completed": "Completed",
        "pending": "To approve", "approved": "Approved", "rejected": "Rejected",
        "start": "Start", "resume": "Resume", "pause": "Pause", "complete": "End the campaign", "edit": "Edit",
        "save": "Save", "approve": "Approve", "reject": "Reject", "approve_all": "Approve all",
        "funnel": "Funnel (recipients)", "timeline": "Recipients", "drafts": "Drafts to approve",
        "no_drafts": "No draft waiting.", "daily": "By day sent", "day": "Day", "open_rate": "Opens",
        "reply_rate": "Replies", "bounce_rate": "Bounces", "step": "E-mail", "first_email": "First e-mail",
        "follow_up": "Follow-up", "after_days": "days after the previous e-mail", "template": "Template",
        "industries": "Industries", "regions": "Regions", "languages": "Languages (en, fr)",
        "min_score": "Minimum automation-need score", "include_contacted": "Include prospects already contacted",
        "intents": "Intents", "urgencies": "Urgencies", "tags": "Tags", "comma": "comma-separated, empty = all",
        "daily_cap": "E-mails per day at most", "window": "Sending hours (recipient's time zone)",
        "window_days": "Days (1 = Monday)", "timezone": "Time zone when the recipient's is unknown",
        "approval_mode": "Approval", "manual": "I approve each draft", "auto": "Send drafts that pass the checks",
        "postal_address": "Postal address (printed in every e-mail's footer)",
        "postal_missing": "Set your postal address: every e-mail carries it, and a campaign cannot start without it.",
        "subject": "Subject", "body": "Body", "language": "Language", "variables": "Variables",
        "fallback_help": "{{first_name|there}} uses “there” when the first name is unknown.",
        "shared": "shared", "own": "yours", "new_template": "New template", "copy": "Save as my own",
        "facts": "What the agent knew", "check": "Check", "why_rejected": "Refused by the check",
        "events": "Events", "smtp_missing": "E-mail sending is not configured (SMTP_HOST): approved e-mails wait.",
        "none": "—", "back": "Back to campaigns", "saved": "Saved.", "recipient": "Recipient",
        "remaining": "Recipients not written to yet", "refresh": "Refresh statistics",
        "to": "to", "from": "from",
    },
    "fr": {
        "campaigns": "Campagnes", "new_campaign": "Nouvelle campagne", "templates": "Modèles", "name": "Nom",
        "status": "Statut", "audience": "Audience", "prospects": "Prospects", "leads": "Vos leads",
        "waiting_approval": "À approuver", "sent": "Envoyés", "opened": "Ouverts", "clicked": "Cliqués",
        "replied": "Réponses", "bounced": "Rejetés", "unsubscribed": "Désinscrits",
        "no_campaigns": "Aucune campagne pour l'instant.",
        "draft": "Brouillon", "active": "Active", "paused": "En pause", "completed": "Terminée",
        "pending": "À approuver", "approved": "Approuvé", "rejected": "Refusé",
        "start": "Démarrer", "resume": "Reprendre", "pause": "Mettre en pause", "complete": "Terminer la campagne",
        "edit": "Modifier", "save": "Enregistrer", "approve": "Approuver", "reject": "Refuser",
        "approve_all": "Tout approuver", "funnel": "Entonnoir (destinataires)", "timeline": "Destinataires",
        "drafts": "Brouillons à approuver", "no_drafts": "Aucun brouillon en attente.", "daily": "Par jour d'envoi",
        "day": "Jour", "open_rate": "Ouvertures", "reply_rate": "Réponses", "bounce_rate": "Rejets",
        "step": "E-mail", "first_email": "Premier e-mail", "follow_up": "Relance",
        "after_days": "jours après l'e-mail précédent", "template": "Modèle", "industries": "Secteurs",
        "regions": "Régions", "languages": "Langues (en, fr)", "min_score": "Score minimal de besoin d'automatisation",
        "include_contacted": "Inclure les prospects déjà contactés", "intents": "Intentions",
        "urgencies": "Urgences", "tags": "Tags", "comma": "séparés par des virgules, vide = tous",
        "daily_cap": "E-mails par jour au plus", "window": "Heures d'envoi (fuseau du destinataire)",
        "window_days": "Jours (1 = lundi)", "timezone": "Fuseau quand celui du destinataire est inconnu",
        "approval_mode": "Approbation", "manual": "J'approuve chaque brouillon",
        "auto": "Envoyer les brouillons qui passent les vérifications",
        "postal_address": "Adresse postale (en pied de chaque e-mail)",
        "postal_missing": "Indiquez votre adresse postale : chaque e-mail la porte, et une campagne ne peut pas "
                          "démarrer sans elle.",
        "subject": "Objet", "body": "Corps", "language": "Langue", "variables": "Variables",
        "fallback_help": "{{first_name|}} reste vide quand le prénom est inconnu.",
        "shared": "partagé", "own": "à vous", "new_template": "Nouveau modèle", "copy": "Enregistrer comme le mien",
        "facts": "Ce que l'agent savait", "check": "Vérification", "why_rejected": "Refusé par la vérification",
        "events": "Événements", "smtp_missing": "L'envoi d'e-mails n'est pas configuré (SMTP_HOST) : les e-mails "
                                                "approuvés attendent.",
        "none": "—", "back": "Retour aux campagnes", "saved": "Enregistré.", "recipient": "Destinataire",
        "remaining": "Destinataires pas encore contactés", "refresh": "Recalculer les statistiques",
        "to": "à", "from": "de",
    },
}
EVENTS: dict[str, dict[str, str]] = {
    "en": {"drafted": "drafted", "approved": "approved", "sent": "sent", "delivered": "delivered",
           "opened": "opened", "clicked": "clicked", "replied": "replied", "bounced": "bounced",
           "unsubscribed": "unsubscribed", "rejected": "rejected"},
    "fr": {"drafted": "rédigé", "approved": "approuvé", "sent": "envoyé", "delivered": "délivré",
           "opened": "ouvert", "clicked": "cliqué", "replied": "réponse", "bounced": "rejeté",
           "unsubscribed": "désinscrit", "rejected": "refusé"},
}


def text(language: str) -> dict[str, str]:
    return TEXT.get(language, TEXT["en"])


def funnel_chart(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """The funnel's bars: label key, count, share of those sent, and bar width in SVG units."""
    top = max(counts.get("sent", 0), 1)
    return [{"key": key, "count": counts.get(key, 0), "percent": round(100 * counts.get(key, 0) / top),
             "width": max(2, round(BAR_WIDTH * counts.get(key, 0) / top)) if counts.get(key, 0) else 0}
            for key in FUNNEL]


def _moment(value: Any) -> datetime:
    """A time from a row (datetime) or from JSON (ISO text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def timeline(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each recipient's events in order: (time, step, event key), drafts and decisions included."""
    rows = []
    for person in people:
        events: list[tuple[datetime, int, str]] = []
        for email in person["emails"]:
            step = email["follow_up_sequence"]
            events.append((_moment(email["created_at"]), step, "drafted"))
            decided = (email["metadata"] or {}).get("decided_at")
            if decided and email["status"] != "pending":
                events.append((_moment(decided), step, "rejected" if email["status"] == "rejected" else "approved"))
            events += [(_moment(e["at"]), step, e["action"]) for e in email["events"]]
        rows.append({**person, "events": sorted(events, key=lambda e: (e[0], e[1]))})
    return rows


def overview(conn: Conn, client_id: uuid.UUID | str) -> dict[str, Any]:
    """The campaigns list page (tenant)."""
    return {"campaigns": repo.list_campaigns(conn), "postal_address": repo.postal_address(conn, client_id)}


def campaign_page(conn: Conn, campaign_id: uuid.UUID | str) -> dict[str, Any] | None:
    """Everything the campaign page shows (tenant); None when the campaign is not the tenant's."""
    campaign = repo.get_campaign(conn, campaign_id)
    if campaign is None or campaign.audience not in repo.EMAIL_AUDIENCES:
        return None
    counts = outreach_emails.funnel(conn, campaign.id)
    templates = {str(t["id"]): t for t in email_templates.list_templates(conn)}
    return {
        "campaign": campaign, "funnel": counts, "bars": funnel_chart(counts),
        "drafts": outreach_emails.list_emails(conn, campaign.id, status="pending"),
        "rejected": outreach_emails.list_emails(conn, campaign.id, status="rejected", limit=20),
        "people": timeline(outreach_emails.timeline(conn, campaign.id)),
        "daily": outreach_metrics.daily(conn, campaign.id),
        "remaining": repo.audience_size(conn, campaign=campaign),
        "template_names": {k: f"{t['name']} ({t['language']})" for k, t in templates.items()},
    }


def form_values(campaign: repo.Campaign) -> dict[str, Any]:
    """A campaign's settings as its edit form holds them."""
    criteria = campaign.target_criteria
    values: dict[str, Any] = {
        "name": campaign.name, "audience": campaign.audience, "email_template_id": str(campaign.email_template_id or ""),
        "daily_cap": campaign.daily_cap, "window_start_hour": campaign.window_start_hour,
        "window_end_hour": campaign.window_end_hour, "window_days": ",".join(map(str, campaign.window_days)),
        "timezone": campaign.timezone, "approval_mode": campaign.approval_mode,
        "min_score": criteria.get("min_score", ""),
        "include_contacted": "on" if not criteria.get("exclude_contacted", True) else "",
    }
    for key in (*PROSPECT_FILTERS, *LEAD_FILTERS):
        values[key] = ", ".join(criteria.get(key) or [])
    for n, step in enumerate(campaign.follow_up_schedule, start=1):
        values[f"follow_up_{n}_days"], values[f"follow_up_{n}_template"] = step["delay_days"], step["template_id"]
    return values


DEFAULT_FORM = {"audience": "prospects", "daily_cap": 50, "window_start_hour": 9, "window_end_hour": 17,
                "window_days": "1,2,3,4,5", "timezone": "Europe/Paris", "approval_mode": "manual"}


def form_context(conn: Conn, *, values: Mapping[str, Any]) -> dict[str, Any]:
    """The campaign form's context: the values shown and the templates to choose from (tenant)."""
    return {"values": {**DEFAULT_FORM, **values}, "templates": email_templates.list_templates(conn, active_only=True),
            "prospect_filters": PROSPECT_FILTERS, "lead_filters": LEAD_FILTERS}


def template_context(conn: Conn, *, template_id: uuid.UUID | str | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """The templates page: the list and the form (of a template to edit or copy) (tenant)."""
    chosen = email_templates.get_template(conn, template_id) if template_id else None
    shown = dict(values) or ({"name": chosen["name"], "language": chosen["language"], "subject": chosen["subject"],
                              "body": chosen["plain_content"] or ""} if chosen else {"language": "en"})
    return {"templates": email_templates.list_templates(conn), "chosen": chosen, "values": shown,
            "variables": VARIABLES}


class CampaignForm(BaseModel):
    """The campaign form's fields, as posted (checked by campaigns.read_settings)."""

    name: str = Field("", max_length=255)
    audience: str = Field("prospects", max_length=20)
    industries: str = Field("", max_length=1000)
    regions: str = Field("", max_length=1000)
    languages: str = Field("", max_length=20)
    min_score: str = Field("", max_length=5)
    include_contacted: str = Field("", max_length=5)
    intents: str = Field("", max_length=1000)
    urgencies: str = Field("", max_length=100)
    tags: str = Field("", max_length=1000)
    email_template_id: str = Field("", max_length=40)
    follow_up_1_days: str = Field("", max_length=5)
    follow_up_1_template: str = Field("", max_length=40)
    follow_up_2_days: str = Field("", max_length=5)
    follow_up_2_template: str = Field("", max_length=40)
    follow_up_3_days: str = Field("", max_length=5)
    follow_up_3_template: str = Field("", max_length=40)
    daily_cap: str = Field("50", max_length=6)
    window_start_hour: str = Field("9", max_length=3)
    window_end_hour: str = Field("17", max_length=3)
    window_days: str = Field("1,2,3,4,5", max_length=20)
    timezone: str = Field("UTC", max_length=64)
    approval_mode: str = Field("manual", max_length=10)


class TemplateForm(BaseModel):
    """The template editor's fields, as posted (checked by templates.validate)."""

    template_id: str = Field("", max_length=40)
    name: str = Field("", max_length=100)
    language: str = Field("en", max_length=2)
    subject: str = Field("", max_length=200)
    body: str = Field("", max_length=5000)
