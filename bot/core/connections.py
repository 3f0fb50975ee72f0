"""The connection types the project is written against: every connection returns dict rows.

Pools and connections are opened with `row_factory=dict_row` (bot/core/db.py); these
aliases tell the type checker so.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import psycopg
from psycopg_pool import AsyncConnectionPool, ConnectionPool

Row: TypeAlias = dict[str, Any]
Conn: TypeAlias = psycopg.Connection[Row]
AsyncConn: TypeAlias = psycopg.AsyncConnection[Row]
Pool: TypeAlias = ConnectionPool[Conn]
AsyncPool: TypeAlias = AsyncConnectionPool[AsyncConn]
