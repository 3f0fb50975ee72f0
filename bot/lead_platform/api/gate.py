"""Who may use the lead API: key look-up (cached briefly), what each kind of key may do, rate limits.

A publishable form key posts leads (from a browser only on the client's origins); a secret
key manages leads and may also post them, but only from a server: a request carrying an
Origin header comes from a browser, where a secret key has no business being.

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
from bot.lead_platform.api import messages as text
from bot.lead_platform.api.input import InputError
from bot.lead_platform.store.apikeys import hash_api_key
from bot.lead_platform.store.clients import (
    Client,
    KeyOwner,
    aall_allowed_origins,
    akey_owner,
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


class RateLimited(InputError):
    """429: this key spent its budget; `headers` says when to come back."""

    def __init__(self, detail: str, *, wait: int) -> None:
        super().__init__(429, "rate_limited", detail)
        self.headers = {"Retry-After": str(wait)}


class LeadGate:
    """API key -> client and kind, rate limits and CORS origins for one app."""

    def __init__(self, settings: Settings) -> None:
        self.ttl = settings.api_key_cache_seconds
        self.bucket = TokenBucket(per_minute=settings.lead_rate_per_minute, burst=settings.lead_rate_burst)
        # Its own budget: a flood of form posts must not lock the client out of its leads, nor
        # a busy integration reading leads stop the forms.
        self.manage_bucket = TokenBucket(per_minute=settings.manage_rate_per_minute,
                                         burst=settings.manage_rate_burst)
        self._keys: dict[str, tuple[KeyOwner | None, float]] = {}
        self._origins: tuple[frozenset[str], float] = (frozenset(), 0.0)

    async def key_owner(self, apool: AsyncPool, key: str | None) -> KeyOwner | None:
        """The key's client and kind, or None for a missing, malformed or unknown key (same answer)."""
        if not key or len(key) > 128 or not key.isascii() or not key.isprintable():
            return None
        digest = hash_api_key(key)
        now = time.monotonic()
        cached = self._keys.get(digest)
        if cached and cached[1] > now:
            return cached[0]
        async with apool.connection() as conn, aservice_transaction(conn):
            owner = await akey_owner(conn, digest)
        self._remember(digest, owner, now)
        return owner

    def _remember(self, digest: str, owner: KeyOwner | None, now: float) -> None:
        if len(self._keys) >= MAX_CACHED:
            self._keys.clear()
        self._keys[digest] = (owner, now + (self.ttl if owner else min(self.ttl, NEGATIVE_TTL)))

    async def known_origin(self, apool: AsyncPool, origin: str) -> bool:
        """True when some client allows this origin (answers preflights, which carry no key)."""
        origins, expires = self._origins
        if expires <= time.monotonic():
            async with apool.connection() as conn, aservice_transaction(conn):
                origins = frozenset(await aall_allowed_origins(conn))
            self._origins = (origins, time.monotonic() + self.ttl)
        return normalise_origin(origin) in origins

    def retry_after(self, client: Client) -> int:
        """0 when the client may post a lead now, else whole seconds to wait."""
        return _whole_seconds(self.bucket.take(str(client.client_id)))

    def check_manage_budget(self, client: Client) -> None:
        """Spend one management call of the client's budget; RateLimited when it is spent."""
        wait = _whole_seconds(self.manage_bucket.take(str(client.client_id)))
        if wait:
            raise RateLimited(text.MANAGE_RATE_LIMITED, wait=wait)


def _whole_seconds(wait: float) -> int:
    return 0 if wait <= 0 else max(1, math.ceil(wait))


def lead_post_refusal(owner: KeyOwner, origin: str | None) -> InputError | None:
    """Why this key may not post a lead with this Origin header (None: it may).

    Without an Origin the caller is a server, where either key may post. With one, it is a
    browser: only the form key, and only on one of the client's origins.
    """
    if origin is None:
        return None
    if owner.kind == "secret":
        return InputError(403, "secret_key_in_browser", text.SECRET_KEY_IN_BROWSER)
    if normalise_origin(origin) not in owner.client.allowed_origins:
        return InputError(403, "origin_refused", text.ORIGIN_REFUSED)
    return None


def management_refusal(owner: KeyOwner, origin: str | None) -> InputError | None:
    """Why this key may not use the management API with this Origin header (None: it may)."""
    if owner.kind == "form":
        return InputError(403, "form_key_refused", text.FORM_KEY_REFUSED)
    if origin is not None:
        return InputError(403, "secret_key_in_browser", text.SECRET_KEY_IN_BROWSER)
    return None


def gate(app: FastAPI) -> LeadGate:
    """The app's gate, created on first use."""
    existing = getattr(app.state, "lead_gate", None)
    if existing is None:
        existing = app.state.lead_gate = LeadGate(app.state.settings)
    return existing
