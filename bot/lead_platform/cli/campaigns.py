"""`matchbot campaigns ...`: e-mail campaigns of a client (templates, audiences, approval, sending)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from bot.core.connections import Conn
from bot.lead_platform.cli.clients import CLIENT_HELP, client_database, err, out

# -- matchbot campaigns ---------------------------------------------------------------------

campaigns_app = typer.Typer(
    help="E-mail campaigns: templates, audiences, approval of the agent's drafts, sending, statistics.",
    no_args_is_help=True)


@contextmanager
def _tenant(client: str | None) -> Iterator[tuple[Conn, uuid.UUID]]:
    """The client's tenant transaction (the internal client by default); bad input exits with its field."""
    from bot.core.db import tenant_transaction
    from bot.lead_platform.outreach.campaigns import CampaignError
    from bot.lead_platform.outreach.templates import TemplateError

    with client_database(client) as (conn, client_id, _url):
        try:
            with tenant_transaction(conn, client_id):
                yield conn, client_id
        except (CampaignError, TemplateError) as exc:
            err.print(f"[red]{exc.field}: {exc.message}[/red]", highlight=False)
            raise typer.Exit(2) from None


@contextmanager
def _campaign(campaign_id: str) -> Iterator[tuple[Conn, uuid.UUID]]:
    """The tenant transaction of the client owning this campaign."""
    from bot.core.db import service_transaction
    from bot.lead_platform.store.campaigns import campaign_owner

    with client_database(None) as (conn, _internal, _url):
        try:
            with service_transaction(conn):
                owner = campaign_owner(conn, uuid.UUID(campaign_id))
        except ValueError:
            owner = None
    if owner is None:
        err.print(f"[red]no campaign {campaign_id} (see matchbot campaigns list)[/red]", highlight=False)
        raise typer.Exit(1)
    with _tenant(str(owner)) as found:
        yield found


@campaigns_app.command("templates")
def list_templates(client: str | None = typer.Option(None, "--client", help=CLIENT_HELP)) -> None:
    """The templates a client can use: its own, then the shared starters (id, name, language, variables)."""
    from bot.lead_platform.store.email_templates import list_templates as templates

    with _tenant(client) as (conn, _client_id):
        rows = templates(conn)
    for t in rows:
        owner = "shared" if t["client_id"] is None else "own"
        out.print(f"{t['id']}  {t['name']} ({t['language']}, {owner})  {', '.join(t['variables'])}",
                  highlight=False, markup=False)


@campaigns_app.command("template-save")
def save_template(
    name: str = typer.Option(..., help="Template name (its French and English versions share it)."),
    language: str = typer.Option(..., help="en or fr."),
    subject: str = typer.Option(..., help="Subject, with {{variables}}."),
    body_file: Path = typer.Option(..., exists=True, dir_okay=False, readable=True,  # noqa: B008
                                   help="Plain-text body, with {{variables}} and {{variable|fallback}}."),
    template_id: str | None = typer.Option(None, "--id", help="Update this template of the client's."),
    client: str | None = typer.Option(None, "--client", help=CLIENT_HELP),
) -> None:
    """Save a template (a variable the agent does not know is refused, naming it)."""
    from bot.lead_platform.outreach import campaigns

    with _tenant(client) as (conn, client_id):
        saved = campaigns.save_template(conn, client_id=client_id, template_id=template_id, raw={
            "name": name, "language": language, "subject": subject, "body": body_file.read_text()})
    out.print(f"template {saved}", highlight=False)


@campaigns_app.command("address")
def postal_address(address: str = typer.Argument(..., help="Postal address printed in every e-mail's footer."),
                   client: str | None = typer.Option(None, "--client", help=CLIENT_HELP)) -> None:
    """Set the client's postal address (required before a campaign starts)."""
    from bot.lead_platform.store.campaigns import set_postal_address

    with _tenant(client) as (conn, client_id):
        set_postal_address(conn, client_id, address)
    out.print("postal address saved", highlight=False)


@campaigns_app.command("create")
def create_campaign(
    name: str = typer.Option(..., help="Campaign name."),
    template: str = typer.Option(..., help="Template id of the first e-mail (see `campaigns templates`)."),
    audience: str = typer.Option("prospects", help="prospects, or leads (the client's own)."),
    industry: list[str] | None = typer.Option(None, help="Prospects of this industry; repeatable."),  # noqa: B008
    region: list[str] | None = typer.Option(None, help="Prospects of this region; repeatable."),  # noqa: B008
    language: list[str] | None = typer.Option(None, help="Recipients' language (en, fr); repeatable."),  # noqa: B008
    min_score: int | None = typer.Option(None, help="Prospects with at least this automation-need score."),
    intent: list[str] | None = typer.Option(None, help="Leads with this intent; repeatable."),  # noqa: B008
    urgency: list[str] | None = typer.Option(None, help="Leads with this urgency; repeatable."),  # noqa: B008
    tag: list[str] | None = typer.Option(None, help="Leads with this tag; repeatable."),  # noqa: B008
    follow_up: list[str] | None = typer.Option(  # noqa: B008
        None, help="DAYS:TEMPLATE_ID, a follow-up that many days after the previous e-mail; up to 3."),
    daily_cap: int = typer.Option(50, help="E-mails per day at most."),
    window: str = typer.Option("9-17", help="Sending hours in the recipient's time zone, START-END."),
    days: str = typer.Option("1,2,3,4,5", help="Sending days, 1 = Monday."),
    timezone: str = typer.Option("UTC", help="Time zone of recipients whose own is unknown."),
    auto_approve: bool = typer.Option(False, "--auto-approve", help="Send drafts that pass the checks "
                                      "without waiting for approval."),
    client: str | None = typer.Option(None, "--client", help=CLIENT_HELP),
) -> None:
    """Create a draft campaign; `campaigns start` starts it."""
    from bot.lead_platform.outreach import campaigns

    start, _, end = window.partition("-")
    raw: dict[str, object] = {
        "name": name, "email_template_id": template, "audience": audience, "industries": industry or [],
        "regions": region or [], "languages": language or [], "min_score": min_score, "intents": intent or [],
        "urgencies": urgency or [], "tags": tag or [], "daily_cap": daily_cap, "window_start_hour": start,
        "window_end_hour": end, "window_days": days, "timezone": timezone,
        "approval_mode": "auto" if auto_approve else "manual"}
    for n, step in enumerate(follow_up or [], start=1):
        delay, _, template_id = step.partition(":")
        raw[f"follow_up_{n}_days"], raw[f"follow_up_{n}_template"] = delay, template_id
    if len(follow_up or []) > campaigns.MAX_FOLLOW_UPS:
        raise typer.BadParameter(f"at most {campaigns.MAX_FOLLOW_UPS} follow-ups", param_hint="--follow-up")
    with _tenant(client) as (conn, client_id):
        made = campaigns.create(conn, client_id=client_id, raw=raw)
    out.print(f"campaign {made.id} (draft): `matchbot campaigns start {made.id}` starts it", highlight=False)


@campaigns_app.command("list")
def list_campaigns(client: str | None = typer.Option(None, "--client", help=CLIENT_HELP)) -> None:
    """The client's campaigns with their drafts waiting, sent, opened and replied."""
    from bot.lead_platform.store.campaigns import list_campaigns as campaigns

    with _tenant(client) as (conn, _client_id):
        rows = campaigns(conn)
    for c in rows:
        out.print(f"{c['id']}  {c['name']}  [{c['status']}]  {c['audience']} · waiting approval {c['pending']} · "
                  f"sent {c['sent']} · opened {c['opened']} · replied {c['replied']}", highlight=False, markup=False)


def _set_status(campaign_id: str, status: str) -> None:
    from bot.lead_platform.outreach import campaign_jobs, campaigns

    with _campaign(campaign_id) as (conn, _client_id):
        changed = campaigns.activate(conn, campaign_id) if status == "active" \
            else campaigns.change_status(conn, campaign_id, status)
    if status == "active":
        with client_database(None) as (plain, _internal, _url):
            campaign_jobs.kick(plain, changed.id)
    out.print(f"campaign {changed.id} is {changed.status}", highlight=False)


@campaigns_app.command("start")
def start_campaign(campaign_id: str = typer.Argument(..., help="Campaign id.")) -> None:
    """Start (or resume) a campaign: the agent drafts, approved e-mails go in their window."""
    _set_status(campaign_id, "active")


@campaigns_app.command("pause")
def pause_campaign(campaign_id: str = typer.Argument(..., help="Campaign id.")) -> None:
    """Pause a campaign: nothing is drafted or sent until it starts again."""
    _set_status(campaign_id, "paused")


@campaigns_app.command("complete")
def complete_campaign(campaign_id: str = typer.Argument(..., help="Campaign id.")) -> None:
    """End a campaign for good."""
    _set_status(campaign_id, "completed")


@campaigns_app.command("approve")
def approve(campaign_id: str = typer.Argument(..., help="Campaign id."),
            email: list[str] | None = typer.Option(  # noqa: B008
                None, "--email", help="Approve this draft only; repeatable (default: every draft waiting).")) -> None:
    """Approve the agent's drafts waiting for approval."""
    from bot.lead_platform.store import outreach_emails

    with _campaign(campaign_id) as (conn, _client_id):
        if email:
            count = sum(outreach_emails.decide(conn, e, approve=True, by="cli") for e in email)
        else:
            count = outreach_emails.approve_all(conn, campaign_id, by="cli")
    out.print(f"{count} draft(s) approved", highlight=False)


@campaigns_app.command("show")
def show(campaign_id: str = typer.Argument(..., help="Campaign id.")) -> None:
    """A campaign's funnel (recipients sent, opened, clicked, replied) and its last days."""
    from bot.lead_platform.store import outreach_emails, outreach_metrics

    with _campaign(campaign_id) as (conn, _client_id):
        funnel = outreach_emails.funnel(conn, campaign_id)
        days = outreach_metrics.daily(conn, campaign_id, limit=14)
    out.print(" → ".join(f"{k} {funnel[k]}" for k in ("sent", "opened", "clicked", "replied"))
              + f" · bounced {funnel['bounced']} · unsubscribed {funnel['unsubscribed']}", highlight=False)
    for d in days:
        out.print(f"{d['day']}  sent {d['total_emails_sent']} · open {d['open_rate'] or 0}% · "
                  f"reply {d['reply_rate'] or 0}% · bounce {d['bounce_rate'] or 0}%", highlight=False)


@campaigns_app.command("suppress")
def suppress(address: str = typer.Argument(..., help="E-mail address never to write to again."),
             client: str | None = typer.Option(None, "--client", help=CLIENT_HELP)) -> None:
    """Put an address on the client's suppression list, for every campaign, for ever."""
    from bot.lead_platform.store.suppressions import suppress as add

    if "@" not in address:
        raise typer.BadParameter("not an e-mail address", param_hint="ADDRESS")
    with _tenant(client) as (conn, client_id):
        added = add(conn, client_id=client_id, email=address, reason="manual")
    out.print("suppressed" if added else "already suppressed", highlight=False)
