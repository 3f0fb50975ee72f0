"""WhatsApp webhook benchmark: acknowledgement latency, sustained inbound rate, end to end.

Loopback only, bounded in count and time. A real server (uvicorn subprocess on
127.0.0.1, optionally several worker processes) receives Twilio-signed webhooks from an
open-loop generator (requests are sent on schedule whether or not earlier ones have
been answered; latency counts from the scheduled time, so queueing is not hidden).

1. ack: p50/p99 acknowledgement latency at 200 messages/s for ~10 s (target p99 < 50 ms);
2. capacity: the rate steps up; the highest step where every request got 200 with
   p99 < 250 ms (no backlog) and every MessageSid is in the database (target >= 500/s);
3. e2e: with `matchbot worker` running (burst window 0) and a local Twilio stand-in,
   inbound webhook -> outbound `messages.create` p95 (target < 250 ms).

`python -m bench webhooks [--ack-seconds 10] [--steps 300,500,700] [--web-workers 2] [--skip-e2e]`
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg
from twilio.request_validator import RequestValidator

from bench.database import fresh_database
from tests.support.stand_ins import TwilioServer

PUBLIC = "https://bench.matchbot.example"
TOKEN = "bench-twilio-token-0123456789"
PATH = "/webhooks/twilio/whatsapp"
MATCHBOT = str(Path(sys.executable).parent / "matchbot")
RESULTS = Path(__file__).parent / "results" / "webhooks.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(database_url: str, home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "MATCHBOT_HOME": str(home), "MATCHBOT_ENV": "test",
           "PUBLIC_BASE_URL": PUBLIC, "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": TOKEN,
           "TWILIO_WHATSAPP_FROM": "whatsapp:+15550001111", "MATCHBOT_CHAT_PROVIDER": "offline",
           "MATCHBOT_EMBEDDING_PROVIDER": "offline", "MATCHBOT_EMBEDDED_WORKER": "false",
           "MATCHBOT_BURST_WINDOW": "0", "MATCHBOT_POOL_SIZE": "8"}
    env.update(extra)
    return env


class Server:
    """`uvicorn bot.app:create_app` in a subprocess, waited for on /healthz."""

    def __init__(self, env: dict[str, str], *, workers: int) -> None:
        self.port = free_port()
        cmd = [sys.executable, "-m", "uvicorn", "--factory", "bot.app:create_app", "--host", "127.0.0.1",
               "--port", str(self.port), "--workers", str(workers), "--log-level", "warning",
               "--no-access-log"]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server)
        self.proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=self.log, stderr=self.log)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if b" 200 " in s.recv(200):
                        return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        self.log.seek(0)
        raise RuntimeError("the server did not start within 120 s:\n" + self.log.read().decode()[-2000:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def signed_request(n: int, *, run: int, senders: int, prefix: str = "+2376") -> tuple[str, bytes]:
    """(MessageSid, raw HTTP request) of one inbound message, signed like Twilio does."""
    sid = f"SM{run:08x}{n:024x}"
    phone = f"{prefix}{(n % senders):08d}"
    form = {"MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": f"whatsapp:{phone}",
            "To": "whatsapp:+15550001111", "Body": f"Bonjour, message {n}", "NumMedia": "0",
            "ProfileName": "Bench", "WaId": phone[1:]}
    body = urlencode(form).encode()
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC + PATH, form)
    head = (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"X-Twilio-Signature: {signature}\r\nContent-Length: {len(body)}\r\n\r\n")
    return sid, head.encode() + body


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


async def open_loop(port: int, requests: list[bytes], *, rate: float, connections: int = 64) -> list[tuple[float, int]]:
    """Send requests at `rate`/s on schedule; (latency from scheduled time, status) each."""
    pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    results: list[tuple[float, int]] = [(0.0, 0)] * len(requests)

    async def one(i: int, due: float) -> None:
        conn = await pool.get()
        try:
            status = await asyncio.wait_for(_exchange(*conn, requests[i]), timeout=20)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            status = 0
            conn[1].close()
            conn = await asyncio.open_connection("127.0.0.1", port)
        results[i] = (time.perf_counter() - due, status)
        pool.put_nowait(conn)

    loop = asyncio.get_running_loop()
    start = time.perf_counter() + 0.05
    tasks = []
    for i in range(len(requests)):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(loop.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    while not pool.empty():
        pool.get_nowait()[1].close()
    return results


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of a process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):  # the process ended meanwhile
                children.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            fields = _stat(pid)
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            continue
        todo += children.get(pid, [])
    return total / os.sysconf("SC_CLK_TCK")


def postmaster_pid(database_url: str) -> int | None:
    """The local PostgreSQL server's main process (None when it is not on this machine)."""
    try:
        with psycopg.connect(database_url) as conn:
            row = conn.execute("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'").fetchone()
        return int(_stat(int(row[0]))[1]) if row else None
    except (OSError, psycopg.Error, IndexError):
        return None


def run_loop(coroutine: Any) -> Any:
    """asyncio.run on uvloop when installed (uvicorn[standard] brings it): a lighter load generator."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summarise(results: list[tuple[float, int]], *, rate: float, stored: int) -> dict[str, Any]:
    latencies = [lat * 1000 for lat, _ in results]
    ok = sum(1 for _, status in results if status == 200)
    return {"offered_per_s": rate, "requests": len(results), "ok": ok, "stored": stored,
            "lost": len(results) - stored, "p50_ms": round(percentile(latencies, 50), 2),
            "p99_ms": round(percentile(latencies, 99), 2), "max_ms": round(max(latencies), 2),
            "mean_ms": round(statistics.fmean(latencies), 2),
            # A server that cannot keep up has latencies growing through the step.
            "last_tenth_p50_ms": round(percentile(latencies[-max(1, len(latencies) // 10):], 50), 2)}


def count_stored(database_url: str, sids: list[str]) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(*) FROM conversations WHERE provider_message_id = ANY(%s)",
                           (sids,)).fetchone()
    return int(row[0]) if row else 0


def run_rate(server: Server, database_url: str, *, rate: float, seconds: float, run: int,
             senders: int) -> dict[str, Any]:
    count = int(rate * seconds)
    prepared = [signed_request(n, run=run, senders=senders) for n in range(count)]
    postmaster = postmaster_pid(database_url)
    web0, pg0 = tree_cpu_seconds(server.proc.pid), tree_cpu_seconds(postmaster) if postmaster else 0.0
    results = run_loop(open_loop(server.port, [raw for _, raw in prepared], rate=rate))
    summary = summarise(results, rate=rate, stored=count_stored(database_url, [sid for sid, _ in prepared]))
    # CPU per acknowledged message does not depend on what else the machine is running.
    summary["web_cpu_ms_per_msg"] = round((tree_cpu_seconds(server.proc.pid) - web0) / count * 1000, 3)
    if postmaster:
        summary["postgres_cpu_ms_per_msg"] = round((tree_cpu_seconds(postmaster) - pg0) / count * 1000, 3)
    return summary


def run_e2e(port: int, *, messages: int, rate: float) -> dict[str, Any]:
    """Inbound webhook sent -> first outbound request for that member, one member per message."""
    prepared = [signed_request(n, run=3, senders=10**8, prefix="+2377") for n in range(messages)]
    sent: dict[str, float] = {}

    async def go() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for n, (_, raw) in enumerate(prepared):
            sent[f"+2377{n:08d}"] = time.perf_counter()
            await _exchange(reader, writer, raw)
            await asyncio.sleep(1 / rate)
        writer.close()

    run_loop(go())
    return sent  # type: ignore[return-value]


def e2e_phase(database_url: str, home: Path, *, web_workers: int, messages: int) -> dict[str, Any]:
    with psycopg.connect(database_url, autocommit=True) as conn:  # the earlier phases' turns are not timed
        conn.execute("UPDATE queue_jobs SET status = 'completed' WHERE status = 'pending'")
    twilio = TwilioServer()
    env = server_env(database_url, home, TWILIO_BASE_URL=twilio.url)
    # A fresh database has no understanding model yet: stored now, as `make run` would have
    # done long before a member writes, so that the first turns are not timed training it.
    subprocess.run([MATCHBOT, "understanding", "train"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = Server(env, workers=web_workers)
    worker = subprocess.Popen([MATCHBOT, "worker"], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL)
    try:
        time.sleep(5)  # the worker connects and listens
        sent = run_e2e(server.port, messages=messages, rate=5)
        deadline = time.time() + 30
        while len(twilio.first_arrivals()) < messages and time.time() < deadline:
            time.sleep(0.2)
        arrivals = twilio.first_arrivals()
        latencies = [(arrivals[p] - t) * 1000 for p, t in sent.items() if p in arrivals]
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        server.stop()
        twilio.close()
    if not latencies:
        return {"messages": messages, "answered": 0}
    return {"messages": messages, "answered": len(latencies), "offered_per_s": 5,
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "max_ms": round(max(latencies), 1), "target_p95_ms": 250}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench webhooks", description=__doc__.splitlines()[0])
    parser.add_argument("--ack-seconds", type=float, default=10.0)
    parser.add_argument("--step-seconds", type=float, default=5.0)
    parser.add_argument("--steps", default="300,400,500,600,700,800")
    parser.add_argument("--web-workers", type=int, default=1)
    parser.add_argument("--e2e-messages", type=int, default=100)
    parser.add_argument("--skip-e2e", action="store_true")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "loopback": True,
                                          "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
                              "server": f"uvicorn --workers {args.web_workers}, worker not running"}
    with fresh_database() as database_url, tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = server_env(database_url, home)
        subprocess.run([MATCHBOT, "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        server = Server(env, workers=args.web_workers)
        try:
            # Warm-up (pool connections opened, statements prepared, first autoanalyze), not timed.
            run_rate(server, database_url, rate=200, seconds=4, run=1, senders=200)
            ack = run_rate(server, database_url, rate=200, seconds=args.ack_seconds, run=2, senders=200)
            report["ack"] = {**ack, "target_p99_ms": 50}
            print(json.dumps({"ack": report["ack"]}), flush=True)
            steps = []
            for n, rate in enumerate(float(r) for r in args.steps.split(",")):
                step = run_rate(server, database_url, rate=rate, seconds=args.step_seconds,
                                run=16 + n, senders=1000)
                complete = step["ok"] == step["requests"] and step["lost"] == 0
                step["sustained"] = complete and step["last_tenth_p50_ms"] < 250
                step["p99_under_250ms"] = complete and step["p99_ms"] < 250
                steps.append(step)
                print(json.dumps({"capacity_step": step}), flush=True)
                if not step["sustained"]:
                    break
            report["capacity"] = {
                "steps": steps, "target_per_s": 500,
                "max_sustained_per_s": max((s["offered_per_s"] for s in steps if s["sustained"]), default=0),
                "max_with_p99_under_250ms_per_s": max(
                    (s["offered_per_s"] for s in steps if s["p99_under_250ms"]), default=0),
                "rule": "sustained: every request 200, every MessageSid stored, and the last tenth of the "
                        "step answered in under 250 ms (median), i.e. no backlog building up",
            }
        finally:
            server.stop()
        if not args.skip_e2e:
            report["e2e"] = e2e_phase(database_url, home, web_workers=args.web_workers,
                                      messages=args.e2e_messages)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
