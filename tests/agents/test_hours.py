"""agents/hours.py: advisers' hours from the configuration, in the agency's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agents.hours import DEFAULT, Hours, problems

DOUALA = ZoneInfo("Africa/Douala")  # UTC+1 all year, no summer time


def douala(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of June 2025 in Douala (the 16th is a Monday)."""
    return datetime(2025, 6, day, hour, minute, tzinfo=DOUALA)


@pytest.fixture
def hours() -> Hours:
    return Hours.from_config(DEFAULT)


def test_the_default_is_monday_to_saturday_8_to_20_in_douala(hours: Hours) -> None:
    assert Hours.from_config(None) == hours
    assert hours.days == (1, 2, 3, 4, 5, 6)
    assert str(hours.zone) == "Africa/Douala"
    assert hours.describe("fr") == "du lundi au samedi, de 8 h à 20 h (heure de Douala)"
    assert hours.describe("en") == "Monday to Saturday, 08:00 to 20:00 (Douala time)"


@pytest.mark.parametrize(("moment", "open_"), [
    (douala(16, 7, 59), False), (douala(16, 8), True), (douala(18, 13), True),
    (douala(21, 19, 59), True), (douala(21, 20), False),  # closing time is exclusive
    (douala(22, 12), False),  # Sunday
])
def test_open_now(hours: Hours, moment: datetime, open_: bool) -> None:
    assert hours.is_open(moment) is open_
    assert (hours.when(moment, "fr") == "dans les minutes qui viennent") is open_
    assert (hours.when(moment, "en") == "within minutes") is open_


def test_the_time_is_read_in_the_agencys_zone(hours: Hours) -> None:
    # 07:30 UTC is 08:30 in Douala: open; 19:30 UTC is 20:30 there: closed.
    assert hours.is_open(datetime(2025, 6, 16, 7, 30, tzinfo=UTC))
    assert not hours.is_open(datetime(2025, 6, 16, 19, 30, tzinfo=UTC))
    # A member's clock in Montréal (UTC-4 in June): 03:30 there is 08:30 in Douala.
    assert hours.is_open(datetime(2025, 6, 16, 3, 30, tzinfo=ZoneInfo("America/Toronto")))


def test_next_opening_across_the_weekend(hours: Hours) -> None:
    saturday_night = datetime(2025, 6, 21, 19, 30, tzinfo=UTC)  # 20:30 in Douala
    assert hours.next_opening(saturday_night) == douala(23, 8)
    assert hours.when(saturday_night, "fr") == "lundi à partir de 8 h"
    assert hours.when(saturday_night, "en") == "on Monday from 08:00"
    sunday = douala(22, 15)
    assert hours.next_opening(sunday) == douala(23, 8)
    assert hours.when(sunday, "fr") == "demain à partir de 8 h"
    assert hours.when(sunday, "en") == "tomorrow from 08:00"


def test_next_opening_later_today_and_now_when_open(hours: Hours) -> None:
    early = douala(17, 6, 45)
    assert hours.next_opening(early) == douala(17, 8)
    assert hours.when(early, "fr") == "aujourd'hui à partir de 8 h"
    assert hours.when(early, "en") == "today from 08:00"
    assert hours.next_opening(douala(17, 10)) == douala(17, 10)
    assert hours.when(douala(17, 21), "fr") == "demain à partir de 8 h"


def test_a_partial_configuration_keeps_the_other_defaults() -> None:
    hours = Hours.from_config({"days": [1, 3, 5], "start": "09:30", "end": "17:00"})
    assert hours.zone == DOUALA
    assert hours.describe("fr") == "lundi, mercredi, vendredi, de 9 h 30 à 17 h (heure de Douala)"
    assert hours.describe("en") == "Monday, Wednesday, Friday, 09:30 to 17:00 (Douala time)"
    friday_evening = douala(20, 18)
    assert hours.when(friday_evening, "fr") == "lundi à partir de 9 h 30"
    assert hours.next_opening(douala(17, 12)) == douala(18, 9, 30)  # Tuesday -> Wednesday


def test_another_time_zone_with_summer_time() -> None:
    paris = Hours.from_config({"timezone": "Europe/Paris", "days": [1, 2, 3, 4, 5, 6, 7]})
    assert paris.describe("en") == "Monday to Sunday, 08:00 to 20:00 (Paris time)"
    # 06:30 UTC is 08:30 in Paris in June (UTC+2), but 07:30 in January (UTC+1).
    assert paris.is_open(datetime(2025, 6, 16, 6, 30, tzinfo=UTC))
    assert not paris.is_open(datetime(2025, 1, 13, 6, 30, tzinfo=UTC))
    opening = paris.next_opening(datetime(2025, 1, 13, 6, 30, tzinfo=UTC))
    assert opening.astimezone(UTC) - datetime(2025, 1, 13, 6, 30, tzinfo=UTC) == timedelta(minutes=30)


@pytest.mark.parametrize("value", [None, "08:00-20:00", [1, 2, 3], 42, {}])
def test_a_configuration_that_is_not_an_object_gives_the_default(value: Any, hours: Hours) -> None:
    assert Hours.from_config(value) == hours


@pytest.mark.parametrize("value", [
    {"start": "8h"},
    {"end": None},
    {"timezone": "Douala"},
    {"timezone": "x" * 5000},  # too long a file name for the zone database: OSError
    {"days": "lundi-samedi"},
    {"days": [0, 9]},
])
def test_a_malformed_value_falls_back_to_its_default(value: dict[str, Any], hours: Hours) -> None:
    """An admin's typo in the console must not break every handoff (agents/handoff.py)."""
    assert Hours.from_config(value) == hours


def test_no_working_day_still_describes() -> None:
    hours = Hours.from_config({"days": []})
    assert hours.describe("fr")


def test_problems_name_the_field_the_console_refuses() -> None:
    assert problems(DEFAULT) == []
    assert problems({"start": "8h", "days": "lundi"}) == [
        "adviser_hours.days : 'lundi' illisible (jours de 1 (lundi) à 7 (dimanche))",
        "adviser_hours.start : '8h' illisible (heure HH:MM)"]
    assert problems({"start": "21:00", "end": "08:00"}) == ["adviser_hours : l'ouverture doit précéder la fermeture"]
    assert problems("8-20") != []
