"""Async twins of bot.db's transactions, for the lead API's hot path.

`set_config('role', ...)` is what `SET LOCAL ROLE` does, in a statement that can take
parameters and set the tenant in the same round trip.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg

from bot.db import APP_ROLE, SERVICE_ROLE


@asynccontextmanager
async def atenant_transaction(
    conn: psycopg.AsyncConnection[Any], client_id: uuid.UUID | str
) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """A transaction as the application role with the tenant set (RLS applies)."""
    async with conn.transaction():
        await conn.execute(
            "SELECT set_config('role', %s, true), set_config('app.client_id', %s, true)",
            (APP_ROLE, str(client_id)),
        )
        yield conn


@asynccontextmanager
async def aservice_transaction(conn: psycopg.AsyncConnection[Any]) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """A transaction as the service role (cross-tenant system work)."""
    async with conn.transaction():
        await conn.execute("SELECT set_config('role', %s, true)", (SERVICE_ROLE,))
        yield conn


async def aswitch_to_service(conn: psycopg.AsyncConnection[Any]) -> None:
    """Inside a tenant transaction, continue as the service role (e.g. to enqueue jobs)."""
    await conn.execute("SELECT set_config('role', %s, true)", (SERVICE_ROLE,))
