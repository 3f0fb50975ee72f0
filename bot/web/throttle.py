"""Login throttle: failures slow down the address they come from first, the account only much later.

Counting per account alone lets anyone lock the rightful owner out by typing wrong
passwords from anywhere; counting per (account, address) lets one address try every
account. So an address is slowed after a few failures whatever the accounts tried,
and an account (from any address) only after many more, enough to cap a guesser
spread over many addresses without letting one stranger lock its owner out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Failures:
    count: int
    last: float


class LoginThrottle:
    """Exponential delay per address after `free_attempts` failures, and per account after
    `account_free_attempts`; in-process state, forgotten after `forget_after` quiet seconds."""

    def __init__(self, *, free_attempts: int = 5, account_free_attempts: int = 50, base_delay: float = 1.0,
                 max_delay: float = 300.0, forget_after: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic, max_entries: int = 100_000) -> None:
        self.free_attempts = free_attempts
        self.account_free_attempts = account_free_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_after = forget_after
        self.clock = clock
        self.max_entries = max_entries
        self._by_address: dict[str, _Failures] = {}
        self._by_account: dict[str, _Failures] = {}
        self._by_pair: dict[tuple[str, str], int] = {}  # an address's failures on one account
        self._lock = threading.Lock()

    def _delay(self, failures: _Failures | None, free: int, now: float) -> float:
        if failures is None or failures.count < free or now - failures.last > self.forget_after:
            return 0.0
        delay = min(self.max_delay, self.base_delay * 2 ** (failures.count - free))
        return max(0.0, failures.last + delay - now)

    def wait_seconds(self, account: str, ip: str) -> float:
        """Seconds before this account may be tried from this address (0 = now)."""
        now = self.clock()
        with self._lock:
            return max(self._delay(self._by_address.get(ip), self.free_attempts, now),
                       self._delay(self._by_account.get(_account(account)), self.account_free_attempts, now))

    def failure(self, account: str, ip: str) -> None:
        """Record a failed attempt against the address, the account and the pair."""
        now = self.clock()
        with self._lock:
            if max(len(self._by_address), len(self._by_account), len(self._by_pair)) >= self.max_entries:
                self._forget_quiet(now)
            for table, key in ((self._by_address, ip), (self._by_account, _account(account))):
                failures = table.get(key)
                if failures is None or now - failures.last > self.forget_after:
                    failures = table[key] = _Failures(0, now)
                failures.count += 1
                failures.last = now
            pair = (_account(account), ip)
            self._by_pair[pair] = self._by_pair.get(pair, 0) + 1

    def success(self, account: str, ip: str) -> None:
        """The owner got in: forget the account's failures, and the address's own typos on it.

        The address's failures on other accounts stay counted, so signing in to one's own
        account between guesses at another's resets nothing.
        """
        with self._lock:
            self._by_account.pop(_account(account), None)
            own = self._by_pair.pop((_account(account), ip), 0)
            failures = self._by_address.get(ip)
            if failures is not None:
                failures.count -= min(own, failures.count)

    def _forget_quiet(self, now: float) -> None:
        """Memory bound under a flood: drop quiet entries, or everything (fail open, not down)."""
        for table in (self._by_address, self._by_account):
            for key in [k for k, f in table.items() if now - f.last > self.forget_after]:
                del table[key]
        if max(len(self._by_address), len(self._by_account)) >= self.max_entries // 2:
            self._by_address.clear()
            self._by_account.clear()
        self._by_pair.clear()


def _account(account: str) -> str:
    return account.strip().lower()
