"""API keys: generated once, stored as SHA-256 with a visible prefix."""

from __future__ import annotations

import hashlib
import secrets

LIVE_PREFIX = "mb_live_"
TEST_PREFIX = "mb_test_"
VISIBLE_CHARS = 12  # what clients.api_key_prefix and integration_logs keep of a key


def generate_api_key(*, test: bool = False) -> str:
    """A new key: a recognisable prefix and 192 random bits."""
    return (TEST_PREFIX if test else LIVE_PREFIX) + secrets.token_urlsafe(24)


def hash_api_key(key: str) -> str:
    """The stored form of a key (hex SHA-256; keys are random, so no salt is needed)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def visible_prefix(key: str) -> str:
    """The part of a key that may be shown and logged."""
    return key[:VISIBLE_CHARS]
