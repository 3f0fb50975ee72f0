"""API keys: generated once, stored as SHA-256 with a visible prefix.

A client has two kinds of key, told apart by their prefix so that a reader (or a secret
scanner) knows at a glance what leaked: the publishable form key (`pk_…`) sits in the
client's web pages and only posts leads; the secret key (`sk_…`) manages leads and lives
on the client's servers. Keys issued before there were two kinds (`mb_live_…`,
`mb_test_…`) were published in forms and are form keys.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Literal

KeyKind = Literal["form", "secret"]
KIND_PREFIXES: dict[KeyKind, str] = {"form": "pk", "secret": "sk"}
VISIBLE_CHARS = 12  # what clients.*_prefix and integration_logs keep of a key


def generate_api_key(kind: KeyKind, *, test: bool = False) -> str:
    """A new key: a prefix naming its kind and mode (`pk_live_`, `sk_test_`…) and 192 random bits."""
    return f"{KIND_PREFIXES[kind]}_{'test' if test else 'live'}_" + secrets.token_urlsafe(24)


def hash_api_key(key: str) -> str:
    """The stored form of a key (hex SHA-256; keys are random, so no salt is needed)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def visible_prefix(key: str) -> str:
    """The part of a key that may be shown and logged."""
    return key[:VISIBLE_CHARS]
