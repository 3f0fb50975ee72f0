"""Clients (tenants): creation, key rotation, look-ups for login and API keys.

Each client has a publishable form key (hash in `api_key`, the column every client had
before there were two kinds of key) and, once issued, a secret key (`secret_key_hash`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from psycopg import sql

from bot.core.connections import AsyncConn, Conn
from bot.lead_platform.store.apikeys import KeyKind, generate_api_key, hash_api_key, visible_prefix

EMAIL_TONES = ("Professional", "Friendly", "Formal", "Energetic")

CLIENT_COLUMNS = """client_id, business_name, email, language, email_tone, booking_link,
    ai_personalized_reply, allowed_origins, bot_linked, is_test, is_internal, api_key_prefix,
    secret_key_prefix, industry, created_at, last_connection, last_login_at"""
# (hash column, visible prefix column) of each kind of key.
KEY_COLUMNS: dict[KeyKind, tuple[str, str]] = {
    "form": ("api_key", "api_key_prefix"),
    "secret": ("secret_key_hash", "secret_key_prefix"),
}


@dataclass(frozen=True)
class Client:
    """A client as the platform uses it (never the key hash or password hash)."""

    client_id: uuid.UUID
    business_name: str
    email: str
    language: str
    email_tone: str
    booking_link: str | None
    ai_personalized_reply: bool
    allowed_origins: tuple[str, ...]
    bot_linked: bool
    is_test: bool
    is_internal: bool
    api_key_prefix: str  # of the publishable form key
    secret_key_prefix: str | None = None  # None until a secret key is issued
    industry: str | None = None
    created_at: Any = None
    last_connection: Any = None
    last_login_at: Any = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Client:
        return cls(**{**row, "allowed_origins": tuple(row["allowed_origins"] or ())})


@dataclass(frozen=True)
class ClientKeys:
    """A new client's two keys, shown once and never stored."""

    form: str
    secret: str


@dataclass(frozen=True)
class KeyOwner:
    """Who an API key belongs to, and which kind of key it is."""

    client: Client
    kind: KeyKind


def create_client(
    conn: Conn,
    *,
    business_name: str,
    email: str,
    password_hash: str | None,
    language: str = "en",
    email_tone: str = "Professional",
    booking_link: str | None = None,
    ai_personalized_reply: bool = False,
    allowed_origins: list[str] | None = None,
    bot_linked: bool = False,
    is_test: bool = False,
    is_internal: bool = False,
    industry: str | None = None,
) -> tuple[Client, ClientKeys]:
    """Insert a client (service role); returns it and its two keys, which are never stored."""
    keys = ClientKeys(form=generate_api_key("form", test=is_test), secret=generate_api_key("secret", test=is_test))
    row = conn.execute(
        f"""INSERT INTO clients (business_name, email, password_hash, language, email_tone,
                booking_link, ai_personalized_reply, allowed_origins, bot_linked, is_test,
                is_internal, industry, api_key, api_key_prefix, secret_key_hash, secret_key_prefix)
            VALUES (%(business_name)s, %(email)s, %(password_hash)s, %(language)s, %(email_tone)s,
                %(booking_link)s, %(ai)s, %(origins)s, %(bot_linked)s, %(is_test)s, %(is_internal)s,
                %(industry)s, %(hash)s, %(prefix)s, %(secret_hash)s, %(secret_prefix)s)
            RETURNING {CLIENT_COLUMNS}""",
        {
            "business_name": business_name, "email": email.strip(), "password_hash": password_hash,
            "language": language, "email_tone": email_tone, "booking_link": booking_link,
            "ai": ai_personalized_reply, "origins": [normalise_origin(o) for o in allowed_origins or []],
            "bot_linked": bot_linked, "is_test": is_test, "is_internal": is_internal,
            "industry": industry, "hash": hash_api_key(keys.form), "prefix": visible_prefix(keys.form),
            "secret_hash": hash_api_key(keys.secret), "secret_prefix": visible_prefix(keys.secret),
        },
    ).fetchone()
    assert row is not None
    return Client.from_row(row), keys


def normalise_origin(origin: str) -> str:
    """Origins compare as scheme://host[:port], lower-case, without a trailing slash."""
    return origin.strip().rstrip("/").lower()


def rotate_api_key(conn: Conn, client_id: uuid.UUID | str, *, kind: KeyKind) -> str | None:
    """Replace (or first issue) one kind of a client's key, leaving the other as it is (service role).

    Returns the new key, None for no such client.
    """
    key = generate_api_key(kind, test=key_is_test(conn, client_id))
    hash_column, prefix_column = KEY_COLUMNS[kind]
    cur = conn.execute(
        sql.SQL("UPDATE clients SET {} = %s, {} = %s, updated_at = now() WHERE client_id = %s").format(
            sql.Identifier(hash_column), sql.Identifier(prefix_column)),
        (hash_api_key(key), visible_prefix(key), client_id),
    )
    return key if cur.rowcount == 1 else None


def key_is_test(conn: Conn, client_id: uuid.UUID | str) -> bool:
    row = conn.execute("SELECT is_test FROM clients WHERE client_id = %s", (client_id,)).fetchone()
    return bool(row and row["is_test"])


def list_clients(conn: Conn) -> list[Client]:
    """Every client, newest first (service role)."""
    rows = conn.execute(f"SELECT {CLIENT_COLUMNS} FROM clients ORDER BY created_at DESC").fetchall()
    return [Client.from_row(r) for r in rows]


def get_client(conn: Conn, client_id: uuid.UUID | str) -> Client | None:
    """One client (tenant: only its own row is visible)."""
    row = conn.execute(f"SELECT {CLIENT_COLUMNS} FROM clients WHERE client_id = %s", (client_id,)).fetchone()
    return Client.from_row(row) if row else None


def login_record(conn: Conn, email: str) -> tuple[uuid.UUID, str | None] | None:
    """(client_id, password_hash) for a login email (service role: before a tenant is known)."""
    row = conn.execute(
        "SELECT client_id, password_hash FROM clients WHERE lower(email) = lower(%s)", (email.strip(),)
    ).fetchone()
    return (row["client_id"], row["password_hash"]) if row else None


def record_login(conn: Conn, client_id: uuid.UUID, *, new_hash: str | None = None) -> None:
    """Stamp last_login_at (and upgrade the password hash when its parameters aged)."""
    conn.execute(
        "UPDATE clients SET last_login_at = now(), password_hash = coalesce(%s, password_hash) "
        "WHERE client_id = %s",
        (new_hash, client_id),
    )


async def akey_owner(conn: AsyncConn, key_hash: str) -> KeyOwner | None:
    """The client owning a key hash and the key's kind (service role; the API's authentication).

    The kind is the column the hash is found in, never the key's prefix: a key issued before
    there were two kinds (`mb_live_…`) is a form key because it sits in `api_key`.
    """
    cur = await conn.execute(
        f"""SELECT {CLIENT_COLUMNS}, CASE WHEN api_key = %(h)s THEN 'form' ELSE 'secret' END AS key_kind
            FROM clients WHERE api_key = %(h)s OR secret_key_hash = %(h)s""",
        {"h": key_hash},
    )
    row = await cur.fetchone()
    if row is None:
        return None
    kind = row.pop("key_kind")
    return KeyOwner(client=Client.from_row(row), kind="form" if kind == "form" else "secret")


async def aall_allowed_origins(conn: AsyncConn) -> set[str]:
    """Every origin any client allows (service role; answers CORS preflights)."""
    cur = await conn.execute("SELECT DISTINCT unnest(allowed_origins) AS origin FROM clients")
    return {r["origin"] for r in await cur.fetchall()}


MIN_PASSWORD_LENGTH = 8  # as `matchbot clients create` asks


def stored_password(conn: Conn, client_id: uuid.UUID) -> str | None:
    """The client's password hash (tenant: its own row only), to check the current password."""
    row = conn.execute("SELECT password_hash FROM clients WHERE client_id = %s", (client_id,)).fetchone()
    return row["password_hash"] if row else None


def set_password(conn: Conn, client_id: uuid.UUID, *, password_hash: str) -> None:
    """Replace the dashboard password hash (the caller ends the other sessions)."""
    conn.execute(
        "UPDATE clients SET password_hash = %s, updated_at = now() WHERE client_id = %s",
        (password_hash, client_id),
    )
