"""A member who asks (and confirms) to be erased is erased exactly as `matchbot forget` erases.

The erasure is the delayed `forget_member` job (it waits for the goodbye to be delivered); the
test makes it due at once instead of waiting ~20 s.
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
from bot.store.erasure import forget
from bot.store.memory import memory_session_id, thread_id

PHONES = (f"+2376993{n:05d}" for n in itertools.count(1))


@pytest.fixture
def chat(demo_db_url: str) -> Iterator[LocalChat]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test", database_url=demo_db_url, chat_provider="offline",
        embedding_provider="offline", burst_window_seconds=0,
    )
    services: Services = build_services(settings, demo_db_url, pool_size=3)
    worker = Worker(services.pool, all_handlers(services), database_url=demo_db_url)
    yield LocalChat(services, worker, phone=next(PHONES))
    services.pool.close()


def traces(conn: psycopg.Connection, lead_id: int, phone: str) -> dict[str, int]:
    """Rows that still speak of this member, per table (every table with an integer lead_id)."""
    tables = [r["table_name"] for r in conn.execute(
        """SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'lead_id' AND data_type = 'integer'""")]
    found = {t: conn.execute(f'SELECT count(*) AS n FROM "{t}" WHERE lead_id = %s', (lead_id,)).fetchone()["n"]
             for t in tables}
    found["leads"] = conn.execute("SELECT count(*) AS n FROM leads WHERE phone = %s", (phone,)).fetchone()["n"]
    found["checkpoints"] = conn.execute(
        "SELECT count(*) AS n FROM checkpoints WHERE thread_id = %s", (thread_id(lead_id),)).fetchone()["n"]
    found["chat_memory"] = conn.execute(
        "SELECT count(*) AS n FROM n8n_chat_histories WHERE session_id = %s",
        (memory_session_id(lead_id),)).fetchone()["n"]
    found["jobs"] = conn.execute(
        "SELECT count(*) AS n FROM queue_jobs WHERE (payload->>'lead_id')::int = %s", (lead_id,)).fetchone()["n"]
    return {table: n for table, n in found.items() if n}


def test_a_confirmed_erasure_is_matchbot_forget(chat: LocalChat, demo_db_url: str) -> None:
    chat.send("Bonjour, je suis un homme de 40 ans à Douala, je cherche une femme entre 30 et 45 ans, peu importe la ville")
    chat.send("intéressé")  # a contact request and a payment to erase too
    asked = chat.send("supprimez mes données")
    assert "OUI" in asked[0].text
    assert chat.lead_id is not None
    lead_id = chat.lead_id
    with psycopg.connect(demo_db_url, autocommit=True, row_factory=dict_row) as conn:
        before = traces(conn, lead_id, chat.phone)
        assert {"leads", "conversations", "profile_views", "contact_requests", "transactions", "checkpoints",
                "chat_memory", "agent_logs"} <= set(before)
        assert not conn.execute(  # asking erases nothing
            "SELECT 1 FROM queue_jobs WHERE job_type = 'forget_member' AND (payload->>'lead_id')::int = %s",
            (lead_id,)).fetchone()

        done = chat.send("oui")
        assert "effacées" in done[0].text
        assert traces(conn, lead_id, chat.phone)["leads"] == 1  # not yet: the goodbye goes out first
        # Due now rather than in ~20 s.
        moved = conn.execute(
            """UPDATE queue_jobs SET run_at = now() WHERE job_type = 'forget_member' AND status = 'pending'
               AND (payload->>'lead_id')::int = %s""", (lead_id,)).rowcount
        assert moved == 1
        assert chat.worker is not None
        chat.worker.drain()

        assert traces(conn, lead_id, chat.phone) == {}
        # What `matchbot forget PHONE` runs finds nothing left to erase.
        assert forget(conn, phone=chat.phone).leads == 0


def test_a_member_who_said_no_keeps_everything(chat: LocalChat, demo_db_url: str) -> None:
    chat.send("Bonjour")
    chat.send("je suis une femme")
    chat.send("supprimez mes données")
    kept = chat.send("non")
    assert "rien n'a été effacé" in kept[0].text
    assert "âge" in kept[-1].text  # and the conversation goes on
    assert chat.lead_id is not None
    with psycopg.connect(demo_db_url, autocommit=True, row_factory=dict_row) as conn:
        assert not conn.execute(
            "SELECT 1 FROM queue_jobs WHERE job_type = 'forget_member' AND (payload->>'lead_id')::int = %s",
            (chat.lead_id,)).fetchone()
        assert conn.execute("SELECT gender FROM leads WHERE id = %s", (chat.lead_id,)).fetchone()["gender"] == "female"
