"""The Growth Brain pages' charts, computed here so that the pages need no script: bars
(HTML text, an SVG bar stretched to the width: readable on a phone) and weekly columns
with the confidence line (inline SVG). The page's CSS colours them (no inline style: the
Content-Security-Policy forbids it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.lead_platform.intelligence.brain import WeekPoint

COLUMN_WIDTH = 10  # SVG units per week
COLUMNS_HEIGHT = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # written beside the label
    width: float  # 0-100: the share of the track the bar fills
    kind: str = ""  # a CSS modifier ("high", "good"…)


def bars(items: Iterable[tuple[str, float, str]], *, scale: float | None = None,
         kinds: Sequence[str] = ()) -> list[Bar]:
    """(label, value, written value) as bars: the largest value fills the track, or `scale`
    does (100 for percentages and scores); a value above zero always shows a sliver."""
    rows = list(items)
    top = scale or max((value for _, value, _ in rows), default=0) or 1
    return [Bar(label=label, value=written, width=min(100.0, max(1.0, round(100 * value / top, 1))) if value else 0.0,
                kind=kinds[n] if n < len(kinds) else "")
            for n, (label, value, written) in enumerate(rows)]


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    height: float
    title: str


@dataclass(frozen=True)
class Columns:
    """Leads per week as columns, average confidence as a line (0 at the bottom, 1 at the top)."""

    width: int
    height: int
    columns: list[Column]
    line: str  # SVG polyline points; empty when no week has a confidence
    first: str  # the first and last weeks' labels, under the chart
    last: str
    peak: int  # the most leads in a week


def weekly(points: Sequence[WeekPoint], *, title: str, date_format: str = "%d/%m") -> Columns:
    """The trajectory's columns; `title` formats each column's tooltip with {leads} and {week}."""
    peak = max((p.leads for p in points), default=0)
    usable = COLUMNS_HEIGHT - 4  # room for the line's stroke at the top
    columns = []
    line = []
    for n, p in enumerate(points):
        height = round(usable * p.leads / peak, 1) if peak else 0.0
        columns.append(Column(x=n * COLUMN_WIDTH + 1, y=round(COLUMNS_HEIGHT - height, 1), height=height,
                              title=title.format(leads=p.leads, week=p.week_start.strftime(date_format))))
        if p.avg_confidence is not None:
            y = round(COLUMNS_HEIGHT - usable * p.avg_confidence, 1)
            line.append(f"{n * COLUMN_WIDTH + COLUMN_WIDTH / 2:g},{y:g}")
    return Columns(width=len(points) * COLUMN_WIDTH, height=COLUMNS_HEIGHT, columns=columns, line=" ".join(line),
                   first=points[0].week_start.strftime(date_format) if points else "",
                   last=points[-1].week_start.strftime(date_format) if points else "", peak=peak)
