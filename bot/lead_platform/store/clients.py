"""Clients (tenants): creation, key rotation, look-ups for login and API keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from bot.core.connections import AsyncConn, Conn
from bot.lead_platform.store.apikeys import generate_api_key, hash_api_key, visible_prefix

EMAIL_TONES = ("Professional", "Friendly", "Formal", "Energetic")

CLIENT_COLUMNS = """client_id, business_name, email, language, email_tone, booking_link,
    ai_personalized_reply, allowed_origins, bot_linked, is_test, is_internal, api_key_prefix,
    industry, created_at, last_connection, last_login_at"""


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
    api_key_prefix: str
    industry: str | None = None
    created_at: Any = None
    last_connection: Any = None
    last_login_at: Any = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Client:
        return cls(**{**row, "allowed_origins": tuple(row["allowed_origins"] or ())})


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
) -> tuple[Client, str]:
    """Insert a client (service role); returns it and its API key, which is never stored."""
    key = generate_api_key(test=is_test)
    row = conn.execute(
        f"""INSERT INTO clients (business_name, email, password_hash, language, email_tone,
                booking_link, ai_personalized_reply, allowed_origins, bot_linked, is_test,
                is_internal, industry, api_key, api_key_prefix)
            VALUES (%(business_name)s, %(email)s, %(password_hash)s, %(language)s, %(email_tone)s,
                %(booking_link)s, %(ai)s, %(origins)s, %(bot_linked)s, %(is_test)s, %(is_internal)s,
                %(industry)s, %(hash)s, %(prefix)s)
            RETURNING {CLIENT_COLUMNS}""",
        {
            "business_name": business_name, "email": email.strip(), "password_hash": password_hash,
            "language": language, "email_tone": email_tone, "booking_link": booking_link,
            "ai": ai_personalized_reply, "origins": [normalise_origin(o) for o in allowed_origins or []],
            "bot_linked": bot_linked, "is_test": is_test, "is_internal": is_internal,
            "industry": industry, "hash": hash_api_key(key), "prefix": visible_prefix(key),
        },
    ).fetchone()
    assert row is not None
    return Client.from_row(row), key


def normalise_origin(origin: str) -> str:
    """Origins compare as scheme://host[:port], lower-case, without a trailing slash."""
    return origin.strip().rstrip("/").lower()


def rotate_api_key(conn: Conn, client_id: uuid.UUID | str) -> str | None:
    """Replace a client's key (service role); returns the new key, None for no such client."""
    key = generate_api_key(test=key_is_test(conn, client_id))
    cur = conn.execute(
        "UPDATE clients SET api_key = %s, api_key_prefix = %s, updated_at = now() WHERE client_id = %s",
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


async def aclient_by_key_hash(conn: AsyncConn, key_hash: str) -> Client | None:
    """The client owning a key hash (service role; the API's authentication)."""
    cur = await conn.execute(f"SELECT {CLIENT_COLUMNS} FROM clients WHERE api_key = %s", (key_hash,))
    row = await cur.fetchone()
    return Client.from_row(row) if row else None


async def aall_allowed_origins(conn: AsyncConn) -> set[str]:
    """Every origin any client allows (service role; answers CORS preflights)."""
    cur = await conn.execute("SELECT DISTINCT unnest(allowed_origins) AS origin FROM clients")
    return {r["origin"] for r in await cur.fetchall()}
