"""The drafting part of `python -m bench outreach`: outreach e-mails drafted per second, offline.

1. the agent alone (research → draft → check → decide, no database, no model), one
   thread, over varied prospects (French and English, with and without a form test or
   chat widget): drafts per second and the time per draft;
2. the `outreach_tick` job end to end on a throw-away database: a client with N
   prospects and one active campaign whose cap lets every one be drafted; ticks run
   until all are drafted (each reads the audience best industry first, runs the agent,
   stores the drafts and their agent_logs): drafts per second.
"""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from bench.database import fresh_database

INDUSTRIES = ("bakery", "dentist", "plumber", "florist", "garage", "notary", "gym", "hotel")


def prospect_row(n: int) -> dict[str, Any]:
    """A varied prospect: every third has a completed form test, every other no chat widget."""
    row: dict[str, Any] = {
        "business_name": f"Business {n}", "website": f"https://www.business{n}.example/",
        "industry": INDUSTRIES[n % len(INDUSTRIES)], "region": ("Québec", "France", "Ontario")[n % 3],
        "language": "fr" if n % 2 else "en", "contact_email": f"owner{n}@business{n}.example",
        "has_chat_widget": n % 4 == 0, "automation_need_score": 45 + n % 50,
    }
    if n % 3 == 0:
        row["form_test"] = {"test_status": "completed", "response_time_minutes": 30 + 97 * n % 3000,
                            "has_autoresponder": n % 2 == 0, "autoresponder_tone": "robotic",
                            "test_submitted_at": (datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=n)).isoformat()}
    return row


def agent_only(count: int) -> dict[str, Any]:
    """Drafts per second of the agent graph alone."""
    from agents.outreach.graph import build_graph, run
    from agents.outreach.state import Brief, OutreachContext, Recipient
    from bot.lead_platform.outreach.templates import Template

    templates = {
        "en": Template(id=str(uuid.uuid4()), name="Intro", language="en", subject="A question for {{company|you}}",
                       body="Hello {{first_name|there}},\n\n{{personal_line}}\n\nI write for {{sender_company}}.\n"
                            "{{booking_link|}}\n\nBest regards,\n{{sender_company}}"),
        "fr": Template(id=str(uuid.uuid4()), name="Intro", language="fr", subject="Une question pour {{company|vous}}",
                       body="Bonjour {{first_name|}},\n\n{{personal_line}}\n\nJe vous écris pour {{sender_company}}.\n"
                            "{{booking_link|}}\n\nCordialement,\n{{sender_company}}"),
    }
    brief = Brief(campaign_id=uuid.uuid4(), sender_company="Matchbot", step=1, templates=templates,
                  approval_mode="manual", booking_link="https://cal.example/m", allowed_links=("https://cal.example/m",))
    graph, context = build_graph(), OutreachContext()
    recipients = [Recipient(kind="prospect", id=uuid.uuid4(), address=r["contact_email"], language=r["language"],
                            timezone="Europe/Paris", row=r) for r in map(prospect_row, range(count))]
    run(graph, {"recipient": recipients[0], "brief": brief}, context)  # warm-up (imports, compiled regexes)
    times, statuses = [], []
    started = time.perf_counter()
    for recipient in recipients:
        t0 = time.perf_counter()
        statuses.append(run(graph, {"recipient": recipient, "brief": brief}, context)["status"])
        times.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    ordered = sorted(times)
    return {"drafts": count, "drafts_per_second": round(count / elapsed, 1),
            "p50_ms": round(statistics.median(times), 2), "p95_ms": round(ordered[int(0.95 * len(ordered))], 2),
            "rejected": statuses.count("rejected")}


def end_to_end(count: int) -> dict[str, Any]:
    """Drafts per second of the outreach_tick job on a real database."""
    from langchain_core.embeddings import FakeEmbeddings

    from bot.core.bootstrap import migrate_database
    from bot.core.db import open_pool, service_transaction, tenant_transaction
    from bot.core.services import Services
    from bot.core.settings import Settings
    from bot.lead_platform.outreach import campaigns, drafting
    from bot.lead_platform.store.campaigns import set_postal_address
    from bot.lead_platform.store.clients import create_client

    with fresh_database() as url:
        home = Path(f"/tmp/matchbot-bench-outreach-{uuid.uuid4().hex[:6]}")
        settings = Settings(_env_file=None, home=home, database_url=url,  # type: ignore[call-arg]
                            chat_provider="offline", embedding_provider="offline")
        migrate_database(url, settings)
        with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
            with service_transaction(conn):
                client, _ = create_client(conn, business_name="Bench", email="bench@example.test", password_hash=None)
            with tenant_transaction(conn, client.client_id):
                set_postal_address(conn, client.client_id, "1 rue du Banc, Paris")
                for n in range(count):
                    row = prospect_row(n)
                    test = row.pop("form_test", None)
                    pid = conn.execute(
                        f"INSERT INTO prospect_candidates (client_id, {', '.join(row)}) "
                        f"VALUES (%s, {', '.join(['%s'] * len(row))}) RETURNING id",
                        (client.client_id, *row.values())).fetchone()["id"]  # type: ignore[index]
                    if test:
                        conn.execute(
                            """INSERT INTO prospect_form_tests (client_id, prospect_id, test_submitted_at,
                                   response_time_minutes, has_autoresponder, autoresponder_tone, test_status)
                               VALUES (%s, %s, %s, %s, %s, %s, 'completed')""",
                            (client.client_id, pid, test["test_submitted_at"], test["response_time_minutes"],
                             test["has_autoresponder"], test["autoresponder_tone"]))
                intro = conn.execute("SELECT id FROM email_templates WHERE client_id IS NULL AND name = 'Introduction' "
                                     "AND language = 'en'").fetchone()["id"]  # type: ignore[index]
                campaign = campaigns.create(conn, client_id=client.client_id, raw={
                    "name": "Bench", "email_template_id": str(intro), "daily_cap": str(count)})
                campaigns.activate(conn, campaign.id)
        pool = open_pool(url, max_size=2)
        services = Services(settings=settings, pool=pool, database_url=url, embedder=FakeEmbeddings(size=8))
        try:
            drafted, ticks = 0, 0
            started = time.perf_counter()
            while drafted < count:
                result = drafting.tick(services, campaign_id=str(campaign.id))
                done = sum(v for k, v in result.items() if k.startswith("drafted_"))
                if done == 0:
                    break
                drafted, ticks = drafted + done, ticks + 1
            elapsed = time.perf_counter() - started
        finally:
            pool.close()
        return {"prospects": count, "drafted": drafted, "ticks": ticks, "seconds": round(elapsed, 2),
                "drafts_per_second": round(drafted / elapsed, 1), "per_tick": drafting.DRAFTS_PER_TICK}


def measure(*, agent_drafts: int = 2000, job_drafts: int = 500) -> dict[str, Any]:
    return {"agent": agent_only(agent_drafts), "job": end_to_end(job_drafts)}
