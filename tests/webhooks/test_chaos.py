"""Chaos: two web processes and three workers on one database, workers SIGKILLed at random
and the database frozen, during a burst of 500 signed Twilio webhooks from 100 members.

Everything is real but the outside world: `matchbot serve` (without its in-process
worker) twice, `matchbot worker` three times (a killed one is replaced at once), the
offline conversation, the Twilio SDK sending to the local stand-in. The sender retries as
Twilio does (same MessageSid, the other web process), and a 503 while the database is
frozen is what it retries on. Afterwards every message is stored once, every member was
answered exactly once per turn (the stand-in's messages against the `conversations`
rows), and no request ever got a 500.

Before two fixes in bot/channels/delivery.py, runs of it sent some replies twice: a
delivery taken back from a worker the freeze had stalled ran alongside it, and a worker
killed between Twilio's answer and recording it left a retry that sent again.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from agents.nlu.model import UnderstandingModel, training_set
from bot.store import understanding as understanding_store
from knowledge.embeddings import OfflineEmbeddings
from tests.support import REPO_ROOT, free_port
from tests.support.freezer import frozen
from tests.support.stand_ins import TwilioServer
from tests.webhooks.conftest import PUBLIC, TOKEN, sid, sign_twilio, twilio_message

PATH = "/webhooks/twilio/whatsapp"
MATCHBOT = str(Path(sys.executable).parent / "matchbot")
MEMBERS = 100
# What each member writes, one line per wave: a qualification as members write it.
LINES = ["Bonjour", "Je suis un homme", "J'ai 34 ans", "Je cherche une femme entre 25 et 35 ans", "Douala"]
WAVE_SECONDS = 1.6  # the burst: 500 messages over 8 s
KILLS = 4  # workers SIGKILLed (and replaced) during the burst
FREEZE_AT, FREEZE_SECONDS = 3.0, 3.0
# A killed worker's job runs again this soon. Shorter than the freeze on purpose: the jobs of
# workers the freeze stalled are taken back while they still run them.
LEASE_SECONDS = 2


def _phone(member: int) -> str:
    return f"+2376910{member:05d}"


@dataclass
class Sent:
    """What the sender saw: every answer (status, when) by MessageSid, and transport errors."""

    answers: dict[str, list[tuple[int, float]]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        retried = sum(status == 503 for answers in self.answers.values() for status, _ in answers)
        return f"{retried} answers 503 (retried), {len(self.errors)} transport errors"


def _store_understanding_model(url: str, cache: Path) -> None:
    """The classifier stored once, as `make run` would have long before: workers load it, none
    trains. Trained once per corpus (about 15 s of CPU) and kept in pytest's cache."""
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        examples, _, digest = training_set(conn)
        kept = cache / f"{digest}.bin"
        if kept.exists():
            weights = kept.read_bytes()
        else:
            weights = UnderstandingModel(OfflineEmbeddings()).classifier(conn).to_bytes()
            kept.write_bytes(weights)
        if understanding_store.find_model(conn, digest) is None:
            understanding_store.save_model(conn, fingerprint=digest, examples=len(examples), metrics={},
                                           weights=weights)


class Processes:
    """The web processes and workers, each in a session of its own, logging to one file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.webs: list[tuple[int, subprocess.Popen[bytes]]] = []
        self.workers: list[subprocess.Popen[bytes]] = []

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as out:
            return subprocess.Popen([MATCHBOT, *args], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True, cwd=REPO_ROOT)

    def start_web(self) -> None:
        port = free_port()
        self.webs.append((port, self._start("serve", "--host", "127.0.0.1", "--port", str(port), "--no-demo")))

    def start_worker(self) -> None:
        self.workers.append(self._start("worker", "--concurrency", "2"))

    def replace_a_worker(self, rng: random.Random) -> None:
        """SIGKILL a worker chosen at random (whatever it is doing) and start another."""
        victim = self.workers.pop(rng.randrange(len(self.workers)))
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(10)
        self.start_worker()

    def wait_web_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for port, proc in self.webs:
            while True:
                assert proc.poll() is None, f"the web process on port {port} exited"
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"the web processes did not start within {timeout} s"
                time.sleep(0.2)

    def warnings(self) -> str:
        """The processes' log without the access lines (a failure's details)."""
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(line for line in lines if "INFO:" not in line)[-8000:]

    def stop(self) -> None:
        """SIGTERM everyone still running; SIGKILL whoever is not gone 20 s later."""
        running = [proc for _, proc in self.webs] + self.workers
        for proc in running:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in running:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


async def _send_one(client: httpx.AsyncClient, ports: list[int], n: int, form: dict[str, str], sent: Sent,
                    deadline: float) -> None:
    """Post one webhook as Twilio would, retrying with the same MessageSid until it gets a 200."""
    body, headers = urlencode(form), sign_twilio(PATH, form)
    attempt = 0
    while time.monotonic() < deadline:
        port = ports[(n + attempt) % len(ports)]  # a retry goes to the other web process
        attempt += 1
        try:
            answer = await client.post(f"http://127.0.0.1:{port}{PATH}", content=body, headers=headers)
        except httpx.HTTPError as exc:
            sent.errors.append(f"{form['MessageSid']}: {type(exc).__name__}")
        else:
            sent.answers[form["MessageSid"]].append((answer.status_code, time.perf_counter()))
            if answer.status_code == 200:
                return
        await asyncio.sleep(0.5)


async def _burst(ports: list[int], sent: Sent) -> None:
    """Wave after wave every member writes their next line; the messages spread evenly in time
    and over both web processes."""
    deadline = time.monotonic() + 60
    step = WAVE_SECONDS / MEMBERS
    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=64)) as client:
        tasks = []
        for wave, line in enumerate(LINES):
            for member in range(MEMBERS):
                n = wave * MEMBERS + member
                form = twilio_message(sid(7000 + n), body=line, sender=_phone(member))
                tasks.append(asyncio.create_task(_send_one(client, ports, n, form, sent, deadline)))
                await asyncio.sleep(step)
        await asyncio.gather(*tasks)


class Chaos(threading.Thread):
    """Kills workers at random moments of the burst, and meanwhile freezes the database once."""

    def __init__(self, processes: Processes, db_url: str, rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.processes, self.db_url, self.rng = processes, db_url, rng
        self.kill_at = sorted(rng.uniform(0.5, WAVE_SECONDS * len(LINES)) for _ in range(KILLS))
        self.started = self.froze_at = self.thawed_at = 0.0  # perf_counter times
        self.killed: list[float] = []

    def run(self) -> None:
        self.started = time.perf_counter()
        freezer = threading.Timer(FREEZE_AT, self._freeze)
        freezer.start()
        try:
            for at in self.kill_at:
                time.sleep(max(0.0, self.started + at - time.perf_counter()))
                self.killed.append(time.perf_counter() - self.started)
                self.processes.replace_a_worker(self.rng)
        finally:
            freezer.join()

    def _freeze(self) -> None:
        with frozen(self.db_url, limit=FREEZE_SECONDS + 5):  # thawed whatever happens
            self.froze_at = time.perf_counter()
            time.sleep(FREEZE_SECONDS)
        self.thawed_at = time.perf_counter()

    def join(self, timeout: float | None = 30) -> None:
        super().join(timeout)
        assert not self.is_alive(), "the chaos plan did not finish"

    def summary(self) -> str:
        kills = ", ".join(f"{t:.1f}" for t in self.killed)
        frozen_for = f"{self.froze_at - self.started:.1f}-{self.thawed_at - self.started:.1f} s" if self.thawed_at else "-"
        return f"workers killed at {kills or '-'} s, database frozen {frozen_for}"


def _settled(conn: psycopg.Connection, sids: list[str]) -> bool:
    """Every message stored and answered, every reply sent, no turn or delivery left in the queue."""
    row = _unsettled(conn)
    return bool(row["stored"] == len(sids) and row["waiting"] == row["unsent"] == row["queued"] == 0)


def _unsettled(conn: psycopg.Connection) -> dict[str, Any]:
    row = conn.execute(
        """SELECT (SELECT count(*) FROM conversations WHERE direction = 'in') AS stored,
                  (SELECT count(*) FROM conversations WHERE direction = 'in' AND answered_at IS NULL) AS waiting,
                  (SELECT count(*) FROM conversations WHERE direction = 'out'
                     AND delivery_status IN ('pending', 'sending')) AS unsent,
                  (SELECT count(*) FROM queue_jobs WHERE job_type IN ('bot_turn', 'deliver_message')
                     AND status IN ('pending', 'processing')) AS queued"""
    ).fetchone()
    assert row is not None
    return dict(row)


@pytest.fixture
def twilio() -> Iterator[TwilioServer]:
    server = TwilioServer()
    yield server
    server.close()


@pytest.mark.slow
def test_chaos_every_message_stored_once_and_answered_once_per_turn(
    db_url: str, conn: psycopg.Connection, tmp_path: Path, twilio: TwilioServer, pytestconfig: pytest.Config
) -> None:
    seed = int(os.environ.get("MATCHBOT_CHAOS_SEED") or random.randrange(10**6))  # replays a run's plan
    busy_before = os.getloadavg()[0]  # the machine's load before this test adds its own processes
    env = {**os.environ, "DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path / "home"), "MATCHBOT_ENV": "test",
           "MATCHBOT_CHAT_PROVIDER": "offline", "MATCHBOT_EMBEDDING_PROVIDER": "offline",
           "MATCHBOT_EMBEDDED_WORKER": "false", "PUBLIC_BASE_URL": PUBLIC,
           "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": TOKEN,
           "TWILIO_WHATSAPP_FROM": "whatsapp:+15550001111", "TWILIO_BASE_URL": twilio.url,
           "MATCHBOT_JOB_LEASE": str(LEASE_SECONDS), "MATCHBOT_BURST_WINDOW": "0",
           # Five processes share two cores: BLAS threads spinning on each other only burn CPU.
           "OPENBLAS_NUM_THREADS": "1"}
    processes = Processes(env, tmp_path / "processes.log")
    chaos = Chaos(processes, db_url, random.Random(seed))
    sent = Sent()
    sids = [sid(7000 + n) for n in range(MEMBERS * len(LINES))]
    try:
        for _ in range(2):
            processes.start_web()
        for _ in range(3):
            processes.start_worker()
        _store_understanding_model(db_url, pytestconfig.cache.mkdir("matchbot-understanding"))
        processes.wait_web_ready(60)
        chaos.start()
        asyncio.run(_burst([port for port, _ in processes.webs], sent))
        chaos.join()
        deadline = time.monotonic() + 60
        while not _settled(conn, sids):
            assert time.monotonic() < deadline, f"not answered within 60 s: {_unsettled(conn)}"
            time.sleep(0.2)
        found = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = 'deliver_message' "
                             "AND (result ->> 'found_sent')::boolean").fetchone()
        print(f"chaos seed {seed}: {chaos.summary()}, {sent.summary()}, {found and found['n']} replies found "
              f"already sent by a killed worker, settled {time.perf_counter() - chaos.started:.1f} s after the start, "
              f"load {busy_before:.1f} before")
        _check(conn, twilio, sent, chaos, sids, saturated=busy_before > (os.cpu_count() or 1))
    except BaseException:
        print(f"chaos seed {seed}: {chaos.summary()}\n{processes.warnings()}")
        raise
    finally:
        processes.stop()


def _check(conn: psycopg.Connection, twilio: TwilioServer, sent: Sent, chaos: Chaos, sids: list[str], *,
           saturated: bool) -> None:
    """What must hold after the storm."""
    # No 500, nothing refused, nothing unanswered: a 503 only while the database was frozen
    # (and the deadline after it), then the retry got its 200.
    statuses = Counter(status for answers in sent.answers.values() for status, _ in answers)
    assert set(statuses) <= {200, 503}, statuses
    assert sorted(sent.answers) == sorted(sids) and all(a[-1][0] == 200 for a in sent.answers.values())
    assert statuses[503] >= 1, "the freeze fell outside the burst"
    assert not sent.errors, sent.errors[:5]  # every request answered (within the sender's 10 s)
    late = [at for answers in sent.answers.values() for status, at in answers
            if status == 503 and not chaos.froze_at <= at <= chaos.thawed_at + 2.5]
    # Outside the freeze, a 503 is the deadlines shedding load (bot/core/deadlines.py: a pooled
    # connection within 0.5 s), which a machine already saturated before the burst (the
    # suite's other process training a model beside it) can cause; on a machine with CPU to
    # spare there is none. Either way it was retried to a 200 (checked above).
    assert not late or saturated, f"503 outside the freeze ({chaos.froze_at:.2f}-{chaos.thawed_at:.2f}): {late[:5]}"
    assert len(late) <= len(sids) // 10, f"{len(late)} 503s outside the freeze: more than load shedding"

    # Every message stored exactly once, and answered.
    stored = conn.execute(
        "SELECT provider_message_id, count(*) AS n, bool_and(answered_at IS NOT NULL) AS answered "
        "FROM conversations WHERE direction = 'in' GROUP BY provider_message_id").fetchall()
    assert sorted(r["provider_message_id"] for r in stored) == sorted(sids)
    assert all(r["n"] == 1 and r["answered"] for r in stored)

    # A turn's transaction marks the messages it answered and writes its replies at one
    # time (now()): each member's turns are the distinct answered_at of their messages,
    # and every reply belongs to one of them, whichever worker ran it and however often.
    turns: dict[str, set[Any]] = defaultdict(set)
    for row in conn.execute("SELECT l.phone, c.answered_at FROM conversations c JOIN leads l ON l.id = c.lead_id "
                            "WHERE c.direction = 'in'"):
        turns[row["phone"]].add(row["answered_at"])
    outbound = conn.execute(
        "SELECT l.phone, c.created_at, c.provider_message_id, c.delivery_status FROM conversations c "
        "JOIN leads l ON l.id = c.lead_id WHERE c.direction = 'out'").fetchall()
    replies = Counter((r["phone"], r["created_at"]) for r in outbound)
    assert len(turns) == MEMBERS
    for phone, answered in turns.items():
        assert {at for p, at in replies if p == phone} == answered, f"{phone}: a turn without a reply, or a reply outside its turns"

    # Each reply reached Twilio exactly once: the stand-in's messages per member and per
    # turn are the turn's rows, one Twilio message each.
    assert all(r["delivery_status"] == "queued" and r["provider_message_id"] for r in outbound)
    by_sid = {r["provider_message_id"]: r for r in outbound}
    received: Counter[tuple[str, Any]] = Counter()
    for request in twilio.requests:
        reply = by_sid.get(request["sid"])
        assert reply is not None, f"Twilio got a message no reply recorded: {_story(conn, twilio, request)}"
        assert request["form"]["To"] == f"whatsapp:{reply['phone']}"
        received[(reply["phone"], reply["created_at"])] += 1
    assert received == replies


def _story(conn: psycopg.Connection, twilio: TwilioServer, request: dict[str, Any]) -> str:
    """What Twilio got for a member and what the database says of their replies (a failure's details)."""
    to = request["form"]["To"]
    got = [f"{r['sid'][-4:]} at {r['at']:.2f}: {r['form'].get('Body', '')[:30]}"
           for r in twilio.requests if r["form"]["To"] == to]
    rows = conn.execute(
        "SELECT c.id, c.provider_message_id, c.delivery_status, c.delivery_error, j.attempts, j.status, j.error "
        "FROM conversations c JOIN leads l ON l.id = c.lead_id LEFT JOIN queue_jobs j "
        "ON j.job_type = 'deliver_message' AND (j.payload ->> 'message_id')::int = c.id "
        "WHERE l.phone = %s AND c.direction = 'out' ORDER BY c.id", (to.removeprefix("whatsapp:"),)).fetchall()
    return f"{to}\n  Twilio got: {got}\n  rows: {rows}"
