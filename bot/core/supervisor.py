"""The embedded PostgreSQL's supervisor: a postmaster that died is started again.

Nothing else notices a dead embedded server: the pools keep failing to connect, every
request answers 503, and the service never recovers on its own (measured before this
supervisor: the killed server stayed down until `serve` was restarted). A thread in the
`serve` process checks the postmaster every `CHECK_SECONDS` and restarts it by the code
path of start-up (`start_embedded`, which also removes its stale lock). While it is down
nothing is enqueued (every write fails with a 503); once it is back the pools reconnect.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from bot.core.db import start_embedded
from bot.core.errors import ConfigError
from bot.core.postmaster import is_running
from bot.core.settings import Settings

log = logging.getLogger(__name__)

CHECK_SECONDS = 2.0


class EmbeddedSupervisor:
    """Watches the embedded server of `settings` and restarts it when it died.

    `on_restart` runs in the supervisor's thread after each restart (the app drops the
    pools' dead connections there).
    """

    def __init__(self, settings: Settings, on_restart: Callable[[], None]) -> None:
        self.settings = settings
        self.on_restart = on_restart
        self.up = True
        self.restarts = 0
        self.last_restart: datetime | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="matchbot-db-supervisor", daemon=True)

    def start(self) -> None:
        """Start watching (the server is running: start-up has just started or joined it)."""
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop watching; a restart under way is left to finish in its daemon thread."""
        self._stop.set()
        self._thread.join(timeout)

    def server_alive(self) -> bool:
        """A fresh look at the postmaster (`up` lags behind by up to one check)."""
        return is_running(self.settings.data_dir)

    def state(self) -> dict[str, object]:
        """What /healthz reports: up or restarting, how many restarts, the last one's time."""
        return {
            "state": "running" if self.up else "restarting",
            "restarts": self.restarts,
            "last_restart": self.last_restart.isoformat() if self.last_restart else None,
        }

    def _run(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            if not self.server_alive():
                self._restart()

    def _restart(self) -> None:
        """One attempt; a failed one (old backends still hold its memory) is retried on the next check."""
        if self.up:
            log.error("the embedded PostgreSQL in %s is gone; restarting it", self.settings.data_dir)
            self.up = False
        try:
            start_embedded(self.settings)
        except ConfigError as exc:
            log.error("could not restart the embedded PostgreSQL (%s); retrying in %.0f s", exc, CHECK_SECONDS)
            return
        self.up = True
        self.restarts += 1
        self.last_restart = datetime.now(UTC)
        log.warning("restarted the embedded PostgreSQL in %s (restart %d)", self.settings.data_dir, self.restarts)
        self.on_restart()
