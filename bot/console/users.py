"""Repository for console accounts (`admin_users`) and the first admin of a fresh install."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg.rows import class_row

from bot.core.connections import Conn
from bot.core.services import Services
from bot.store import sessions
from bot.web.passwords import hash_password, needs_rehash, verify_password

log = logging.getLogger(__name__)

ROLES = ("admin", "agent")
FIRST_ADMIN_EMAIL = "admin@matchbot.local"
MIN_PASSWORD_LENGTH = 10


@dataclass
class Admin:
    """One console account (never carries the password hash)."""

    id: int
    email: str
    full_name: str | None
    role: str
    phone: str | None
    is_active: bool
    must_change_password: bool
    failed_login_count: int
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime

    @property
    def label(self) -> str:
        return self.full_name or self.email


COLUMNS = (
    "id, email, full_name, role, phone, is_active, must_change_password, failed_login_count, "
    "locked_until, last_login_at, created_at"
)


def get_admin(conn: Conn, admin_id: int) -> Admin | None:
    """One account by id."""
    return (
        conn.cursor(row_factory=class_row(Admin))
        .execute(f"SELECT {COLUMNS} FROM admin_users WHERE id = %s", (admin_id,))
        .fetchone()
    )


def find_admin(conn: Conn, email: str) -> Admin | None:
    """One account by its login email (case-insensitive, as signing in)."""
    return (
        conn.cursor(row_factory=class_row(Admin))
        .execute(f"SELECT {COLUMNS} FROM admin_users WHERE lower(email) = lower(%s)", (email.strip(),))
        .fetchone()
    )


def list_admins(conn: Conn) -> list[Admin]:
    """Every account, oldest first."""
    return (
        conn.cursor(row_factory=class_row(Admin))
        .execute(f"SELECT {COLUMNS} FROM admin_users ORDER BY id")
        .fetchall()
    )


def create_admin(
    conn: Conn,
    *,
    email: str,
    password: str,
    role: str = "agent",
    full_name: str | None = None,
    must_change_password: bool = False,
) -> int:
    """A new account with an argon2id hash; ValueError on a bad role, short password or duplicate."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    email = email.strip()
    if "@" not in email:
        raise ValueError(f"{email!r} is not an email address")
    try:
        row = conn.execute(
            """INSERT INTO admin_users (email, password_hash, full_name, role, must_change_password)
               VALUES (%s, %s, %s, %s, %s) RETURNING id""",
            (email, hash_password(password), full_name, role, must_change_password),
        ).fetchone()
    except psycopg.errors.UniqueViolation:
        raise ValueError(f"an account with the email {email} already exists") from None
    return int(row["id"])  # type: ignore[index]


def set_active(conn: Conn, admin_id: int, *, active: bool) -> int:
    """(De)activate an account; a deactivated account's sessions all end at once (their count)."""
    with conn.transaction():
        conn.execute(
            "UPDATE admin_users SET is_active = %s, updated_at = now() WHERE id = %s",
            (active, admin_id),
        )
        return 0 if active else sessions.revoke_account(conn, admin_id=admin_id)


def set_password(conn: Conn, admin_id: int, *, password: str, keep_session: bytes | None = None) -> int:
    """Replace the password (clears the forced change) and end every session but `keep_session`
    (returns how many ended).

    Whoever knew the old password may be signed in elsewhere: those sessions end with it.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    with conn.transaction():
        conn.execute(
            """UPDATE admin_users SET password_hash = %s, must_change_password = FALSE, updated_at = now()
               WHERE id = %s""",
            (hash_password(password), admin_id),
        )
        return sessions.revoke_account(conn, admin_id=admin_id, keep=keep_session)


@dataclass
class LoginOutcome:
    """Result of a password check: the account when it succeeded, or why not."""

    admin_id: int | None = None
    locked_seconds: int = 0


def check_login(
    conn: Conn,
    *,
    email: str,
    password: str,
    free_attempts: int = 5,
    max_delay: float = 300.0,
) -> LoginOutcome:
    """Verify a password against the database, counting failures per account.

    After `free_attempts` failures (the console passes the per-account threshold, far
    above the per-address one) the account is locked for 1 s, 2 s, 4 s… (capped): the lock
    is in the database, so it holds across processes; the in-process throttle of
    bot.web.throttle slows one address down first.
    """
    row = conn.execute(
        """SELECT id, password_hash, is_active,
                  greatest(0, ceil(extract(epoch FROM locked_until - now())))::int AS locked
           FROM admin_users WHERE lower(email) = lower(%s)""",
        (email.strip(),),
    ).fetchone()
    if row and row["locked"] > 0:
        return LoginOutcome(locked_seconds=row["locked"])
    if (
        not verify_password(row["password_hash"] if row else None, password)
        or not row
        or not row["is_active"]
    ):
        if row:
            conn.execute(
                """UPDATE admin_users SET failed_login_count = failed_login_count + 1,
                          locked_until = CASE WHEN failed_login_count + 1 >= %(free)s
                              THEN now() + make_interval(secs => least(%(cap)s,
                                   power(2, failed_login_count + 1 - %(free)s)))
                              ELSE locked_until END
                   WHERE id = %(id)s""",
                {"free": free_attempts, "cap": max_delay, "id": row["id"]},
            )
        return LoginOutcome()
    new_hash = hash_password(password) if needs_rehash(row["password_hash"]) else None
    conn.execute(
        """UPDATE admin_users SET failed_login_count = 0, locked_until = NULL, last_login_at = now(),
                  password_hash = coalesce(%s, password_hash) WHERE id = %s""",
        (new_hash, row["id"]),
    )
    return LoginOutcome(admin_id=int(row["id"]))


def ensure_first_admin(services: Services) -> str | None:
    """On the embedded default's first start, create an admin; returns its one-time password.

    Does nothing with DATABASE_URL set (production accounts come from `matchbot admin
    create`) or once any account exists. The password must be changed at first login.
    """
    if services.settings.database_url is not None:
        return None
    password = secrets.token_urlsafe(12)
    with services.pool.connection() as conn, conn.transaction():
        conn.execute("LOCK TABLE admin_users IN EXCLUSIVE MODE")
        if conn.execute("SELECT 1 FROM admin_users LIMIT 1").fetchone() is not None:
            return None
        create_admin(
            conn,
            email=FIRST_ADMIN_EMAIL,
            password=password,
            role="admin",
            full_name="Administrateur",
            must_change_password=True,
        )
    # Printed once on the console, never written to a log file.
    log.warning(
        "first admin %s created; its one-time password is printed on the console", FIRST_ADMIN_EMAIL
    )
    print(
        f"\n  Console: {FIRST_ADMIN_EMAIL} / one-time password: {password}"
        f"\n  (change it at first login on /admin/login)\n",
        flush=True,
    )
    return password
