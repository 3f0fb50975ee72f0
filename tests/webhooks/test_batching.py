"""Batched inbound writes keep the one-message semantics: once per provider id, in order."""

from __future__ import annotations

import asyncio

import psycopg
from psycopg_pool import AsyncConnectionPool

from bot.core.db import CONNECTION_KWARGS
from bot.store import inbound
from webhooks.batching import InboundBatcher


def _row(phone: str, sid: str, content: str) -> dict:
    return {"phone": phone, "channel": "twilio", "name": "Awa", "content": content, "message_type": "text",
            "provider_message_id": sid, "media": [], "metadata": {}}


def test_one_statement_dedupes_and_keeps_order(db_url: str, conn: psycopg.Connection) -> None:
    rows = [_row("+237650000001", "SM1", "un"), _row("+237650000001", "SM2", "deux"),
            _row("+237650000002", "SM3", "trois"), _row("+237650000001", "SM1", "un (again)")]

    async def write() -> set[str]:
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as aconn:
            first = await inbound.aingest_inbound_batch(aconn, rows)
            again = await inbound.aingest_inbound_batch(aconn, rows[:1])
            assert again == set()
            return first

    assert asyncio.run(write()) == {"SM1", "SM2", "SM3"}
    stored = conn.execute("SELECT l.phone, c.content FROM conversations c JOIN leads l ON l.id = c.lead_id "
                          "ORDER BY c.id").fetchall()
    assert stored == [{"phone": "+237650000001", "content": "un"}, {"phone": "+237650000001", "content": "deux"},
                      {"phone": "+237650000002", "content": "trois"}]
    turns = conn.execute("SELECT payload FROM queue_jobs WHERE job_type = 'bot_turn'").fetchall()
    assert len(turns) == 2


def test_concurrent_submissions_answer_each_request_once(db_url: str, conn: psycopg.Connection) -> None:
    async def go() -> list[bool]:
        pool = AsyncConnectionPool(db_url, min_size=1, max_size=2, kwargs=dict(CONNECTION_KWARGS), open=False)
        await pool.open()
        try:
            batcher = InboundBatcher(pool, turn_delay=0)

            async def alone() -> bool:
                raise AssertionError("the batch should not fail")

            rows = [_row(f"+23765000{n % 7:04d}", f"SM{n % 40}", f"m{n}") for n in range(120)]
            return await asyncio.gather(*(batcher.submit(r, one_by_one=alone) for r in rows))
        finally:
            await pool.close()

    results = asyncio.run(go())
    assert sum(results) == 40
    assert conn.execute("SELECT count(*) AS n FROM conversations").fetchone()["n"] == 40
