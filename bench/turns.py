"""Offline bot turn latency and throughput on the embedded database.

`python -m bench turns [--members N]`: N scripted members (French and English, 18 turns
each: qualification, questions, profiles, next, interest, thanks) talk to the bot on a
fresh database with the demo content. A turn is the `bot_turn` job (understanding,
routing, one agent, compose, privacy guard, checkpoint, outbound rows, agent logs, all
committed); delivery is excluded. Prints JSON and writes bench/results/turns.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from bench.database import fresh_database
from bot.core.bootstrap import setup_checkpointer
from bot.core.settings import Settings
from bot.runtime import build_services, load_demo_if_empty
from bot.store import conversations as repo
from graph.turn import TurnRunner
from schema.migrate import migrate

SCRIPTS = {
    "fr": [
        "Bonjour", "je suis un homme", "j'ai 38 ans", "Douala", "Quels sont vos tarifs ?",
        "une femme", "entre 28 et 42 ans", "peu importe", "suivant", "un autre",
        "Comment se passe le premier rendez-vous ?", "suivant", "je suis intéressé",
        "merci beaucoup", "Comment supprimer mon compte ?", "suivant", "blabla", "merci",
    ],
    "en": [
        "Hello", "I am a woman", "I'm 33 years old", "I live in Paris", "How do I pay?",
        "a man", "between 30 and 45", "any", "next", "next", "Are my details kept private?",
        "another one", "I'm interested", "thank you", "What are your opening hours?", "next",
        "hmm", "thanks",
    ],
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(members: int) -> dict[str, object]:
    with fresh_database() as url:
        with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
            migrate(conn, embedding_dim=512, after=setup_checkpointer)
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            environment="test", database_url=url, chat_provider="offline",
            embedding_provider="offline", burst_window_seconds=0,
        )
        services = build_services(settings, url, pool_size=4)
        load_demo_if_empty(services)
        runner = TurnRunner(services)
        latencies: list[float] = []
        started = time.perf_counter()
        try:
            for n in range(members):
                language = "fr" if n % 3 else "en"
                with services.pool.connection() as conn:
                    lead_id = repo.upsert_lead(conn, channel="local", phone=f"+23769{n:07d}")
                for text in SCRIPTS[language]:
                    with services.pool.connection() as conn:
                        repo.record_inbound(conn, lead_id=lead_id, content=text, channel="local",
                                            provider_message_id=f"bench-{uuid.uuid4().hex}")
                    t0 = time.perf_counter()
                    runner.run(lead_id)
                    latencies.append((time.perf_counter() - t0) * 1000)
            elapsed = time.perf_counter() - started
            with services.pool.connection() as conn:
                stats = conn.execute(
                    """SELECT count(*) AS replies,
                              avg((metadata->>'llm_calls')::int) AS llm_calls,
                              count(DISTINCT intent) AS intents
                       FROM conversations WHERE direction = 'out'"""
                ).fetchone()
                routes = conn.execute(
                    "SELECT agent_name, count(*) AS n FROM agent_logs GROUP BY 1 ORDER BY 2 DESC"
                ).fetchall()
        finally:
            services.pool.close()
    return {
        "turns": len(latencies),
        "members": members,
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "max_ms": round(max(latencies), 2),
        "turns_per_second_sequential": round(len(latencies) / elapsed, 1),
        "llm_calls_per_turn": float(stats["llm_calls"] or 0),
        "bot_messages": stats["replies"],
        "agent_runs": {r["agent_name"]: r["n"] for r in routes},
        "target_p95_ms": 50,  # issue 10: offline turns stay under 50 ms at p95
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench turns")
    parser.add_argument("--members", type=int, default=60, help="scripted members (18 turns each)")
    args = parser.parse_args(argv)
    result = run(args.members)
    print(json.dumps(result, indent=2))
    out = Path(__file__).parent / "results" / "turns.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
