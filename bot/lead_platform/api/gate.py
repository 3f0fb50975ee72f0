"""Who may post leads: API key look-up (cached briefly), per-key token bucket, allowed origins.

State lives on the app (one gate per app), never in module globals: several apps (tests,
several databases) can live in one process.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from fastapi import FastAPI

from bot.core.connections import AsyncPool
from bot.core.db import aservice_transaction
from bot.core.settings import Settings
from bot.lead_platform.store.apikeys import hash_api_key
from bot.lead_platform.store.clients import (
    Client,
    aall_allowed_origins,
    aclient_by_key_hash,
    normalise_origin,
)

NEGATIVE_TTL = 5.0
MAX_CACHED = 10_000


class TokenBucket:
    """Per-key token buckets: `rate` tokens a second, at most `burst` saved up."""

    def __init__(self, *, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = max(per_minute, 1e-9) / 60.0
        self.burst = max(1, burst)
        self.clock = clock
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when a token was taken; otherwise seconds until one is available."""
        now = self.clock()
        with self._lock:
            tokens, last = self._state.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._state[key] = (tokens - 1.0, now)
                return 0.0
            self._state[key] = (tokens, now)
            return (1.0 - tokens) / self.rate


class LeadGate:
    """API key -> client, rate limits and CORS origins for one app."""

    def __init__(self, settings: Settings) -> None:
        self.ttl = settings.api_key_cache_seconds
        self.bucket = TokenBucket(per_minute=settings.lead_rate_per_minute, burst=settings.lead_rate_burst)
        self._keys: dict[str, tuple[Client | None, float]] = {}
        self._origins: tuple[frozenset[str], float] = (frozenset(), 0.0)

    async def client_for_key(self, apool: AsyncPool, key: str | None) -> Client | None:
        """The key's client, or None for a missing, malformed or unknown key (same answer)."""
        if not key or len(key) > 128 or not key.isascii() or not key.isprintable():
            return None
        digest = hash_api_key(key)
        now = time.monotonic()
        cached = self._keys.get(digest)
        if cached and cached[1] > now:
            return cached[0]
        async with apool.connection() as conn, aservice_transaction(conn):
            client = await aclient_by_key_hash(conn, digest)
        self._remember(digest, client, now)
        return client

    def _remember(self, digest: str, client: Client | None, now: float) -> None:
        if len(self._keys) >= MAX_CACHED:
            self._keys.clear()
        self._keys[digest] = (client, now + (self.ttl if client else min(self.ttl, NEGATIVE_TTL)))

    async def known_origin(self, apool: AsyncPool, origin: str) -> bool:
        """True when some client allows this origin (answers preflights, which carry no key)."""
        origins, expires = self._origins
        if expires <= time.monotonic():
            async with apool.connection() as conn, aservice_transaction(conn):
                origins = frozenset(await aall_allowed_origins(conn))
            self._origins = (origins, time.monotonic() + self.ttl)
        return normalise_origin(origin) in origins

    def retry_after(self, client: Client) -> int:
        """0 when the client may post now, else whole seconds to wait."""
        wait = self.bucket.take(str(client.client_id))
        return 0 if wait <= 0 else max(1, math.ceil(wait))


def gate(app: FastAPI) -> LeadGate:
    """The app's gate, created on first use."""
    existing = getattr(app.state, "lead_gate", None)
    if existing is None:
        existing = app.state.lead_gate = LeadGate(app.state.settings)
    return existing
