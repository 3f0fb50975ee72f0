"""Advisers' hours (configuration `adviser_hours`), said the way a member reads them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)
DAY_NAMES = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
DEFAULT = {"days": [1, 2, 3, 4, 5, 6], "start": "08:00", "end": "20:00", "timezone": "Africa/Douala"}


@dataclass(frozen=True)
class Hours:
    days: tuple[int, ...]  # ISO weekdays, 1 = Monday
    start: time
    end: time
    zone: ZoneInfo

    @classmethod
    def from_config(cls, value: Any) -> Hours:
        """The configured hours; a field that cannot be read (an admin's typo) takes its
        default, so that a handoff always says something true enough."""
        raw = value if isinstance(value, dict) else {}
        fields = {key: _read(key, raw.get(key, DEFAULT[key])) for key in DEFAULT}
        for key, parsed in fields.items():
            if parsed is None:
                log.warning("adviser_hours: %s %r cannot be read, using %r", key, raw.get(key), DEFAULT[key])
                fields[key] = _read(key, DEFAULT[key])
        return cls(days=fields["days"], start=fields["start"], end=fields["end"], zone=fields["timezone"])

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return local.isoweekday() in self.days and self.start <= local.time() < self.end

    def next_opening(self, now: datetime) -> datetime:
        """When advisers are next at work (now if they are)."""
        local = now.astimezone(self.zone)
        if self.is_open(now):
            return local
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            opening = datetime.combine(day, self.start, tzinfo=self.zone)
            if day.isoweekday() in self.days and opening > local:
                return opening
        return local

    def describe(self, lang: str) -> str:
        """"du lundi au samedi, de 8 h à 20 h (heure de Douala)"."""
        names = DAY_NAMES.get(lang, DAY_NAMES["fr"])
        days = sorted(self.days)
        city = str(self.zone).split("/")[-1].replace("_", " ")
        consecutive = days == list(range(days[0], days[-1] + 1))
        if lang == "en":
            span = f"{names[days[0] - 1]} to {names[days[-1] - 1]}" if consecutive else ", ".join(names[d - 1] for d in days)
            return f"{span}, {self.start:%H:%M} to {self.end:%H:%M} ({city} time)"
        span = f"du {names[days[0] - 1]} au {names[days[-1] - 1]}" if consecutive else ", ".join(names[d - 1] for d in days)
        return f"{span}, de {_h(self.start)} à {_h(self.end)} (heure de {city})"

    def when(self, now: datetime, lang: str) -> str:
        """"dans les minutes qui viennent" / "demain à partir de 8 h" / "lundi à partir de 8 h"."""
        if self.is_open(now):
            return "within minutes" if lang == "en" else "dans les minutes qui viennent"
        opening = self.next_opening(now)
        local = now.astimezone(self.zone)
        days = (opening.date() - local.date()).days
        names = DAY_NAMES.get(lang, DAY_NAMES["fr"])
        if lang == "en":
            day = "today" if days == 0 else "tomorrow" if days == 1 else f"on {names[opening.weekday()]}"
            return f"{day} from {opening:%H:%M}"
        day = "aujourd'hui" if days == 0 else "demain" if days == 1 else names[opening.weekday()]
        return f"{day} à partir de {_h(opening.time())}"


def problems(value: Any) -> list[str]:
    """What is wrong with a configured `adviser_hours`, by field, in the console's French
    (the console refuses such a value)."""
    if not isinstance(value, dict):
        return ["adviser_hours : un objet {days, start, end, timezone} est attendu"]
    expected = {"days": "jours de 1 (lundi) à 7 (dimanche)", "start": "heure HH:MM", "end": "heure HH:MM",
                "timezone": "fuseau horaire, ex. Africa/Douala"}
    found = [f"adviser_hours.{key} : {value.get(key)!r} illisible ({expected[key]})" for key in DEFAULT
             if key in value and _read(key, value[key]) is None]
    start, end = _read("start", value.get("start", DEFAULT["start"])), _read("end", value.get("end", DEFAULT["end"]))
    if start is not None and end is not None and start >= end:
        found.append("adviser_hours : l'ouverture doit précéder la fermeture")
    return found


def _read(key: str, raw: Any) -> Any:
    """One field of `adviser_hours`, parsed, or None when it cannot be."""
    try:
        if key == "days":
            days = tuple(sorted({int(d) for d in raw}))
            return days if days and all(1 <= d <= 7 for d in days) else None
        if key == "timezone":
            return ZoneInfo(str(raw))
        return time.fromisoformat(str(raw))
    except (TypeError, ValueError, KeyError, ZoneInfoNotFoundError, OSError):  # OSError: a name too long
        return None


def _h(moment: time) -> str:
    return f"{moment.hour} h" if not moment.minute else f"{moment.hour} h {moment.minute:02d}"
