"""Failover while running: leave a primary that stopped answering; come back only when an admin says so.

With DATABASE_URL and DATABASE_FAILOVER_URL both set, every long-running process
(`serve`, `matchbot worker`) runs a `FailoverMonitor`: a thread that probes both
databases every MATCHBOT_FAILOVER_PROBE seconds with a fresh, deadline-bound connection
(bot/core/switches.py), never a request's. When the primary has failed every probe for
MATCHBOT_FAILOVER_AFTER seconds and the failover answers, the process migrates the
failover if needed, records the switch in it (`database_switches`), writes the admin
alert in it, and moves its pools there (bot/core/database_in_use.py).

Processes agree through the recorded decisions, not through their own probes alone: on
every probe each one reads the newest decision in both databases and follows it, so
the others join a switch within one probe interval even when the primary still answers
them. Nothing ever switches back by itself: a recovered primary is only reported, and
`use_primary` (the console's button, `matchbot db use-primary`) records the way back
after checking that the primary answers and is migrated.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from bot.core.bootstrap import migrate_database
from bot.core.connections import Conn
from bot.core.database_in_use import DatabaseInUse
from bot.core.db import START_PROBE_SECONDS, connect, database_url, describe_host
from bot.core.errors import ConfigError
from bot.core.queue import unfinished
from bot.core.settings import Settings
from bot.core.switches import PROBE_SECONDS, Decision, newest_of, probe_both, record_decision
from schema.migrate import discover

log = logging.getLogger(__name__)

# Writes an admin alert (a `logs` row, and WhatsApp when configured) on a connection to
# the database now in use; injected by the entry points (bot/runtime.py).
Alert = Callable[[Conn, str], None]

SWITCH_BACK_HINT = ("Retour à la base principale une fois rétablie : bouton « Revenir à la base principale » "
                    "(Configuration) ou `matchbot db use-primary`.")


class SwitchRefused(Exception):
    """Switching back cannot be done now; the message says why."""


@dataclass(frozen=True)
class SwitchBack:
    """A recorded way back to the primary, and the jobs each database still holds."""

    decision: Decision
    jobs_on_primary: int  # left there by the failover: they run now
    jobs_on_failover: int | None  # left behind on the failover (None: it did not answer)


def process_name() -> str:
    """This process, as switch decisions and logs name it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _urls(settings: Settings) -> tuple[str, str]:
    if not (settings.database_url and settings.database_failover_url):
        raise SwitchRefused("DATABASE_URL and DATABASE_FAILOVER_URL must both be set to switch databases")
    return settings.database_url, settings.database_failover_url


def fail_over(settings: Settings, *, epoch: int, silent_for: float, decided_by: str, alert: Alert) -> Decision | None:
    """Migrate the failover, record the switch there and alert the admins in it.

    None when another process recorded this epoch first: follow its decision instead.
    """
    primary_url, failover_url = _urls(settings)
    migrate_database(failover_url, settings)
    primary, failover = describe_host(primary_url), describe_host(failover_url)
    decision = Decision(epoch, "failover", decided_by,
                        f"the primary database at {primary} did not answer for {silent_for:.0f} s")
    with connect(failover_url) as conn, conn.transaction():
        if not record_decision(conn, decision):
            return None
        alert(conn, f"Base de données : la base principale ({primary}) ne répond plus depuis {silent_for:.0f} s ; "
                    f"le service est passé sur la base de secours ({failover}). Les deux bases ne sont pas "
                    f"répliquées : ce qui est écrit désormais ne l'est que dans la base de secours. {SWITCH_BACK_HINT}")
    log.error("left the primary database at %s (no answer for %.0f s): now on the failover at %s (epoch %d)",
              primary, silent_for, failover, epoch)
    return decision


def use_primary(settings: Settings, *, decided_by: str, migrate: bool, alert: Alert) -> SwitchBack:
    """Record the way back to the primary: it must answer and be migrated (`migrate`: do it first)."""
    primary_url, failover_url = _urls(settings)
    primary, failover = probe_both(primary_url, failover_url, timeout=START_PROBE_SECONDS)
    host = describe_host(primary_url)
    if not primary.answers:
        raise SwitchRefused(f"the primary database at {host} does not answer ({primary.error})")
    needed = discover()[-1].version
    if primary.version is None or primary.version < needed:
        if not migrate:
            raise SwitchRefused(f"the primary database at {host} is at schema {primary.version or 0}, this "
                                f"Matchbot needs {needed}: run `matchbot db use-primary`, which migrates it first")
        migrate_database(primary_url, settings)
    newest = newest_of(primary.decision, failover.decision)
    if newest is None or newest.role == "primary":
        raise SwitchRefused("the processes already use the primary database")
    decision = Decision(newest.epoch + 1, "primary", decided_by, f"switched back by {decided_by}")
    try:
        left = _record_way_back(failover_url, decision) if failover.answers else None
        with connect(primary_url) as conn, conn.transaction():
            if not record_decision(conn, decision):
                raise SwitchRefused("another switch was recorded meanwhile; look again")
            waiting = unfinished(conn)
            alert(conn, f"Base de données : retour sur la base principale ({host}), décidé par {decided_by}. "
                        f"{waiting} tâche(s) en attente dans la principale reprennent ; ce qui a été écrit dans la "
                        f"base de secours ({describe_host(failover_url)}) n'y est pas copié.")
    except (ConfigError, psycopg.OperationalError) as exc:  # a database that stopped answering meanwhile
        raise SwitchRefused(str(exc).strip().splitlines()[0]) from None
    log.warning("switched back to the primary database at %s (epoch %d, by %s)", host, decision.epoch, decided_by)
    return SwitchBack(decision, waiting, left)


def _record_way_back(failover_url: str, decision: Decision) -> int:
    """Record the way back in the failover (where the processes on it look first); its jobs left behind."""
    with connect(failover_url) as conn:
        if not record_decision(conn, decision):
            raise SwitchRefused("another switch was recorded meanwhile; look again")
        return unfinished(conn)


def settle(settings: Settings, *, alert: Alert, decided_by: str) -> str:
    """The database `serve` and `worker` start on.

    The one the processes agreed on; a primary that does not answer is probed for
    MATCHBOT_FAILOVER_AFTER seconds and then failed over, as a running process does, so
    that a process never starts alone on the failover while the others use the primary.
    """
    if not (settings.database_url and settings.database_failover_url):
        return database_url(settings)
    primary_url, failover_url = settings.database_url, settings.database_failover_url
    silent_since: float | None = None
    while True:
        started = time.monotonic()
        primary, failover = probe_both(primary_url, failover_url, timeout=START_PROBE_SECONDS)
        newest = newest_of(primary.decision, failover.decision)
        if newest is not None and newest.role == "failover":
            return failover_url
        if primary.answers:
            return primary_url
        if silent_since is None:
            silent_since = started
            log.warning("the primary database at %s does not answer (%s); failing over to %s if it still does "
                        "not within %.0f s", describe_host(primary_url), primary.error,
                        describe_host(failover_url), settings.failover_after_seconds)
        silent = time.monotonic() - silent_since
        if silent >= settings.failover_after_seconds:
            if not failover.answers:
                raise ConfigError(f"neither the primary database at {describe_host(primary_url)} ({primary.error}) "
                                  f"nor the failover at {describe_host(failover_url)} ({failover.error}) answers")
            epoch = (newest.epoch if newest else 0) + 1
            if fail_over(settings, epoch=epoch, silent_for=silent, decided_by=decided_by, alert=alert):
                return failover_url
            continue  # another process recorded a switch first: look again and follow it
        time.sleep(settings.failover_probe_seconds)


class FailoverMonitor:
    """The probing thread of one process (see the module docstring)."""

    def __init__(self, database: DatabaseInUse, *, alert: Alert, name: str | None = None) -> None:
        self.database = database
        self.settings = database.settings
        self.alert = alert
        self.name = name or process_name()
        self.silent_since: float | None = None
        self._primary_back_told = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="matchbot-db-failover", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop probing; a probe under way ends on its own deadline in its daemon thread."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.settings.failover_probe_seconds):
            try:
                self.tick()
            except Exception:  # the monitor must outlive any one failed probe or switch
                log.exception("database failover: this probe failed; trying again")

    def tick(self) -> None:
        """One probe of both databases: follow a newer decision, or fail over a primary silent for too long."""
        primary_url, failover_url = _urls(self.settings)
        started = time.monotonic()
        primary, failover = probe_both(primary_url, failover_url, timeout=PROBE_SECONDS)
        database = self.database
        database.seen = {"primary": primary, "failover": failover}
        newest = newest_of(primary.decision, failover.decision)
        if newest is not None and database.follow(newest):
            self.silent_since = None
            log.warning("following the switch recorded by %s (epoch %d): now on the %s database at %s",
                        newest.decided_by, newest.epoch, newest.role, describe_host(database.url))
            return
        if database.role != "primary":
            self._report_primary(answers=primary.answers)
            return
        if primary.answers:
            self.silent_since = None
            return
        if self.silent_since is None:
            self.silent_since = started
            log.warning("the primary database at %s does not answer (%s)", describe_host(primary_url), primary.error)
        silent = time.monotonic() - self.silent_since
        if silent < self.settings.failover_after_seconds:
            return
        if not failover.answers:
            log.error("the primary database has not answered for %.0f s and the failover at %s does not answer "
                      "either (%s): staying", silent, describe_host(failover_url), failover.error)
            return
        epoch = (newest.epoch if newest else 0) + 1
        decision = fail_over(self.settings, epoch=epoch, silent_for=silent, decided_by=self.name, alert=self.alert)
        if decision is not None:
            database.follow(decision)
            self.silent_since = None

    def _report_primary(self, *, answers: bool) -> None:
        """On the failover: say once that the primary is back (switching back is an admin's call)."""
        if answers and not self._primary_back_told:
            log.warning("the primary database at %s answers again; an admin switches back with "
                        "`matchbot db use-primary` or the console", describe_host(self.settings.database_url or ""))
        self._primary_back_told = answers
