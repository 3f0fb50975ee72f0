"""The agency's rules for messages to its members (configuration `member_outreach`).

One JSON value the console edits: at most one message per member every `every_days`
days (0: none at all), re-engagement after `quiet_days` days of silence during
qualification (0: never), an answer within `reply_days` days counted as a reply, a
profile "new" for `fresh_days` days after it is added, and messages only between `start`
and `end` in the agency's time zone (the advisers' hours' zone: members live where the
agency does).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from agents.hours import Hours

log = logging.getLogger(__name__)

KEY = "member_outreach"
DEFAULT: dict[str, Any] = {"every_days": 7, "quiet_days": 3, "reply_days": 3, "fresh_days": 14,
                           "start": "09:00", "end": "20:00"}
DAYS = ("every_days", "quiet_days", "reply_days", "fresh_days")
MAX_DAYS = 365


@dataclass(frozen=True)
class MemberRules:
    """`member_outreach`, read; the time zone is the advisers' hours' one."""

    every_days: int
    quiet_days: int
    reply_days: int
    fresh_days: int
    start: time
    end: time
    hours: Hours

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> MemberRules:
        """The configured rules; a value that cannot be read takes its default (and is logged)."""
        value = config.get(KEY)
        raw: dict[str, Any] = value if isinstance(value, dict) else {}
        values: dict[str, Any] = {}
        for key, default in DEFAULT.items():
            parsed = _read(key, raw.get(key, default))
            if parsed is None:
                log.warning("%s: %s %r cannot be read, using %r", KEY, key, raw.get(key), default)
                parsed = _read(key, default)
            values[key] = parsed
        if values["start"] >= values["end"]:
            values["start"], values["end"] = _read("start", DEFAULT["start"]), _read("end", DEFAULT["end"])
        return cls(**values, hours=Hours.from_config(config.get("adviser_hours")))

    @property
    def active(self) -> bool:
        return self.every_days > 0

    def daytime(self, now: datetime) -> bool:
        """Whether members may be written to now (their local time, any day of the week)."""
        local = now.astimezone(self.hours.zone).time()
        return self.start <= local < self.end


def problems(value: Any) -> list[str]:
    """What is wrong with a `member_outreach` value, by field, in the console's French."""
    if not isinstance(value, dict):
        return [f"{KEY} : un objet {{{', '.join(DEFAULT)}}} est attendu"]
    expected = dict.fromkeys(DAYS, f"nombre de jours entre 0 et {MAX_DAYS}")
    expected.update(start="heure HH:MM", end="heure HH:MM")
    found = [f"{KEY}.{key} : {value.get(key)!r} illisible ({expected[key]})"
             for key in DEFAULT if key in value and _read(key, value[key]) is None]
    if "fresh_days" in value and _read("fresh_days", value["fresh_days"]) == 0:
        found.append(f"{KEY}.fresh_days : au moins 1 jour")
    start, end = _read("start", value.get("start", DEFAULT["start"])), _read("end", value.get("end", DEFAULT["end"]))
    if start is not None and end is not None and start >= end:
        found.append(f"{KEY} : le début des envois doit précéder la fin")
    return found


def stored(value: dict[str, Any]) -> dict[str, Any]:
    """A value `problems` found nothing wrong with, as the configuration stores it (days as
    numbers, times as "HH:MM")."""
    parsed = {key: _read(key, value.get(key, default)) for key, default in DEFAULT.items()}
    return {key: item.strftime("%H:%M") if isinstance(item, time) else item for key, item in parsed.items()}


def _read(key: str, raw: Any) -> Any:
    """One field, parsed, or None when it cannot be."""
    if key in DAYS:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            return None
        try:
            number = float(str(raw).strip().replace(",", "."))
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return int(number) if number == int(number) and 0 <= number <= MAX_DAYS else None
    try:
        return time.fromisoformat(str(raw))
    except ValueError:
        return None
