"""The Growth Brain's analysis time for one client with 10,000 and 100,000 leads, and translation
lookups per second from the dictionary and from the cache.

    python -m bench intelligence [--sizes 10000,100000] [--runs 3] [--seconds 3]

Leads are generated in SQL (generate_series): twelve intents, three urgencies, seven tones,
French and English, arrivals spread over 16 weeks, some archived or deleted, a third acted
on by the business, some converted, reverted or sent an outreach e-mail; another client's
50,000 leads share the table. Each size is timed as the weekly job runs it
(`analyse_client`, offline: figures in SQL, the rules' insights, the upsert), and the SQL
figures alone. Translations go through agents/translation.py as the dashboard asks them
(one service transaction per lookup, the `translation` metric written each time), one text
at a time and 100 at a time. Results in bench/results/intelligence.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from agents.translation import Translator
from bench.database import fresh_database
from bot.core.db import service_transaction, tenant_transaction
from bot.lead_platform.intelligence import analyse_client
from bot.lead_platform.store.clients import create_client
from bot.lead_platform.store.growth_brain import lead_figures
from knowledge import translations
from schema.migrate import migrate

RESULTS = Path(__file__).parent / "results" / "intelligence.json"
NOISE_LEADS = 50_000
INTENTS = ["Pricing request", "Quote request", "Appointment booking", "Information request", "Complaint",
           "Callback request", "Membership signup", "Technical support", "Cancellation request", "Feedback",
           "Spam", "Other"]
TONES = ["Professional", "Friendly", "Formal", "Urgent", "Frustrated", "Curious", "Neutral"]

# Skewed draws (power of random()) so that distributions look like real traffic, not uniform.
LEADS_SQL = """
INSERT INTO lead_memory (client_id, name, email, message, intent, urgency, tone, language, confidence_score,
                         archived, deleted, current_tag, created_at, timestamp)
SELECT %(client)s, 'Lead ' || n, 'lead' || n || '@example.org', 'Bonjour, je voudrais un devis.',
       CASE WHEN random() < 0.03 THEN NULL ELSE (%(intents)s::text[])[1 + floor(power(random(), 1.8) * %(n_intents)s)] END,
       (ARRAY['Élevée', 'Moyenne', 'Faible'])[1 + floor(power(random(), 1.3) * 3)],
       (%(tones)s::text[])[1 + floor(random() * %(n_tones)s)],
       CASE WHEN random() < 0.7 THEN 'fr' ELSE 'en' END,
       round((0.35 + random() * 0.64)::numeric, 2),
       random() < 0.05, random() < 0.02, CASE WHEN random() < 0.08 THEN 'Converti' END,
       at, at
FROM (SELECT n, %(now)s - random() * interval '112 days' AS at FROM generate_series(1, %(count)s) n) s
"""
ACTIONS_SQL = """
INSERT INTO lead_actions (lead_id, client_id, action_type, performed_by, timestamp)
SELECT id, client_id, 'created', 'api', created_at FROM lead_memory WHERE client_id = %(client)s AND id = ANY(%(ids)s)
UNION ALL
SELECT id, client_id, (ARRAY['tagged', 'note_added', 'converted', 'archived'])[1 + floor(random() * 4)], 'owner',
       created_at + random() * interval '60 hours'
FROM lead_memory WHERE client_id = %(client)s AND id = ANY(%(ids)s) AND random() < 0.35
UNION ALL
SELECT id, client_id, 'reverted', 'owner', created_at + interval '3 days'
FROM lead_memory WHERE client_id = %(client)s AND id = ANY(%(ids)s) AND random() < 0.01
"""
EMAILS_SQL = """
INSERT INTO outreach_emails (client_id, campaign_id, lead_id, prospect_email, status, sent_at, replied_at)
SELECT client_id, %(campaign)s, id, email, 'sent', created_at + interval '1 day',
       CASE WHEN random() < 0.2 THEN created_at + interval '2 days' END
FROM lead_memory WHERE client_id = %(client)s AND id = ANY(%(ids)s) AND random() < 0.05
"""


def add_leads(conn: psycopg.Connection[Any], client_id: Any, count: int, *, now: datetime) -> float:
    """`count` more leads for the client with their actions and e-mails; seconds it took."""
    started = time.perf_counter()
    with conn.transaction():
        ids = [r["id"] for r in conn.execute(
            LEADS_SQL + " RETURNING id",
            {"client": client_id, "intents": INTENTS, "n_intents": len(INTENTS), "tones": TONES,
             "n_tones": len(TONES), "count": count, "now": now}).fetchall()]
        conn.execute(ACTIONS_SQL, {"client": client_id, "ids": ids})
        campaign = conn.execute("INSERT INTO outreach_campaigns (name, client_id) VALUES ('Bench', %s) RETURNING id",
                                (client_id,)).fetchone()
        assert campaign is not None
        conn.execute(EMAILS_SQL, {"client": client_id, "ids": ids, "campaign": campaign["id"]})
    conn.execute("VACUUM ANALYZE lead_memory, lead_actions, outreach_emails")
    return time.perf_counter() - started


def timed(runs: int, action: Callable[[], Any]) -> dict[str, float]:
    """Median and worst wall time (ms) of `runs` calls after one warm-up."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1)}


def rate(seconds: float, action: Callable[[], int]) -> float:
    """Texts translated per second over about `seconds` (`action` returns how many it did)."""
    action()
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        done += action()
    return round(done / (time.perf_counter() - started), 1)


def translation_rates(conn: psycopg.Connection[Any], *, seconds: float) -> dict[str, Any]:
    """Lookups per second of the one translation service, offline (dictionary, then cache)."""
    translator = Translator(component="bench")
    with service_transaction(conn):
        words = [r["source_text"] for r in conn.execute(
            "SELECT source_text FROM translation_dictionary WHERE source_language = 'fr' AND target_language = 'en' "
            "ORDER BY source_text LIMIT 100").fetchall()]
        sentences = [f"Le lead numéro {n} demande un devis pour la semaine prochaine." for n in range(1000)]
        translations.remember(conn, ((s, s.replace("Le lead numéro", "Lead number")) for s in sentences),
                              source="fr", target="en", context_type="growth_insight")

    def one(texts: list[str], context: str | None) -> Callable[[], int]:
        position = 0

        def lookup() -> int:
            nonlocal position
            position = (position + 1) % len(texts)
            with service_transaction(conn):
                found = translator.translate(conn, texts[position], source="fr", target="en", context_type=context)
            assert found.found, texts[position]
            return 1
        return lookup

    def batch(texts: list[str], context: str | None) -> Callable[[], int]:
        def lookup() -> int:
            with service_transaction(conn):
                found = translator.translate_many(conn, texts[:100], source="fr", target="en", context_type=context)
            assert all(t.found for t in found.values())
            return len(found)
        return lookup

    return {
        "dictionary_entries": len(words), "cache_entries": len(sentences),
        "dictionary_one_at_a_time_per_s": rate(seconds, one(words, None)),
        "dictionary_100_at_a_time_texts_per_s": rate(seconds, batch(words, None)),
        "cache_one_at_a_time_per_s": rate(seconds, one(sentences, "growth_insight")),
        "cache_100_at_a_time_texts_per_s": rate(seconds, batch(sentences, "growth_insight")),
    }


def run(*, sizes: list[int], runs: int, seconds: float) -> dict[str, Any]:
    summary: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in os.getloadavg()],
                               "other_client_leads": NOISE_LEADS, "sizes": []}
    now = datetime.now(UTC)
    with fresh_database() as url, psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        migrate(conn, embedding_dim=512)
        conn.execute("SELECT setseed(0.42)")  # the same leads at every run
        with service_transaction(conn):
            client, _ = create_client(conn, business_name="Bench Agency", email="bench@example.test",
                                      password_hash=None, language="fr")
            other, _ = create_client(conn, business_name="Other Agency", email="other@example.test",
                                     password_hash=None, language="en")
        add_leads(conn, other.client_id, NOISE_LEADS, now=now)
        loaded = 0
        for size in sorted(sizes):
            fill_seconds = add_leads(conn, client.client_id, size - loaded, now=now)
            loaded = size

            def figures() -> None:
                with tenant_transaction(conn, client.client_id):
                    lead_figures(conn, client_id=client.client_id, now=datetime.now(UTC))

            brain = analyse_client(conn, client.client_id)
            summary["sizes"].append({
                "leads": size, "active_leads": brain.total_leads, "fill_seconds": round(fill_seconds, 1),
                "analyse_client": timed(runs, lambda: analyse_client(conn, client.client_id)),
                "sql_figures_only": timed(runs, figures),
                "insights": len(brain.insights.fr), "engagement_score": brain.engagement_score,
            })
            print(json.dumps(summary["sizes"][-1]), flush=True)
        summary["translation"] = translation_rates(conn, seconds=seconds)
    summary["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench intelligence", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated lead counts for one client")
    parser.add_argument("--runs", type=int, default=3, help="timed analyses per size (after one warm-up)")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long each translation rate is measured")
    args = parser.parse_args(argv)
    summary = run(sizes=[int(s) for s in args.sizes.split(",")], runs=args.runs, seconds=args.seconds)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
