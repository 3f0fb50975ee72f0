"""Which database the processes agreed to use: probes of both databases, and the switch decisions.

With DATABASE_FAILOVER_URL set, every switch between the primary and the failover is a
row of `database_switches` (0018), numbered by epoch; the newest epoch found in either
database is the decision every process follows. A probe is one short-lived connection
with deadlines on its every step, so that a frozen server (which accepts connections and
never answers) costs a probe a few seconds, never a hang.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeVar

import psycopg
from psycopg.abc import PQGen
from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row

from bot.core.connections import Conn, Row
from bot.core.deadlines import KEEPALIVES
from schema.migrate import current_version

SwitchRole = Literal["primary", "failover"]
RV = TypeVar("RV")

# libpq's shortest connect timeout is 2 s; a round trip gets as long.
PROBE_SECONDS = 2.0


@dataclass(frozen=True)
class Decision:
    """One recorded switch: from `epoch` on, every process uses the `role` database."""

    epoch: int
    role: SwitchRole
    decided_by: str
    reason: str
    decided_at: datetime | None = None


@dataclass(frozen=True)
class Probe:
    """What one look at a database found (`answers` False: nothing else is known)."""

    answers: bool
    version: int | None = None  # highest applied migration; None on an empty database
    decision: Decision | None = None  # newest switch recorded there
    error: str = ""


class _ProbeConnection(psycopg.Connection[Row]):
    """A connection whose every round trip gives up after `deadline` seconds (then closes)."""

    deadline = PROBE_SECONDS

    # psycopg's own signature and default interval (see bot/core/deadlines.py for why `wait`).
    def wait(self, gen: PQGen[RV], interval: float = 0.1, timeout: float | None = None) -> RV:
        try:
            return super().wait(gen, interval, timeout or self.deadline)
        except psycopg.errors._WaitTimeout:  # psycopg's own signal that the timeout expired
            self.close()
            raise psycopg.OperationalError(f"no answer within {self.deadline:.0f} s") from None


def probe(url: str, *, timeout: float = PROBE_SECONDS) -> Probe:
    """Connect to url and read its schema version and newest switch decision, within deadlines."""
    try:
        conninfo = make_conninfo(url, connect_timeout=max(2, round(timeout)),
                                 **{key: str(value) for key, value in KEEPALIVES.items()})
        with _ProbeConnection.connect(conninfo, autocommit=True, row_factory=dict_row) as conn:
            conn.deadline = timeout
            return Probe(True, current_version(conn), newest_decision(conn))
    except psycopg.Error as exc:
        lines = str(exc).strip().splitlines()
        return Probe(False, error=lines[0] if lines else type(exc).__name__)


def probe_both(primary: str, failover: str, *, timeout: float = PROBE_SECONDS) -> tuple[Probe, Probe]:
    """Both databases at once: a silent one delays the answer by one timeout, not two."""
    with ThreadPoolExecutor(2, thread_name_prefix="matchbot-probe") as probes:
        first, second = (probes.submit(probe, url, timeout=timeout) for url in (primary, failover))
        return first.result(), second.result()


def newest_of(*decisions: Decision | None) -> Decision | None:
    """The decision every process follows: the highest epoch of those found."""
    found = [d for d in decisions if d is not None]
    return max(found, key=lambda d: d.epoch) if found else None


def newest_decision(conn: Conn) -> Decision | None:
    """The newest switch recorded in this database (None before 0018 or before any switch)."""
    exists = conn.execute("SELECT to_regclass('public.database_switches') IS NOT NULL AS e").fetchone()
    if not exists or not exists["e"]:
        return None
    row = conn.execute(
        """SELECT epoch, role, decided_by, reason, decided_at FROM database_switches
           ORDER BY epoch DESC LIMIT 1"""
    ).fetchone()
    return Decision(**row) if row else None


def record_decision(conn: Conn, decision: Decision) -> bool:
    """Record a switch; False when another process recorded this epoch first (follow theirs)."""
    row = conn.execute(
        """INSERT INTO database_switches (epoch, role, decided_by, reason) VALUES (%s, %s, %s, %s)
           ON CONFLICT (epoch) DO NOTHING RETURNING epoch""",
        (decision.epoch, decision.role, decision.decided_by[:200], decision.reason),
    ).fetchone()
    return row is not None
