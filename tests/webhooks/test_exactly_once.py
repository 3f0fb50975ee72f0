"""Exactly one answer per message, end to end: webhook -> queue -> bot turn -> delivery.

Runs the real conversation turn (`bot.jobs.all_handlers`), offline.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.runtime import build_services
from tests.support import REPO_ROOT
from tests.support.stand_ins import TwilioServer
from tests.webhooks.conftest import PUBLIC, TOKEN, post_twilio, sid, sign_twilio, twilio_message

PATH = "/webhooks/twilio/whatsapp"


@pytest.fixture
def twilio() -> Iterator[TwilioServer]:
    server = TwilioServer()
    yield server
    server.close()


@pytest.fixture
def services(wa_settings: Settings, db_url: str, twilio: TwilioServer) -> Iterator[Services]:
    built = build_services(wa_settings.model_copy(update={"twilio_base_url": twilio.url}), db_url, pool_size=4)
    yield built
    built.pool.close()


def _worker(services: Services) -> Worker:
    return Worker(services.pool, all_handlers(services), database_url=services.database_url)


def _turns(conn: psycopg.Connection) -> list[dict[str, Any]]:
    return conn.execute(
        "SELECT status, attempts, result FROM queue_jobs WHERE job_type = 'bot_turn' ORDER BY created_at"
    ).fetchall()


def test_same_message_sid_five_times_concurrently(wa_settings: Settings, db_url: str, services: Services,
                                                  conn: psycopg.Connection, twilio: TwilioServer) -> None:
    app = create_app(wa_settings, database_url=db_url)
    form = twilio_message(sid(100), body="Bonjour, je cherche une femme")
    body, headers = urlencode(form), sign_twilio(PATH, form)

    async def five_at_once() -> list[int]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://internal") as client:
                answers = await asyncio.gather(*[client.post(PATH, content=body, headers=headers)
                                                 for _ in range(5)])
        return [a.status_code for a in answers]

    assert asyncio.run(five_at_once()) == [200] * 5
    assert _worker(services).drain(max_wait=3) >= 2  # the turn, then its deliveries
    assert conn.execute("SELECT count(*) AS n FROM conversations WHERE direction = 'in'").fetchone()["n"] == 1
    [turn] = _turns(conn)
    assert turn["status"] == "completed" and turn["result"]["answered"] == 1
    outbound = conn.execute("SELECT count(*) AS n FROM conversations WHERE direction = 'out'").fetchone()["n"]
    assert outbound == turn["result"]["replies"] >= 1
    assert len(twilio.requests) == outbound  # each reply sent once


def test_a_burst_of_four_is_one_turn(wa_settings: Settings, db_url: str, services: Services,
                                     conn: psycopg.Connection) -> None:
    settings = wa_settings.model_copy(update={"burst_window_seconds": 1.5})
    texts = ["Bonjour", "je suis un homme", "j'ai 34 ans", "je cherche une femme à Douala"]
    started = time.monotonic()
    with TestClient(create_app(settings, database_url=db_url)) as client:
        for n, text in enumerate(texts):
            assert post_twilio(client, PATH, twilio_message(sid(200 + n), body=text)).status_code == 200
            time.sleep(0.2)
    assert time.monotonic() - started < 1.5
    _worker(services).drain(max_wait=3)
    [turn] = _turns(conn)
    assert turn["status"] == "completed" and turn["result"]["answered"] == 4
    unanswered = conn.execute(
        "SELECT count(*) AS n FROM conversations WHERE direction = 'in' AND answered_at IS NULL").fetchone()
    assert unanswered["n"] == 0


def _worker_process(env: dict[str, str], log: Path, *, slow_turns: float = 0) -> subprocess.Popen[bytes]:
    """`matchbot worker`, or a worker whose turns take `slow_turns` seconds (to be killed mid-turn)."""
    matchbot = Path(sys.executable).parent / "matchbot"
    command = ([sys.executable, "-m", "tests.support.slow_worker", str(slow_turns)] if slow_turns
               else [str(matchbot), "worker", "--concurrency", "1"])
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=REPO_ROOT)


def _wait(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_worker_killed_mid_turn_message_answered_once_by_another(
    client: TestClient, db_url: str, conn: psycopg.Connection, tmp_path: Path, twilio: TwilioServer
) -> None:
    env = {**os.environ, "DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path / "home"), "MATCHBOT_ENV": "test",
           "MATCHBOT_CHAT_PROVIDER": "offline", "MATCHBOT_EMBEDDING_PROVIDER": "offline",
           "PUBLIC_BASE_URL": PUBLIC, "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": TOKEN,
           "TWILIO_WHATSAPP_FROM": "whatsapp:+15550001111", "TWILIO_BASE_URL": twilio.url,
           "MATCHBOT_JOB_LEASE": "2", "MATCHBOT_BURST_WINDOW": "0"}
    log = tmp_path / "workers.log"
    try:
        assert post_twilio(client, PATH, twilio_message(sid(300), body="Bonjour")).status_code == 200
        first = _worker_process(env, log, slow_turns=30)
        taken = _wait(lambda: conn.execute(
            "SELECT locked_by FROM queue_jobs WHERE job_type = 'bot_turn' AND status = 'processing'"
        ).fetchone(), 60, "the first worker to take the turn")
        assert taken["locked_by"].endswith(f":{first.pid}")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        second = _worker_process(env, log)
        try:
            _wait(lambda: len(twilio.requests) >= 1 and conn.execute(
                "SELECT count(*) AS n FROM conversations WHERE direction = 'out' AND delivery_status <> 'pending'"
            ).fetchone()["n"] >= 1, 60, "the second worker to answer")
            time.sleep(1.5)  # any duplicate would show up now
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(30) == 0
        [turn] = _turns(conn)
        assert turn["status"] == "completed" and turn["attempts"] == 2, turn
        assert turn["result"]["answered"] == 1
        outbound = conn.execute("SELECT count(*) AS n FROM conversations WHERE direction = 'out'").fetchone()["n"]
        assert outbound == turn["result"]["replies"] == len(twilio.requests)
        assert {r["form"]["To"] for r in twilio.requests} == {"whatsapp:+237650000001"}
    except BaseException:
        print(log.read_text() if log.exists() else "(no worker log)")
        raise
