"""Dependency aliases for routes: the pools and settings the lifespan put on app.state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from bot.settings import Settings


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _pool(request: Request) -> ConnectionPool:
    return request.app.state.pool  # type: ignore[no-any-return]


def _apool(request: Request) -> AsyncConnectionPool:
    return request.app.state.apool  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(_settings)]
PoolDep = Annotated[ConnectionPool, Depends(_pool)]
AsyncPoolDep = Annotated[AsyncConnectionPool, Depends(_apool)]
