"""Forgetting a member erases them everywhere; expired rows and old checkpoints go."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from bot.channels.local import LocalChat
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.jobs import all_handlers
from bot.runtime import build_services
from bot.store.erasure import forget
from bot.store.memory import memory_session_id
from bot.store.retention import prune
from tests.support import REPO_ROOT

PHONE = "+237690055501"


@pytest.fixture
def services(settings: Settings, db_url: str) -> Iterator[Services]:
    built = build_services(settings, db_url, pool_size=3)
    yield built
    built.pool.close()


def _talk(services: Services, db_url: str, phone: str) -> int:
    chat = LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url), phone=phone)
    for text in ("Bonjour", "je suis une femme", "j'ai 30 ans", "je veux parler à un conseiller"):
        chat.send(text)
    assert chat.lead_id is not None
    return chat.lead_id


def _traces(conn: psycopg.Connection, lead_id: int) -> dict[str, int]:
    thread = f"lead-{lead_id}"
    queries = {
        "leads": ("SELECT count(*) AS n FROM leads WHERE id = %s", lead_id),
        "conversations": ("SELECT count(*) AS n FROM conversations WHERE lead_id = %s", lead_id),
        "agent_logs": ("SELECT count(*) AS n FROM agent_logs WHERE lead_id = %s", lead_id),
        "logs": ("SELECT count(*) AS n FROM logs WHERE lead_id = %s", lead_id),
        "memory": ("SELECT count(*) AS n FROM n8n_chat_histories WHERE session_id = %s", memory_session_id(lead_id)),
        "checkpoints": ("SELECT count(*) AS n FROM checkpoints WHERE thread_id = %s", thread),
        "blobs": ("SELECT count(*) AS n FROM checkpoint_blobs WHERE thread_id = %s", thread),
        "jobs": ("SELECT count(*) AS n FROM queue_jobs WHERE (payload->>'lead_id')::int = %s", lead_id),
    }
    return {name: conn.execute(q, (p,)).fetchone()["n"] for name, (q, p) in queries.items()}


def test_forget_erases_the_member_everywhere_and_nobody_else(services: Services, db_url: str, conn) -> None:
    gone = _talk(services, db_url, PHONE)
    kept = _talk(services, db_url, "+237690055502")
    before = _traces(conn, gone)
    assert all(before[k] > 0 for k in ("leads", "conversations", "agent_logs", "logs", "memory", "checkpoints"))
    client = conn.execute(
        "INSERT INTO clients (business_name, email, api_key, api_key_prefix) VALUES ('c', 'c@x.test', 'h', 'p') "
        "RETURNING client_id"
    ).fetchone()["client_id"]
    conn.execute("INSERT INTO lead_memory (client_id, name, phone) VALUES (%s, 'Form lead', %s)",
                 (client, "+237 690 05 55 01"))

    result = forget(conn, phone="+237 690-055-501")

    assert result.leads == 1
    assert all(v == 0 for v in _traces(conn, gone).values()), _traces(conn, gone)
    assert conn.execute("SELECT count(*) AS n FROM lead_memory").fetchone()["n"] == 0
    assert _traces(conn, kept)["conversations"] > 0


def test_prune_expired_rows_and_old_checkpoints(services: Services, db_url: str, conn) -> None:
    lead_id = _talk(services, db_url, PHONE)
    thread = f"lead-{lead_id}"
    assert conn.execute("SELECT count(*) AS n FROM checkpoints WHERE thread_id = %s", (thread,)).fetchone()["n"] > 1
    conn.execute("INSERT INTO feedback_tracking (action_type, outcome, expires_at) VALUES "
                 "('user_action', 'neutral', now() - interval '1 day'), ('user_action', 'neutral', DEFAULT)")
    conn.execute("INSERT INTO translation_cache (source_text, source_language, target_language, translated_text, "
                 "expires_at) VALUES ('a', 'en', 'fr', 'b', now() - interval '1 day')")
    conn.execute("INSERT INTO outreach_inbound_emails (provider, provider_token, recipient, received_at) VALUES "
                 "('mailgun', 'old', 'reply+x@outreach.localhost', now() - interval '91 days'), "
                 "('mailgun', 'recent', 'reply+y@outreach.localhost', now() - interval '89 days')")

    deleted = prune(conn)

    assert deleted["feedback_tracking"] == 1 and deleted["translation_cache"] == 1
    assert deleted["outreach_inbound_emails"] == 1
    assert [r["provider_token"] for r in conn.execute("SELECT provider_token FROM outreach_inbound_emails")] == ["recent"]
    # (the turns' own readings, recorded as predictions, are not due either)
    assert conn.execute("SELECT count(*) AS n FROM feedback_tracking WHERE action_type = 'user_action'"
                        ).fetchone()["n"] == 1
    assert conn.execute("SELECT count(*) AS n FROM checkpoints WHERE thread_id = %s", (thread,)).fetchone()["n"] == 1
    # The conversation carries on from the kept checkpoint.
    chat = LocalChat(services, Worker(services.pool, all_handlers(services), database_url=db_url), phone="+237690055503")
    chat.send("Bonjour")
    prune(conn)
    assert "âge" in chat.send("je suis une femme")[0].text


def test_forget_command(services: Services, db_url: str, tmp_path) -> None:
    import os
    import subprocess
    import sys

    _talk(services, db_url, PHONE)
    env = {**os.environ, "DATABASE_URL": db_url, "MATCHBOT_HOME": str(tmp_path)}
    root = REPO_ROOT
    cli = [sys.executable, "-c", "from bot.cli.main import main; main()", "forget"]
    done = subprocess.run([*cli, PHONE], env=env, cwd=root, capture_output=True, check=False, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "forgot" in done.stderr and "conversations" in done.stderr
    again = subprocess.run([*cli, PHONE], env=env, cwd=root, capture_output=True, check=False, text=True, timeout=120)
    assert "nothing to erase" in again.stderr
