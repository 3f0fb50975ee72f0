"""Every figure in an insight must be one the analysis computed: the numbers a Brain holds,
and the test an insight's text must pass (a model that invents a number is not shown).

A number in a text matches a computed figure when it is that figure rounded to the digits
the text shows ("33" and "33,3" both say 33.33); confidences (0 to 1) may be written as
percentages. "1,234" is read both ways (English thousands, French decimals), "12 345" as
one number or two. The analysis's frame (the top 5, 7-day windows, 4 and 12 weeks, scores
out of 100) may be named too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from bot.lead_platform.intelligence.brain import Brain

FRAME = (5, 7, 4, 12, 100)
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3}(?!\d))*(?:[.,]\d+)*")
_GROUPING = re.compile(r"[ \u00a0\u202f]")


def computed(brain: Brain) -> set[Decimal]:
    """The figures a text about this Brain may quote (absolute values)."""
    found: set[Decimal] = {Decimal(n) for n in FRAME}
    for key, value in _walk(brain.to_row()):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            continue
        number = abs(Decimal(str(value)))
        found.add(number)
        if "confidence" in key:
            found.add(number * 100)
    return found


def _walk(value: object, key: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, str(k))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _walk(v, key)
    else:
        yield key, value


def _readings(token: str) -> list[list[Decimal]]:
    """Ways to read a written number; each reading is the numbers it stands for."""
    readings: list[list[Decimal]] = []
    joined = _GROUPING.sub("", token)
    separators = re.findall(r"[.,]", joined)
    if not separators:
        readings.append([Decimal(joined)])
    else:
        *thousands, last = re.split(r"[.,]", joined)
        head = "".join(thousands)
        readings.append([Decimal(f"{head}.{last}")])  # the last separator is the decimal point
        if len(last) == 3:
            readings.append([Decimal(head + last)])  # or every separator groups thousands
    if _GROUPING.search(token):
        parts = _GROUPING.split(token)
        readings.extend([*r] for r in _product([_readings(p) for p in parts]))
    return readings


def _product(options: list[list[list[Decimal]]]) -> Iterator[list[Decimal]]:
    if not options:
        yield []
        return
    for first in options[0]:
        for rest in _product(options[1:]):
            yield first + rest


def _matches(written: Decimal, figures: Iterable[Decimal]) -> bool:
    """`written` is some figure rounded to the digits it shows."""
    exponent = written.as_tuple().exponent
    half = Decimal(5).scaleb(int(exponent) - 1) if isinstance(exponent, int) else Decimal(0)
    return any(abs(figure - written) <= half for figure in figures)


def invented(text: str, figures: set[Decimal]) -> list[str]:
    """The numbers in `text` that no computed figure accounts for."""
    return [m.group() for m in _NUMBER.finditer(text)
            if not any(all(_matches(n, figures) for n in reading) for reading in _readings(m.group()))]
