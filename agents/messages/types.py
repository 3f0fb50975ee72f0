"""The shape of a message catalogue: key -> language -> one text or several phrasings."""

from __future__ import annotations

Entries = dict[str, dict[str, str | list[str]]]
