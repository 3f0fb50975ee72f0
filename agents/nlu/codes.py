"""Profile codes such as "MAT-2025-001", however a member types them."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold

# Words that can precede a year and a number without being a code prefix ("en 2025 001").
NOT_PREFIXES: frozenset[str] = frozenset(
    {"en", "le", "la", "de", "du", "des", "les", "au", "aux", "in", "on", "at", "of", "to",
     "et", "and", "ans", "an", "ne", "nee", "the", "year", "tel", "num", "no", "nr"}
)
# Real codes are letters-year-number: MAT-2025-001, also typed "mat 2025 001", "MAT2025001".
_CODE = re.compile(
    r"(?<![a-z0-9.])([a-z]{2,4})[\s_\-–]*((?:19|20)\d{2})[\s_\-–]*(\d{3,5})"
    r"(?![0-9a-z]|\.[0-9a-z])"
)
# Stands in for a code in the text the rest of the NLU reads, so its digits are not ages.
PLACEHOLDER = " zzcode "


def extract_codes(text: str) -> tuple[tuple[str, ...], str]:
    """Canonical profile codes found in a raw message, and the folded text without them."""
    folded = fold(text)
    codes: list[str] = []

    def replace(match: re.Match[str]) -> str:
        prefix, year, number = match.groups()
        if prefix in NOT_PREFIXES:
            return match.group(0)
        code = f"{prefix.upper()}-{year}-{number}"
        if code not in codes:
            codes.append(code)
        return PLACEHOLDER

    remaining = _CODE.sub(replace, folded)
    return tuple(codes), remaining
