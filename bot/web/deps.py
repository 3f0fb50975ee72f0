"""Dependency aliases for routes: the pools and settings the lifespan put on app.state.

Async on purpose: a sync dependency costs every request a hop to the thread pool.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from bot.core.settings import Settings


async def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def _pool(request: Request) -> ConnectionPool:
    return request.app.state.pool  # type: ignore[no-any-return]


async def _apool(request: Request) -> AsyncConnectionPool:
    return request.app.state.apool  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(_settings)]
PoolDep = Annotated[ConnectionPool, Depends(_pool)]
AsyncPoolDep = Annotated[AsyncConnectionPool, Depends(_apool)]
