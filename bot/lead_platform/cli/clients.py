"""`matchbot clients ...` (clients, i.e. tenants, and their API keys) and `matchbot prospects ...`.

Every client has two keys, and every output says which is which: the publishable form key
(`pk_…`, goes in web forms, only posts leads) and the secret key (`sk_…`, manages leads
through /api/leads from the client's servers, refused from browsers).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import typer
from rich.console import Console

from bot.core.connections import Conn
from bot.lead_platform.store import clients as repo
from bot.lead_platform.store.apikeys import KeyKind

clients_app = typer.Typer(help="Lead platform clients (tenants) and their API keys.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

FORM_KEY = "form key (publishable: goes in web forms, only posts leads)"
SECRET_KEY = "secret key (server side only: manages leads, refused from browsers)"
KIND_LABELS = {"form": FORM_KEY, "secret": SECRET_KEY}


@contextmanager
def _service_conn() -> Iterator[Conn]:
    from bot.core.bootstrap import prepare_database
    from bot.core.db import connect, service_transaction
    from bot.core.settings import load_settings

    with connect(prepare_database(load_settings())) as conn, service_transaction(conn):
        yield conn


@clients_app.command("create")
def create(
    business_name: str = typer.Option(..., "--business-name", "-n", help="The client's business name."),
    email: str = typer.Option(..., help="Login email of the client's dashboard."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 help="Dashboard password (prompted when omitted)."),
    language: str = typer.Option("en", help="en or fr."),
    email_tone: str = typer.Option("Professional", help="Professional, Friendly, Formal or Energetic."),
    booking_link: str | None = typer.Option(None, help="Calendar link put in auto-replies."),
    ai_reply: bool = typer.Option(False, "--ai-reply/--no-ai-reply", help="Send personalised auto-replies."),
    origin: list[str] | None = typer.Option(  # noqa: B008 -- typer declares options this way
        None, "--origin", help="A site allowed to post leads (CORS); repeatable."),
    bot_linked: bool = typer.Option(False, "--bot-linked/--no-bot-linked",
                                    help="Form leads with a phone and consent enter the WhatsApp bot."),
    test: bool = typer.Option(False, "--test", help="A test/demo account."),
    internal: bool = typer.Option(False, "--internal", help="An internal account."),
    industry: str | None = typer.Option(None, help="The client's industry."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Create a client; its form key and secret key are printed once and never stored."""
    from bot.web.passwords import hash_password

    if language not in ("en", "fr"):
        raise typer.BadParameter("language must be en or fr", param_hint="--language")
    if email_tone not in repo.EMAIL_TONES:
        raise typer.BadParameter(f"email tone must be one of {', '.join(repo.EMAIL_TONES)}",
                                 param_hint="--email-tone")
    if len(password) < repo.MIN_PASSWORD_LENGTH:
        raise typer.BadParameter(f"at least {repo.MIN_PASSWORD_LENGTH} characters", param_hint="--password")
    with _service_conn() as conn:
        try:
            client, keys = repo.create_client(
                conn, business_name=business_name, email=email, password_hash=hash_password(password),
                language=language, email_tone=email_tone, booking_link=booking_link,
                ai_personalized_reply=ai_reply, allowed_origins=origin, bot_linked=bot_linked,
                is_test=test, is_internal=internal, industry=industry,
            )
        except psycopg.errors.UniqueViolation:
            err.print(f"[red]a client with the email {email} already exists[/red]")
            raise typer.Exit(1) from None
    if as_json:
        print(json.dumps({"client_id": str(client.client_id), "form_key": keys.form, "secret_key": keys.secret,
                          "email": client.email}))
        return
    out.print(f"client_id: {client.client_id}")
    out.print(f"{FORM_KEY}:\n  [bold]{keys.form}[/bold]")
    out.print(f"{SECRET_KEY}:\n  [bold]{keys.secret}[/bold]")
    out.print("Both keys are shown once and never stored: keep them now.")


@clients_app.command("list")
def list_() -> None:
    """List clients, newest first, with the visible prefix of each key (one block per client)."""
    with _service_conn() as conn:
        rows = repo.list_clients(conn)
    for c in rows:
        # Blocks rather than a table: a client id and two key prefixes already fill 80 columns.
        options = [f"lang {c.language}", f"tone {c.email_tone}",
                   f"auto-reply {'yes' if c.ai_personalized_reply else 'no'}", f"bot {'yes' if c.bot_linked else 'no'}",
                   *(flag for flag, on in (("test", c.is_test), ("internal", c.is_internal)) if on)]
        secret = c.secret_key_prefix + "…" if c.secret_key_prefix else "none yet (rotate-key --secret)"
        out.print(f"{c.client_id}  {c.business_name}  <{c.email}>", markup=False, highlight=False)
        out.print(f"    {' · '.join(options)}", markup=False, highlight=False)
        out.print(f"    form key (publishable)  {c.api_key_prefix}…", markup=False, highlight=False)
        out.print(f"    secret key              {secret}", markup=False, highlight=False)


@clients_app.command("rotate-key")
def rotate_key(
    client_id: str = typer.Argument(..., help="The client's client_id."),
    secret: bool = typer.Option(False, "--secret/--form",
                                help="Replace (or first issue) the secret key instead of the form key."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Replace one of a client's two keys (the form key unless --secret); the other keeps working.

    The replaced key stops working within MATCHBOT_API_KEY_CACHE_SECONDS.
    """
    kind: KeyKind = "secret" if secret else "form"
    try:
        uuid.UUID(client_id)
    except ValueError:
        key = None
    else:
        with _service_conn() as conn:
            key = repo.rotate_api_key(conn, client_id, kind=kind)
    if key is None:
        err.print(f"[red]no client {client_id}[/red]")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps({"client_id": client_id, "kind": kind, "key": key}))
        return
    out.print(f"new {KIND_LABELS[kind]}, shown once:\n  [bold]{key}[/bold]")
    out.print(f"The previous {kind} key, if any, stops working within MATCHBOT_API_KEY_CACHE_SECONDS "
              f"(30 s by default); the {'form' if secret else 'secret'} key is unchanged.")


@clients_app.command("set-password")
def set_password(
    client: str = typer.Argument(..., help="The client's client_id or dashboard login email."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 help="New dashboard password (prompted when omitted)."),
) -> None:
    """Set a client's dashboard password; every dashboard session the client has open ends."""
    from bot.store import sessions
    from bot.web.passwords import hash_password

    if len(password) < repo.MIN_PASSWORD_LENGTH:
        raise typer.BadParameter(f"at least {repo.MIN_PASSWORD_LENGTH} characters", param_hint="--password")
    with _service_conn() as conn:
        try:
            found = repo.get_client(conn, uuid.UUID(client))
        except ValueError:  # not an id: a login email
            record = repo.login_record(conn, client)
            found = repo.get_client(conn, record[0]) if record else None
        if found is None:
            err.print(f"[red]no client {client}[/red]", highlight=False)
            raise typer.Exit(1)
        repo.set_password(conn, found.client_id, password_hash=hash_password(password))
        ended = sessions.revoke_account(conn, client_id=found.client_id)
    out.print(f"dashboard password changed for {found.email}; {ended} open session(s) ended",
              markup=False, highlight=False)


# -- matchbot prospects ---------------------------------------------------------------------

prospects_app = typer.Typer(
    help="Prospects: import, discovery, site facts, contact-form tests, automation-need scores.",
    no_args_is_help=True)
CLIENT_HELP = "The client's client_id (default: the internal client, i.e. the platform's own sales)."


@contextmanager
def client_database(client: str | None) -> Iterator[tuple[Conn, uuid.UUID, str]]:
    """A connection (outside any transaction), the client whose prospects are meant, the database URL."""
    from bot.core.bootstrap import prepare_database
    from bot.core.db import connect, service_transaction
    from bot.core.settings import load_settings
    from bot.lead_platform.store.campaigns import ensure_internal_client

    url = prepare_database(load_settings())
    with connect(url) as conn:
        with service_transaction(conn):
            if client is None:
                client_id = ensure_internal_client(conn).client_id
            else:
                try:
                    found = repo.get_client(conn, uuid.UUID(client))
                except ValueError:
                    found = None
                if found is None:
                    err.print(f"[red]no client {client} (see matchbot clients list)[/red]", highlight=False)
                    raise typer.Exit(1)
                client_id = found.client_id
        yield conn, client_id, url


@prospects_app.command("import")
def import_prospects(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,  # noqa: B008
                                help="CSV with business_name, website and optionally contact_email, industry, "
                                     "region, language, form_url, contacted, metadata."),
    client: str | None = typer.Option(None, "--client", help=CLIENT_HELP),
) -> None:
    """Add prospects from a CSV file: all or nothing; errors name their row and column."""
    from bot.lead_platform.prospects.importer import import_prospects_csv

    with client_database(client) as (conn, client_id, _url):
        report = import_prospects_csv(conn, file, client_id=client_id)
    if not report.ok:
        for error in report.errors:
            err.print(str(error), highlight=False, markup=False)
        more = " (and more; fix these first)" if report.truncated else ""
        err.print(f"[red]{len(report.errors)} error(s){more}: nothing was imported[/red]")
        raise typer.Exit(1)
    out.print(f"{len(report.added)} prospect(s) added, {report.already_known} already known (left as they were). "
              "The worker reads their sites next.", highlight=False)


@prospects_app.command("discover")
def discover_prospects(
    client: str | None = typer.Option(None, "--client", help=CLIENT_HELP),
    count: int | None = typer.Option(None, min=1, max=1000,
                                     help="New prospects wanted (default MATCHBOT_PROSPECT_DAILY_COUNT)."),
    provider: str | None = typer.Option(None, help="pdl or websites (default: as configured)."),
    websites: Path | None = typer.Option(None, exists=True, dir_okay=False, readable=True,  # noqa: B008
                                         help="A list of websites, one a line, to discover from."),
) -> None:
    """Run a discovery now (what the daily_prospect_queue job does each day)."""
    from bot.core.settings import load_settings
    from bot.lead_platform.prospects.discovery import discover
    from bot.lead_platform.prospects.jobs import make_provider
    from bot.lead_platform.prospects.website_list import read_list

    if provider not in (None, "pdl", "websites"):
        raise typer.BadParameter("pdl or websites", param_hint="--provider")
    settings = load_settings()
    wanted = count or settings.prospect_daily_count
    with client_database(client) as (conn, client_id, _url):
        source = make_provider(settings, conn, count=wanted, choice=provider,
                               websites=read_list(websites) if websites else None)
        if source is None:
            err.print("[red]no discovery provider: set PDL_API_KEY or MATCHBOT_PROSPECT_WEBSITES_FILE, "
                      "or pass --websites FILE[/red]")
            raise typer.Exit(1)
        run = discover(conn, client_id=client_id, provider=source, count=wanted)
    out.print(f"{len(run.added)} prospect(s) added from {run.provider}, {run.duplicates} already known.",
              highlight=False)
    if run.error is not None:
        err.print(f"[red]{run.error}[/red]", highlight=False)
        raise typer.Exit(1)


@prospects_app.command("list")
def list_prospects(
    client: str | None = typer.Option(None, "--client", help=CLIENT_HELP),
    limit: int = typer.Option(20, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per prospect."),
) -> None:
    """Prospects, highest automation need first, with their site facts and latest form test."""
    from bot.core.db import tenant_transaction
    from bot.lead_platform.store.prospects import list_prospects as fetch

    with client_database(client) as (conn, client_id, _url), tenant_transaction(conn, client_id):
        rows = fetch(conn, limit=limit)
    for row in rows:
        p = row.prospect
        item = {"id": str(p.id), "business_name": p.business_name, "website": p.website,
                "automation_need_score": p.automation_need_score, "industry": p.industry,
                "language": p.language, "contact_email": p.contact_email, "site_status": p.site_status,
                "chat_widget": p.chat_widget, "form_url": p.form_url, "form_test": row.form_test_status,
                "form_test_score": row.form_test_score, "response_time_minutes": row.response_time_minutes}
        if as_json:
            print(json.dumps(item))
            continue
        test = row.form_test_status or "not tested"
        if row.form_test_score is not None:
            test += f" (score {row.form_test_score})"
        out.print(f"{p.automation_need_score or '–':>3}  {p.business_name}  {p.website}", markup=False,
                  highlight=False)
        out.print(f"     site {p.site_status or 'not read'} · chat {p.chat_widget or 'none'} · "
                  f"form {'yes' if p.form_url else 'no'} · test {test}", markup=False, highlight=False)


@prospects_app.command("form-test")
def form_test(
    prospect_id: str = typer.Argument(..., help="The prospect's id (matchbot prospects list)."),
    client: str | None = typer.Option(None, "--client", help=CLIENT_HELP),
    again: bool = typer.Option(False, "--again", help="Test a form that was tested before."),
) -> None:
    """Submit the prospect's contact form now, once; its answer is awaited by e-mail."""
    from bot.core.chat_model import make_chat_model
    from bot.core.db import open_pool
    from bot.core.services import Services
    from bot.core.settings import load_settings
    from bot.lead_platform.prospects import form_tests
    from bot.lead_platform.prospects.form_filler import BrowserUnavailable
    from knowledge.embeddings import make_embedder

    try:
        uuid.UUID(prospect_id)
    except ValueError:
        raise typer.BadParameter("not a prospect id", param_hint="PROSPECT_ID") from None
    settings = load_settings()
    with client_database(client) as (_conn, client_id, url):
        services = Services(settings=settings, pool=open_pool(url, max_size=2), database_url=url,
                            embedder=make_embedder(settings), chat_model=make_chat_model(settings))
        try:
            result = form_tests.run(services, client_id=client_id, prospect_id=prospect_id, again=again)
        except BrowserUnavailable as exc:
            err.print(f"[red]{exc}[/red]", highlight=False)
            raise typer.Exit(1) from None
        finally:
            services.pool.close()
    if "skipped" in result:
        err.print(f"[yellow]{result['skipped']}[/yellow]", highlight=False)
        raise typer.Exit(1)
    if not result["sent"]:
        out.print(f"The form could not be sent: {result['reason']}", highlight=False)
        return
    out.print(f"Form sent (test {result['test_id']}); the answer is awaited by e-mail for "
              f"{settings.form_test_timeout_hours:g} h.", highlight=False)


@prospects_app.command("rescore")
def rescore_prospects(client: str | None = typer.Option(None, "--client", help=CLIENT_HELP)) -> None:
    """Recompute the client's automation-need scores now (they follow their inputs by themselves)."""
    from bot.lead_platform.prospects.rescore import rescore

    with client_database(client) as (conn, client_id, _url):
        changed = rescore(conn, client_id=client_id)
    out.print(f"{changed} score(s) changed.", highlight=False)
