"""A small per-process cache for catalogue-wide lookups that change rarely."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from bot.core.connections import Conn

T = TypeVar("T")


class TtlCache(Generic[T]):
    """Loads a value with `loader(conn)` and keeps it for `seconds` (or until invalidated)."""

    def __init__(self, loader: Callable[[Conn], T], *, seconds: float = 60.0) -> None:
        self._loader = loader
        self._seconds = seconds
        self._value: T | None = None
        self._loaded = 0.0
        self._lock = threading.Lock()

    def get(self, conn: Conn) -> T:
        with self._lock:
            if self._value is None or time.monotonic() - self._loaded > self._seconds:
                self._value = self._loader(conn)
                self._loaded = time.monotonic()
            return self._value

    def invalidate(self) -> None:
        with self._lock:
            self._value = None
