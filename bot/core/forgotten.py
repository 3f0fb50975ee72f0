"""What stays of a forgotten person's e-mail address: a one-way digest.

An address that unsubscribed or bounced must stay suppressed after its owner is erased
(`matchbot forget`, bot/store/erasure.py), without the address itself being kept: the
suppression list keeps its SHA-256, which campaigns compare their recipients with
(bot/lead_platform/store/suppressions.py). Both sides compute it here, in Python and SQL alike.
"""

from __future__ import annotations

import hashlib

FORGOTTEN_PREFIX = "forgotten:"


def forgotten_address(email: str) -> str:
    """What the suppression list keeps of a forgotten address: its SHA-256, never the address."""
    return FORGOTTEN_PREFIX + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def forgotten_address_sql(expression: str) -> str:
    """`forgotten_address` in SQL, of an address expression (already trimmed and lower-cased)."""
    return f"'{FORGOTTEN_PREFIX}' || encode(sha256(convert_to({expression}, 'UTF8')), 'hex')"
