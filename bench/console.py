"""The console at the size of a large agency: inbox, conversation and analytics latency.

`python -m bench console [--members 100000] [--messages 5000000] [--requests 60]`

Fills a throw-away database (DATABASE_URL's server, else an embedded one) with the demo
catalogue and a large agency's members and messages (bench/agency_data.py: set-based
SQL, then VACUUM ANALYZE), starts the real server (uvicorn, no worker), signs in as an
admin and times each console page through HTTP, one request at a time, after one
untimed visit of each URL: the inbox (first page, each status tab, the polled rows and
counts, searches by phone and by name), the conversation page and polled thread of the
members with the most messages, and the analytics page. Target: p95 under 200 ms per
page. Latency on a shared machine depends on what else runs, so the load average is
recorded and the CPU the web server and PostgreSQL spent per request is reported too.
Prints JSON and writes bench/results/console.json.

`--database-url URL` times the pages of a database filled earlier (no fill, no drop).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psycopg
from psycopg.rows import dict_row

from bench.agency_data import PASSWORD, fill
from bench.database import fresh_database
from bench.webhooks import Server, percentile, postmaster_pid, tree_cpu_seconds
from bot.core.bootstrap import setup_checkpointer
from bot.core.settings import Settings
from bot.runtime import build_services, load_demo_if_empty
from schema.migrate import migrate

RESULTS = Path(__file__).parent / "results" / "console.json"
TARGET_P95_MS = 200
WARM_UP = 5
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(url: str, *, members: int, messages: int) -> dict[str, Any]:
    """Migrate, load the demo catalogue, fill; what was filled and how long it took."""
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        migrate(conn, embedding_dim=512, after=setup_checkpointer)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test", database_url=url, chat_provider="offline", embedding_provider="offline",
    )
    services = build_services(settings, url, pool_size=2)
    try:
        load_demo_if_empty(services)
    finally:
        services.pool.close()
    print(f"migrated and demo catalogue loaded in {time.perf_counter() - started:.0f} s; filling", flush=True)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        steps = fill(conn, members=members, messages=messages)
    return {"fill_seconds": round(time.perf_counter() - started, 1), "fill_steps_seconds": steps}


def describe(url: str) -> dict[str, Any]:
    """Row counts and sizes of what the console reads."""
    with psycopg.connect(url, row_factory=dict_row) as conn:
        counts = {
            table: conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()["n"]  # type: ignore[index]
            for table in ("leads", "conversations", "agent_logs", "profile_views", "contact_requests",
                          "transactions", "logs", "understanding_reviews", "profiles")
        }
        size = conn.execute(
            "SELECT pg_database_size(current_database()) AS bytes, "
            "pg_size_pretty(pg_database_size(current_database())) AS pretty"
        ).fetchone()
        per_member = conn.execute(
            """SELECT percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY n) AS q, max(n) AS top
               FROM (SELECT count(*) AS n FROM conversations GROUP BY lead_id) x"""
        ).fetchone()
    return {"rows": counts, "database_size": size["pretty"], "database_bytes": size["bytes"],  # type: ignore[index]
            "messages_per_member": {"p50": per_member["q"][0], "p90": per_member["q"][1],  # type: ignore[index]
                                    "p99": per_member["q"][2], "max": per_member["top"]}}  # type: ignore[index]


def pages(url: str) -> dict[str, list[str]]:
    """The URLs timed for each page (several per page where the page takes an argument)."""
    with psycopg.connect(url, row_factory=dict_row) as conn:
        heavy = [r["lead_id"] for r in conn.execute(
            "SELECT lead_id FROM conversations GROUP BY lead_id ORDER BY count(*) DESC LIMIT 10").fetchall()]
        sample = conn.execute("SELECT phone, name FROM leads WHERE name LIKE '%% %%' ORDER BY id").fetchall()
    pick = random.Random(7)
    members = pick.sample(sample, 60)
    phones = [m["phone"] if n % 3 == 0 else m["phone"][-8:] if n % 3 == 1 else m["phone"][1:]
              for n, m in enumerate(members)]
    names = [m["name"] if n % 3 == 0 else m["name"].split()[n % 3 - 1] for n, m in enumerate(members)]
    tabs = {f"inbox_{s}": [f"/admin/inbox?status={s}"] for s in ("bot", "waiting", "admin", "opted_out")}
    return {
        "inbox": ["/admin/inbox"], **tabs,
        "inbox_rows": ["/admin/inbox/rows"],
        "inbox_counts": ["/admin/inbox/counts"],
        "search_phone": [f"/admin/inbox?q={quote(p)}" for p in phones],
        "search_name": [f"/admin/inbox?q={quote(n)}" for n in names],
        "conversation": [f"/admin/conversations/{lead}" for lead in heavy],
        "thread": [f"/admin/conversations/{lead}/thread" for lead in heavy],
        "analytics": ["/admin/analytics"],
    }


@contextmanager
def signed_in(base_url: str, email: str) -> Iterator[httpx.Client]:
    """An HTTP client with an admin's console session."""
    with httpx.Client(base_url=base_url, timeout=120) as client:
        match = CSRF.search(client.get("/admin/login").text)
        assert match, "no CSRF token on the login page"
        answer = client.post("/admin/login", data={"csrf_token": match.group(1), "email": email,
                                                   "password": PASSWORD})
        assert answer.status_code == 303, f"sign-in answered {answer.status_code}"
        yield client


def postgres_cpu_seconds(postmaster: int) -> float:
    """CPU of a local PostgreSQL: its processes, and those that ended (parallel workers)."""
    fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    ended = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime
    return tree_cpu_seconds(postmaster) + ended


def time_page(
    client: httpx.Client, urls: list[str], *, requests: int, cpu_clocks: dict[str, Callable[[], float]]
) -> dict[str, Any]:
    """p50/p95/p99 of `requests` sequential GETs cycling through urls (after one untimed visit
    of each, at least five),
    and the CPU the web server and PostgreSQL spent per request (which, unlike latency on
    a shared machine, does not depend on what else runs)."""
    latencies = []
    cpu: dict[str, float] = {}
    warm_up = max(WARM_UP, len(urls))  # every URL once: a member's search is embedded on a first visit
    for n in range(warm_up + requests):
        if n == warm_up:
            cpu = {name: clock() for name, clock in cpu_clocks.items()}
        path = urls[n % len(urls)]
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:  # a redirect to the sign-in page included
            raise RuntimeError(f"{path} answered {response.status_code}")
        if n >= warm_up:
            latencies.append(elapsed)
    spent = {f"{name}_cpu_ms_per_request": round((clock() - cpu[name]) / requests * 1000, 1)
             for name, clock in cpu_clocks.items()}
    return {"requests": requests, "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1), "p99_ms": round(percentile(latencies, 99), 1),
            "max_ms": round(max(latencies), 1), "under_target": percentile(latencies, 95) < TARGET_P95_MS,
            **spent, "example": urls[0]}


def measure(url: str, *, requests: int) -> dict[str, Any]:
    """Every page through a real server on this database."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "DATABASE_URL": url, "MATCHBOT_HOME": home, "MATCHBOT_ENV": "test",
               "MATCHBOT_CHAT_PROVIDER": "offline", "MATCHBOT_EMBEDDING_PROVIDER": "offline",
               "MATCHBOT_EMBEDDED_WORKER": "false"}
        server = Server(env, workers=1)
        web = server.proc.pid
        clocks: dict[str, Callable[[], float]] = {"web": lambda: tree_cpu_seconds(web)}
        postgres = postmaster_pid(url)
        if postgres:  # a local server: its CPU counts too
            clocks["postgres"] = lambda: postgres_cpu_seconds(postgres)
        try:
            results = {}
            with signed_in(f"http://127.0.0.1:{server.port}", "admin1@agence.bench") as client:
                for name, urls in pages(url).items():
                    results[name] = time_page(client, urls, requests=requests, cpu_clocks=clocks)
                    print(json.dumps({name: results[name]}), flush=True)
        finally:
            server.stop()
    return results


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench console", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=5_000_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--database-url", help="time the pages of a database filled earlier")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"machine": {"cpus": os.cpu_count()}, "target_p95_ms": TARGET_P95_MS}
    with (nullcontext(args.database_url) if args.database_url else fresh_database()) as url:
        if not args.database_url:
            report["fill"] = prepare(url, members=args.members, messages=args.messages)
        report["data"] = describe(url)
        report["machine"]["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
        report["pages"] = measure(url, requests=args.requests)
        report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
