"""Member outreach on the 60k-row catalogue: choosing whom to alert, and sending the alerts.

    python -m bench member_alerts [--members 20000] [--runs 5]

Loads the 59,946 OkCupid profiles (bench/okcupid.py) and N qualified members drawn from
the data set (their age, sex and orientation, the profile's own search range as the
member's wanted ages, its city half the time), all reachable (an approved template is
configured). Then times what a `member_outreach` run does to choose its alerts — who may
be written to now (`alertable_members`) and, for them, the newest profile that suits
each both ways (`newest_matches`, the run's 200 and all of them) — when nothing is new,
when 20 profiles were added today, and right after the whole catalogue was imported.
Last, whole runs with 20 new profiles: choose, compose through the privacy guard, queue
each alert with its delivery job and conversation checkpoint. Results in
bench/results/member_alerts.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from pgvector.psycopg import register_vector
from psycopg.rows import dict_row

from bench.database import fresh_database
from bench.matching import copy_profiles
from bench.okcupid import read_rows, to_profiles
from bot.core.bootstrap import setup_checkpointer
from bot.core.settings import Settings
from bot.lead_platform.outreach import members as member_outreach
from bot.lead_platform.store.member_outreach import alertable_members
from bot.runtime import build_services
from graph.offers import ConversationState
from knowledge.member_matches import newest_matches
from schema.migrate import migrate

RESULTS = Path(__file__).parent / "results" / "member_alerts.json"
BATCH = member_outreach.BATCH
MEMBER_COLUMNS = ("phone", "name", "age", "gender", "city", "looking_for_gender", "preferred_age_min",
                  "preferred_age_max", "preferred_city", "qualification_complete", "status",
                  "conversation_phase", "channel", "created_at", "last_inbound_at", "last_outbound_at")


def load_members(conn: psycopg.Connection[Any], people: list[dict[str, Any]], rng: random.Random) -> None:
    """Qualified members who joined a month ago and last wrote two days ago."""
    joined, wrote = datetime.now(UTC) - timedelta(days=30), datetime.now(UTC) - timedelta(days=2)
    with conn.cursor() as cur, cur.copy(f"COPY leads ({', '.join(MEMBER_COLUMNS)}) FROM STDIN") as copy:
        for n, person in enumerate(people):
            other = "female" if person["gender"] == "male" else "male"
            wanted = person["gender"] if person["orientation"] == "gay" else other
            copy.write_row((f"+2376{n:08d}", "Membre Test", person["age"], person["gender"], person["city"], wanted,
                            person["search_age_min"], person["search_age_max"],
                            person["city"] if rng.random() < 0.5 else None, True, "prospect_qualifie",
                            "matching", "local", joined, wrote, wrote))


def timed(runs: int, action: Callable[[], Any]) -> tuple[dict[str, float], Any]:
    """Median and worst wall time (ms) of `runs` calls after one warm-up, and the last result."""
    result = action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1)}, result


def choose(conn: psycopg.Connection[Any], *, runs: int) -> dict[str, Any]:
    """Time the two queries of a run's choice, as the run makes them."""
    since = datetime.now(UTC) - timedelta(days=14)
    reachable_ms, reachable = timed(runs, lambda: alertable_members(conn, every_days=7, template=True))
    batch_ms, batch = timed(runs, lambda: newest_matches(conn, lead_ids=reachable, added_since=since, limit=BATCH))
    all_ms, everyone = timed(max(1, runs // 2), lambda: newest_matches(conn, lead_ids=reachable, added_since=since))
    return {"reachable_members": len(reachable), "alertable_members_ms": reachable_ms,
            f"newest_matches_first_{BATCH}_ms": batch_ms, "members_with_a_new_profile": len(everyone),
            "newest_matches_all_ms": all_ms, "batch": len(batch)}


def run(*, members: int, runs: int, seed: int = 11) -> dict[str, Any]:
    rng = random.Random(seed)
    started = time.perf_counter()
    profiles = list(to_profiles(read_rows()))
    rows = [{k: v for k, v in p.items() if k != "orientation"} for p in profiles]
    summary: dict[str, Any] = {"profiles": len(rows), "members": members, "cpus": os.cpu_count(),
                               "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    with fresh_database() as url:
        with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
            migrate(conn, embedding_dim=512, after=setup_checkpointer)
            register_vector(conn)  # the COPY names the halfvec type (no vectors are loaded)
            copy_profiles(conn, rows, None, model=None)
            load_members(conn, rng.sample(profiles, members), rng)
            conn.execute("UPDATE profiles SET created_at = now() - interval '60 days'")
            conn.execute("UPDATE configuration SET value = %s WHERE key = 'whatsapp_templates'",
                         (json.dumps({"match_alert": {"content_sid": "HX" + "0" * 32, "variables": ["lead_name"]}}),))
            conn.execute("VACUUM ANALYZE")
            summary["nothing_new"] = choose(conn, runs=runs)
            fresh = rng.sample([r["id"] for r in conn.execute(
                "SELECT id FROM profiles WHERE status = 'active'").fetchall()], 20)
            conn.execute("UPDATE profiles SET created_at = now() - interval '1 hour' WHERE id = ANY(%s)", (fresh,))
            summary["twenty_new_profiles"] = choose(conn, runs=runs)
            conn.execute("UPDATE profiles SET created_at = now() - interval '1 hour'")
            conn.execute("VACUUM ANALYZE profiles")
            summary["whole_catalogue_imported"] = choose(conn, runs=runs)
            conn.execute("UPDATE profiles SET created_at = now() - interval '60 days' WHERE id <> ALL(%s)", (fresh,))
            conn.execute("VACUUM ANALYZE profiles")
        summary["runs_with_twenty_new_profiles"] = whole_runs(url)
    summary["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    summary["total_seconds"] = round(time.perf_counter() - started, 1)
    return summary


def whole_runs(url: str) -> list[dict[str, Any]]:
    """`member_outreach` runs at noon, agency time, until no member is left to alert."""
    settings = Settings(_env_file=None, environment="test", database_url=url,
                        chat_provider="offline", embedding_provider="offline")
    zone = ZoneInfo("Africa/Douala")
    noon = datetime.combine(datetime.now(zone).date(), datetime.min.time().replace(hour=12), tzinfo=zone)
    services = dataclasses.replace(build_services(settings, url, pool_size=2), clock=lambda: noon)
    done = []
    try:
        conversation = ConversationState()
        for _ in range(10):
            t0 = time.perf_counter()
            result = member_outreach.run(services, conversation)
            seconds = time.perf_counter() - t0
            done.append({"alerts": result.get("alerts", 0), "seconds": round(seconds, 2),
                         "alerts_per_second": round(result.get("alerts", 0) / seconds, 1)})
            if not result.get("alerts"):
                break
    finally:
        services.pool.close()
    return done


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench member_alerts", description=__doc__)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5, help="timed repetitions of each query")
    args = parser.parse_args(argv)
    summary = run(members=args.members, runs=args.runs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
