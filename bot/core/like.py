"""LIKE patterns from what a person typed in a search box: their `%` and `_` are characters
to find, not wildcards.

Every LIKE/ILIKE built from `contains()` must say `ESCAPE '\\'` (the `ESCAPE` constant):
PostgreSQL's default escape is the same backslash, but the clause keeps the pattern
correct wherever the default differs, and tells the reader the pattern is escaped.
"""

from __future__ import annotations

ESCAPE = "ESCAPE '\\'"  # the SQL clause, spelt once


def contains(text: str) -> str:
    """A pattern matching any text that contains `text` literally (use with `ESCAPE`)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
