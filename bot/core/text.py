"""Text PostgreSQL can store: no NUL character (a text column refuses it) and no lone
surrogate (UTF-8 cannot encode one; JSON escapes and some form encodings produce them)."""

from __future__ import annotations

import re

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> bool:
    """True when storing `text` would fail in psycopg (DataError or UnicodeEncodeError)."""
    return UNSTORABLE.search(text) is not None


def storable(text: str) -> str:
    """`text` without NUL and with lone surrogates replaced: for a member's own words,
    which are cleaned, never refused."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def unstorable_json(value: object) -> bool:
    """True when a key or string anywhere in a parsed JSON value is unstorable (jsonb also
    refuses the escape `\\u0000`, which parses to a NUL)."""
    if isinstance(value, str):
        return unstorable(value)
    if isinstance(value, dict):
        return any(unstorable(str(key)) or unstorable_json(item) for key, item in value.items())
    if isinstance(value, list):
        return any(unstorable_json(item) for item in value)
    return False
