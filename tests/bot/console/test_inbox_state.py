"""The inbox's per-lead state (last message time, unread count, lower-cased search copy),
kept by triggers, always equals what the messages say, whichever path writes them."""

from __future__ import annotations

import asyncio
import uuid

import psycopg
from psycopg.rows import dict_row

from bot.console import repository
from bot.store import conversations as repo
from bot.store.inbound import aingest_inbound, aingest_inbound_batch
from tests.bot.console.conftest import member

# The inbox as 0006 defined it, computed from the messages every time (the reference).
FROM_MESSAGES = """
SELECT l.id AS lead_id,
       CASE WHEN l.opted_out THEN 'opted_out' WHEN l.assigned_admin_id IS NOT NULL THEN 'admin'
            WHEN l.status = 'attente_humain' THEN 'waiting' ELSE 'bot' END AS status,
       last.content AS last_message, last.created_at AS last_message_at,
       (SELECT count(*) FROM conversations u WHERE u.lead_id = l.id AND u.direction = 'in'
          AND u.created_at > coalesce(l.admin_read_at, '-infinity'))::int AS unread_count
FROM leads l
JOIN LATERAL (SELECT c.content, c.created_at FROM conversations c WHERE c.lead_id = l.id
              ORDER BY c.created_at DESC, c.id DESC LIMIT 1) last ON TRUE
ORDER BY last_message_at DESC, lead_id DESC
"""
FROM_VIEW = """
SELECT lead_id, status, last_message, last_message_at, unread_count::int AS unread_count
FROM active_conversations ORDER BY last_message_at DESC, lead_id DESC
"""


def assert_inbox_exact(conn: psycopg.Connection) -> None:
    assert conn.execute(FROM_VIEW).fetchall() == conn.execute(FROM_MESSAGES).fetchall()


def _phone() -> str:
    return f"+2376{uuid.uuid4().int % 10**8:08d}"


def test_every_way_of_writing_messages_keeps_the_inbox_exact(conn: psycopg.Connection) -> None:
    a, b = member(conn, "Bonjour"), member(conn, "Salut")
    repo.record_outbound(conn, lead_id=a, content="Bienvenue !")
    assert_inbox_exact(conn)
    # Written in the past (an import), several leads in one statement.
    conn.execute(
        """INSERT INTO conversations (lead_id, direction, content, sender_type, created_at)
           SELECT lead, 'in', 'ancien ' || n, 'client', now() - make_interval(days => n)
           FROM unnest(ARRAY[%s, %s]) lead, generate_series(1, 3) n""",
        (a, b),
    )
    assert_inbox_exact(conn)
    repository.mark_read(conn, a)  # opening the conversation
    assert conn.execute("SELECT unread_count FROM leads WHERE id = %s", (a,)).fetchone() == {"unread_count": 0}
    repo.record_inbound(conn, lead_id=a, content="encore moi", channel="local",
                        provider_message_id=f"t-{uuid.uuid4().hex}")
    assert_inbox_exact(conn)
    # Deleted and moved messages are counted again.
    conn.execute("DELETE FROM conversations WHERE lead_id = %s AND content = 'encore moi'", (a,))
    assert_inbox_exact(conn)
    conn.execute(
        "UPDATE conversations SET created_at = now() + interval '1 minute' WHERE lead_id = %s AND content = 'ancien 3'",
        (b,),
    )
    assert_inbox_exact(conn)
    conn.execute("UPDATE conversations SET lead_id = %s WHERE lead_id = %s AND content = 'ancien 2'", (a, b))
    assert_inbox_exact(conn)
    conn.execute("UPDATE conversations SET direction = 'out' WHERE lead_id = %s AND content = 'ancien 1'", (b,))
    assert_inbox_exact(conn)
    conn.execute("DELETE FROM leads WHERE id = %s", (b,))  # a member forgotten: their rows cascade
    assert_inbox_exact(conn)


def test_webhook_ingestion_in_one_statement_keeps_the_inbox_exact(
    db_url: str, conn: psycopg.Connection
) -> None:
    phones = [_phone(), _phone()]

    async def ingest() -> None:
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True, row_factory=dict_row) as aconn:
            for text in ("Bonjour", "je suis un homme"):
                await aingest_inbound(aconn, channel="twilio", provider_message_id=f"SM{uuid.uuid4().hex}",
                                      content=text, phone=phones[0], name="Awa")
            await aingest_inbound_batch(aconn, [
                {"phone": p, "channel": "twilio", "name": "Jean", "content": "lot", "message_type": "text",
                 "provider_message_id": f"SM{uuid.uuid4().hex}"} for p in phones
            ])

    asyncio.run(ingest())
    rows = conn.execute(
        "SELECT unread_count FROM active_conversations WHERE phone = ANY(%s) ORDER BY phone", (sorted(phones),)
    ).fetchall()
    assert sorted(r["unread_count"] for r in rows) == [1, 3]
    assert_inbox_exact(conn)


def test_inbox_tabs_search_and_counts(conn: psycopg.Connection) -> None:
    marker = uuid.uuid4().hex[:8]
    waiting = member(conn, "Je veux parler à quelqu'un", phone=_phone())
    conn.execute(
        "UPDATE leads SET status = 'attente_humain', name = %s WHERE id = %s", (f"Hélène Ébo{marker}", waiting)
    )
    opted = member(conn, "STOP", phone=_phone())
    conn.execute("UPDATE leads SET opted_out = TRUE, name = %s WHERE id = %s", (f"Jean Ébo{marker}", opted))
    by_phone = member(conn, "Hello", phone=f"+3360{uuid.uuid4().int % 10**7:07d}")

    tabs = {s: [r.lead_id for r in repository.inbox(conn, status=s)] for s in ("waiting", "opted_out", "bot")}
    assert waiting in tabs["waiting"] and opted in tabs["opted_out"] and by_phone in tabs["bot"]
    assert waiting not in tabs["bot"] and opted not in tabs["waiting"]
    # Case-insensitive, accents included (ILIKE's meaning), newest first; with a tab too.
    found = [r.lead_id for r in repository.inbox(conn, search=f"éBO{marker.upper()}")]
    assert found == [opted, waiting]
    assert [r.lead_id for r in repository.inbox(conn, status="waiting", search=f"ébo{marker}")] == [waiting]
    phone = conn.execute("SELECT phone FROM leads WHERE id = %s", (by_phone,)).fetchone()["phone"]
    assert [r.lead_id for r in repository.inbox(conn, search=phone[-7:])] == [by_phone]
    conn.execute("UPDATE leads SET name = 'Renamed' WHERE id = %s", (opted,))
    assert [r.lead_id for r in repository.inbox(conn, search=f"ébo{marker}")] == [waiting]

    counts = repository.inbox_counts(conn)
    expected = conn.execute(
        "SELECT status, count(*)::int AS n, sum(unread_count)::int AS unread FROM active_conversations GROUP BY status"
    ).fetchall()
    assert {k: v for k, v in counts.items() if k not in ("unread", "review")} == {r["status"]: r["n"] for r in expected}
    assert counts["unread"] == sum(r["unread"] for r in expected)


def _conversation_reads(conn: psycopg.Connection) -> int:
    """Scans of `conversations` by this session not yet flushed to the statistics (compare
    before and after: pending counts can include the previous transactions')."""
    row = conn.execute(
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS n FROM pg_stat_xact_user_tables "
        "WHERE relname = 'conversations'"
    ).fetchone()
    return int(row["n"]) if row else 0


def test_the_inbox_reads_only_the_conversations_it_shows(conn: psycopg.Connection) -> None:
    conn.execute(
        """WITH l AS (INSERT INTO leads (phone, channel)
                      SELECT '+2377' || lpad(n::text, 8, '0'), 'local' FROM generate_series(1, 2000) n
                      RETURNING id)
           INSERT INTO conversations (lead_id, direction, content, sender_type, created_at)
           SELECT id, d, 'message', CASE d WHEN 'in' THEN 'client' ELSE 'bot' END,
                  now() - make_interval(mins => id)
           FROM l, unnest(ARRAY['in', 'out']) d"""
    )
    conn.execute("ANALYZE leads, conversations, lead_search")
    reads = {}
    with conn.transaction():
        before = _conversation_reads(conn)
        assert len(repository.inbox(conn, limit=10)) == 10
        reads["first page"] = _conversation_reads(conn) - before
        before = _conversation_reads(conn)
        assert repository.inbox_counts(conn)["bot"] == 2000
        reads["counts"] = _conversation_reads(conn) - before
        before = _conversation_reads(conn)
        assert len(repository.inbox(conn, search="+23770000", limit=10)) == 10
        reads["search"] = _conversation_reads(conn) - before
    # The last message of each row shown, nothing else (it used to be every conversation's).
    assert reads == {"first page": 10, "counts": 0, "search": 10}
