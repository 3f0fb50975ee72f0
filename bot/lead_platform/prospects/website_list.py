"""Discovery from a list of websites (a file, one a line; blank lines and `#` comments skipped).

A website becomes a prospect named after its domain until its homepage gives a better
name (site facts). The cursor is the line reached, so a long list is worked through a
day's number at a time; a list read to the end is read again from the top once per run,
which finds the lines added since (known websites are skipped).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.lead_platform.prospects.discovery import CandidatePage
from bot.lead_platform.prospects.websites import InvalidWebsite, name_from_website, normalise_website
from bot.lead_platform.store.prospects import NewProspect


def read_list(path: Path) -> list[str]:
    """The websites of a list file, as written (normalised later)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.split(",")[0].strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class WebsiteListProvider:
    """Prospects from the websites of a list, in its order."""

    name = "websites"

    def __init__(self, websites: list[str]) -> None:
        self.websites = websites
        self.restarted = False
        self.invalid: list[str] = []  # lines that are not websites (reported, never retried as prospects)

    def next_page(self, *, wanted: int, cursors: Mapping[str, str]) -> CandidatePage | None:
        start = int(cursors.get("line", "0") or 0)
        if start >= len(self.websites):
            if self.restarted or not self.websites:
                return None
            self.restarted, start = True, 0
        end = min(len(self.websites), start + wanted)
        candidates = []
        for raw in self.websites[start:end]:
            try:
                website = normalise_website(raw)
            except InvalidWebsite as exc:
                self.invalid.append(f"{raw[:80]}: {exc}")
                continue
            candidates.append(NewProspect(business_name=name_from_website(website), website=website,
                                          metadata={"source": "websites", "name_source": "domain"}))
        return CandidatePage(candidates, {"line": str(end)})
