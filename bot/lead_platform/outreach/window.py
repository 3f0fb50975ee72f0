"""When an e-mail may go: the campaign's sending window, in the recipient's time zone.

A recipient's zone is the one its row names (`timezone`, or `metadata.timezone`), else
the zone of its region when the region names one unambiguously (a province, a country
with one zone), else the campaign's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from knowledge.text import fold

# Regions whose time zone is not in doubt, folded (accents and case ignored).
REGION_ZONES = {
    "quebec": "America/Toronto", "qc": "America/Toronto", "ontario": "America/Toronto", "on": "America/Toronto",
    "montreal": "America/Toronto", "toronto": "America/Toronto", "ottawa": "America/Toronto",
    "british columbia": "America/Vancouver", "bc": "America/Vancouver", "vancouver": "America/Vancouver",
    "alberta": "America/Edmonton", "manitoba": "America/Winnipeg", "nova scotia": "America/Halifax",
    "new brunswick": "America/Moncton", "nouveau-brunswick": "America/Moncton",
    "france": "Europe/Paris", "ile-de-france": "Europe/Paris", "paris": "Europe/Paris", "lyon": "Europe/Paris",
    "belgique": "Europe/Brussels", "belgium": "Europe/Brussels", "suisse": "Europe/Zurich",
    "switzerland": "Europe/Zurich", "luxembourg": "Europe/Luxembourg", "united kingdom": "Europe/London",
    "uk": "Europe/London", "royaume-uni": "Europe/London", "ireland": "Europe/Dublin",
    "cameroun": "Africa/Douala", "cameroon": "Africa/Douala", "senegal": "Africa/Dakar",
    "cote d'ivoire": "Africa/Abidjan", "ivory coast": "Africa/Abidjan", "maroc": "Africa/Casablanca",
    "morocco": "Africa/Casablanca", "tunisie": "Africa/Tunis", "tunisia": "Africa/Tunis",
    "new york": "America/New_York", "california": "America/Los_Angeles", "texas": "America/Chicago",
}


def valid_zone(name: str | None) -> str | None:
    """The name when it is a time zone this machine knows, else None."""
    if not name or not isinstance(name, str):
        return None
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name.strip()


def recipient_zone(row: Mapping[str, Any], *, fallback: str) -> str:
    """The recipient's time zone (see the module docstring)."""
    found = row.get("metadata")
    metadata: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    for candidate in (row.get("timezone"), metadata.get("timezone"), metadata.get("time_zone")):
        zone = valid_zone(candidate)
        if zone:
            return zone
    region = fold(str(row.get("region") or ""))
    return REGION_ZONES.get(region) or fallback


@dataclass(frozen=True)
class Window:
    """Hours [start, end) on ISO weekdays (1 = Monday)."""

    start_hour: int
    end_hour: int
    days: Sequence[int]

    def opens_in(self, now: datetime, zone: str) -> float:
        """Seconds until the window is open in `zone` (0 when it is open now)."""
        local = now.astimezone(ZoneInfo(zone))
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            if day.isoweekday() not in self.days:
                continue
            opening = datetime(day.year, day.month, day.day, self.start_hour, tzinfo=local.tzinfo)
            closing = opening + timedelta(hours=self.end_hour - self.start_hour)
            if offset == 0 and opening <= local < closing:
                return 0.0
            if local < opening:  # in UTC: across a change of summer time the wall clock lies
                return (opening.astimezone(UTC) - local.astimezone(UTC)).total_seconds()
        raise ValueError("a window has at least one day")  # the migration's check makes this unreachable


def day_start(now: datetime, zone: str) -> datetime:
    """Midnight of `now`'s day in `zone` (the daily cap counts from there)."""
    local = now.astimezone(ZoneInfo(zone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
