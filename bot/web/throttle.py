"""Login throttle: after a few failures for one account from one address, wait longer each time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class LoginThrottle:
    """Exponential delay per (account, IP) after `free_attempts` failures; in-process state."""

    def __init__(self, *, free_attempts: int = 5, base_delay: float = 1.0, max_delay: float = 300.0,
                 clock: Callable[[], float] = time.monotonic, max_entries: int = 100_000) -> None:
        self.free_attempts = free_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock
        self.max_entries = max_entries
        self._failures: dict[tuple[str, str], tuple[int, float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(account: str, ip: str) -> tuple[str, str]:
        return (account.strip().lower(), ip)

    def wait_seconds(self, account: str, ip: str) -> float:
        """Seconds before this account may be tried again from this IP (0 = now)."""
        with self._lock:
            count, last = self._failures.get(self._key(account, ip), (0, 0.0))
        if count < self.free_attempts:
            return 0.0
        delay = min(self.max_delay, self.base_delay * 2 ** (count - self.free_attempts))
        return max(0.0, last + delay - self.clock())

    def failure(self, account: str, ip: str) -> None:
        """Record a failed attempt."""
        with self._lock:
            if len(self._failures) >= self.max_entries:
                self._failures.clear()  # memory bound under a flood; fail open, not down
            count, _ = self._failures.get(self._key(account, ip), (0, 0.0))
            self._failures[self._key(account, ip)] = (count + 1, self.clock())

    def success(self, account: str, ip: str) -> None:
        """Forget the failures after a good login."""
        with self._lock:
            self._failures.pop(self._key(account, ip), None)
