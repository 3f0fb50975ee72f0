"""`LocalChat` (what `matchbot chat` runs) beside a server whose worker takes the turns.

README suggests `matchbot chat` in another terminal while `make run` serves: the server's
worker then answers some lines, and the chat must still show each line's replies.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.rows import dict_row

from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.runtime import build_services

LINES = ["Bonjour", "je suis une femme", "j'ai 28 ans", "à Douala", "je cherche un homme", "entre 30 et 40 ans"]
PHONES = (f"+2376955{n:05d}" for n in itertools.count(1))


@pytest.fixture
def server(settings: Settings, db_url: str) -> Iterator[Worker]:
    """The worker `matchbot serve` runs, in threads of this process on its own pool."""
    services = build_services(settings, db_url, pool_size=6)
    worker = Worker(services.pool, all_handlers(services), database_url=db_url, concurrency=4, name="server")
    worker.start()
    yield worker
    worker.stop()
    services.pool.close()


@pytest.fixture
def chat_services(settings: Settings, db_url: str) -> Iterator[Services]:
    services = build_services(settings, db_url, pool_size=3)
    yield services
    services.pool.close()


def replies_by_line(conn: psycopg.Connection, lead_id: int) -> list[list[str]]:
    """The bot's messages of the lead grouped under the member line they follow, in order."""
    groups: list[list[str]] = []
    for row in conn.execute(
        "SELECT direction, content FROM conversations WHERE lead_id = %s ORDER BY id", (lead_id,)
    ):
        if row["direction"] == "in":
            groups.append([])
        else:
            groups[-1].append(row["content"])
    return groups


def test_every_line_gets_its_own_replies_whoever_runs_the_turn(
    server: Worker, chat_services: Services, db_url: str
) -> None:
    shown: dict[int, list[list[str]]] = {}
    for _ in range(5):
        chat = LocalChat(
            chat_services, Worker(chat_services.pool, all_handlers(chat_services), database_url=db_url,
                                  concurrency=1, name="chat"),
            phone=next(PHONES),
        )
        lines = [[m.text for m in chat.send(line)] for line in LINES]
        assert chat.lead_id is not None
        shown[chat.lead_id] = lines

    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
        for lead_id, lines in shown.items():
            stored = replies_by_line(conn, lead_id)
            assert lines == stored  # each line's replies, exactly once, in order
            assert all(lines), f"a line went unanswered: {lines}"
        runners = {row["locked_by"] for row in conn.execute(
            "SELECT DISTINCT locked_by FROM queue_jobs WHERE job_type = 'bot_turn' AND status = 'completed'")}
    # Both sides answered some lines (else this test would not test the race).
    assert runners == {"server", "chat"}
