"""Reading `member_outreach`: defaults for what cannot be read, daytime in the agency's zone."""

from __future__ import annotations

from datetime import UTC, datetime, time

from bot.lead_platform.outreach.member_rules import MemberRules, problems, stored


def test_defaults_and_unreadable_values() -> None:
    rules = MemberRules.from_config({})
    assert (rules.every_days, rules.quiet_days, rules.reply_days, rules.fresh_days) == (7, 3, 3, 14)
    assert (rules.start, rules.end, str(rules.hours.zone)) == (time(9), time(20), "Africa/Douala")
    odd = MemberRules.from_config({"member_outreach": {"every_days": "nan", "quiet_days": True, "reply_days": 2.0,
                                                       "start": "21:00", "end": "08:00"}})
    assert (odd.every_days, odd.quiet_days, odd.reply_days) == (7, 3, 2)
    assert (odd.start, odd.end) == (time(9), time(20))  # an impossible window: the default one
    assert not MemberRules.from_config({"member_outreach": {"every_days": 0}}).active


def test_daytime_is_the_agency_time_zone() -> None:
    rules = MemberRules.from_config({"adviser_hours": {"timezone": "Europe/Paris"}})
    assert rules.daytime(datetime(2026, 6, 1, 7, 30, tzinfo=UTC))  # 9:30 in Paris (summer time)
    assert not rules.daytime(datetime(2026, 6, 1, 6, 30, tzinfo=UTC))
    assert not rules.daytime(datetime(2026, 6, 1, 18, 0, tzinfo=UTC))  # 20:00 in Paris: the end is excluded


def test_problems_name_the_field_and_stored_values_are_typed() -> None:
    assert problems([]) == ["member_outreach : un objet {every_days, quiet_days, reply_days, fresh_days, "
                            "start, end} est attendu"]
    assert problems({"every_days": "-1", "fresh_days": "0", "start": "9h"}) == [
        "member_outreach.every_days : '-1' illisible (nombre de jours entre 0 et 365)",
        "member_outreach.start : '9h' illisible (heure HH:MM)",
        "member_outreach.fresh_days : au moins 1 jour"]
    assert stored({"every_days": "5", "quiet_days": "0", "start": "10:00"}) == {
        "every_days": 5, "quiet_days": 0, "reply_days": 3, "fresh_days": 14, "start": "10:00", "end": "20:00"}
