"""The tracking part of `python -m bench outreach`: pixel and click requests per second, with latency.

A real server (uvicorn subprocess on 127.0.0.1, one process) on a throw-away database
with sent e-mails of one client; an open-loop generator (bench/webhooks.py's: requests
leave on schedule whether or not earlier ones were answered, latency counts from the
scheduled time) sends a mix of 80 % open-pixel hits and 20 % signed click redirects,
spread over the e-mails with repeats (first opens and later ones). Every request must
be answered (200 or 302) and recorded (one outreach_tracking row each).
1. latency at the target rate (500/s) for ~10 s (target p99 < 50 ms);
2. capacity: the rate steps up; the highest step that every request survived with the
   last tenth answered in under 50 ms (median), i.e. no backlog building up.
"""

from __future__ import annotations

import gc
import os
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg

from bench.database import fresh_database
from bench.webhooks import (
    MATCHBOT,
    Server,
    open_loop,
    postmaster_pid,
    run_loop,
    server_env,
    summarise,
    tree_cpu_seconds,
)
from bot.lead_platform.outreach.tokens import make_token, url_signature

SECRET = "bench-outreach-secret"
EMAILS = 5_000
LANDING = "https://agence.example/offre?utm_source=outreach"
AGENTS = ("Mozilla/5.0",  # Apple Mail Privacy Protection
          "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
          "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")


def seed(database_url: str) -> list[uuid.UUID]:
    """One client, one active campaign, EMAILS e-mails already sent."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        client = conn.execute("INSERT INTO clients (business_name, email, api_key, api_key_prefix) "
                              "VALUES ('Bench', 'bench@example.test', %s, 'mb_b') RETURNING client_id",
                              (uuid.uuid4().hex,)).fetchone()[0]  # type: ignore[index]
        campaign = conn.execute("INSERT INTO outreach_campaigns (client_id, name, status) "
                                "VALUES (%s, 'Bench', 'active') RETURNING id", (client,)).fetchone()[0]  # type: ignore[index]
        rows = conn.execute(
            "INSERT INTO outreach_emails (client_id, campaign_id, prospect_email, subject, content, status, sent_at) "
            "SELECT %s, %s, 'p' || n || '@example.org', 'Bonjour', 'Bonjour', 'sent', now() "
            "FROM generate_series(1, %s) n RETURNING id", (client, campaign, EMAILS)).fetchall()
        # A fresh database's first autovacuum pass (every table the migrations made) is not timed.
        conn.execute("VACUUM ANALYZE")
    return [row[0] for row in rows]


def requests(emails: list[uuid.UUID], count: int, *, offset: int) -> list[bytes]:
    """Raw HTTP requests: 4 pixel hits for each click, cycling through the e-mails."""
    prepared = []
    for n in range(offset, offset + count):
        email_id = emails[(n * 7919) % len(emails)]
        token = make_token(SECRET, email_id)
        if n % 5 == 4:
            signature = url_signature(SECRET, email_id, LANDING)
            target = f"/t/c/{token}?{urlencode({'u': LANDING, 's': signature})}"
        else:
            target = f"/t/o/{token}.gif"
        prepared.append((f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         f"User-Agent: {AGENTS[n % len(AGENTS)]}\r\n\r\n").encode())
    return prepared


def count_events(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(*) FROM outreach_tracking").fetchone()
    return int(row[0]) if row else 0


def run_rate(server: Server, database_url: str, emails: list[uuid.UUID], *, rate: float, seconds: float,
             offset: int) -> dict[str, Any]:
    count = int(rate * seconds)
    prepared = requests(emails, count, offset=offset)
    before = count_events(database_url)
    postmaster = postmaster_pid(database_url)
    web0, pg0 = tree_cpu_seconds(server.proc.pid), tree_cpu_seconds(postmaster) if postmaster else 0.0
    results = run_loop(open_loop(server.port, prepared, rate=rate))
    answered = [(latency, 200 if status in (200, 302) else status) for latency, status in results]
    summary = summarise(answered, rate=rate, stored=count_events(database_url) - before)
    summary["web_cpu_ms_per_request"] = round((tree_cpu_seconds(server.proc.pid) - web0) / count * 1000, 3)
    if postmaster:
        summary["postgres_cpu_ms_per_request"] = round((tree_cpu_seconds(postmaster) - pg0) / count * 1000, 3)
    return summary


def measure(*, latency_seconds: float, step_seconds: float, steps: list[float]) -> dict[str, Any]:
    """The tracking section of the outreach report."""
    # The load generator shares this process with whatever the other sections imported: its
    # own full garbage collections (over 100 ms with the agents loaded) must not count as
    # the server's latency.
    gc.collect()
    gc.freeze()
    report: dict[str, Any] = {"mix": "80% open pixel, 20% click redirect", "emails": EMAILS,
                              "server": "uvicorn, 1 process, worker not running"}
    with fresh_database() as database_url, tempfile.TemporaryDirectory() as tmp:
        env = server_env(database_url, Path(tmp), MATCHBOT_SECRET_KEY=SECRET)
        subprocess.run([MATCHBOT, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
        emails = seed(database_url)
        server = Server(env, workers=1)
        try:
            run_rate(server, database_url, emails, rate=200, seconds=3, offset=0)  # warm-up, not timed
            at_target = run_rate(server, database_url, emails, rate=500, seconds=latency_seconds, offset=10**6)
            report["at_500_per_s"] = {**at_target, "target_p99_ms": 50}
            measured = []
            for n, rate in enumerate(steps):
                step = run_rate(server, database_url, emails, rate=rate, seconds=step_seconds,
                                offset=(n + 2) * 10**6)
                step["sustained"] = (step["ok"] == step["requests"] == step["stored"]
                                     and step["last_tenth_p50_ms"] < 50)
                measured.append(step)
                if not step["sustained"]:
                    break
            report["capacity"] = {
                "steps": measured,
                "max_sustained_per_s": max((s["offered_per_s"] for s in measured if s["sustained"]), default=0),
                "rule": "sustained: every request answered (200/302) and recorded, last tenth's median < 50 ms",
            }
        finally:
            server.stop()
    report["machine"] = {"cpus": os.cpu_count(), "load_average_at_end": [round(x, 2) for x in os.getloadavg()]}
    return report
