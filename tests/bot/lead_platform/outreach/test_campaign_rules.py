"""The rules campaigns live by, without a database: template variables, the sending window
in the recipient's time zone, the industry priority score, the message's headers, and
which SMTP answers are bounces."""

from __future__ import annotations

import smtplib
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.mail import build_message
from bot.core.settings import Settings
from bot.lead_platform.outreach import campaigns, message, tokens
from bot.lead_platform.outreach.campaigns import CampaignError
from bot.lead_platform.outreach.metrics import industry_rows, priority_score
from bot.lead_platform.outreach.sending import permanent_code, retry_delay
from bot.lead_platform.outreach.templates import TemplateError, render, validate
from bot.lead_platform.outreach.window import Window, recipient_zone

SETTINGS = Settings(_env_file=None, home=Path("/tmp"), public_base_url="https://mb.example",  # type: ignore[call-arg]
                    outreach_domain="outreach.example", smtp_from="Matchbot <hello@mb.example>")


def test_a_template_names_only_known_variables_and_says_which_field_is_wrong() -> None:
    assert validate(name="Intro", language="en", subject="Hi {{ company | there }}",
                    body="{{personal_line}}\n{{booking_link|}}") == ["booking_link", "company", "personal_line"]
    cases = [
        ({"body": "Hello {{frist_name}}"}, "body", "unknown variable {{frist_name}}"),
        ({"subject": "Hi {{compny}}"}, "subject", "unknown variable {{compny}}"),
        ({"body": "Hello {{first_name"}, "body", "not closed"),
        ({"body": "Hello {first_name}} and }}"}, "body", "not closed"),
        ({"body": "Click here for a FREE gift"}, "body", "spam-trigger wording: click here"),
        ({"body": "PLEASE READ THIS TODAY"}, "body", "capitals"),
        ({"subject": "{{personal_line}}"}, "subject", "belongs in the body"),
        ({"language": "de"}, "language", "en or fr"),
        ({"name": ""}, "name", "required"),
        ({"body": ""}, "body", "is empty"),
    ]
    for change, field, message_part in cases:
        fields = {"name": "Intro", "language": "en", "subject": "Hi", "body": "Hello", **change}
        with pytest.raises(TemplateError) as caught:
            validate(**fields)
        assert caught.value.field == field and message_part in caught.value.message, (change, caught.value)


def test_rendering_uses_fallbacks_and_lists_what_is_missing() -> None:
    text = "Bonjour {{first_name|}},\n\n{{personal_line}}\n\n\n\nPour {{company|votre équipe}} ({{region}})."
    done = render(text, {"first_name": None, "personal_line": "", "company": "  ", "region": None})
    assert done.text == "Bonjour,\n\nPour votre équipe ()." and done.missing == ["personal_line", "region"]
    assert render("{{website}}", {"website": "https://x.example"}).text == "https://x.example"


def test_campaign_settings_are_checked_field_by_field() -> None:
    good = {"name": "N", "email_template_id": str(uuid.uuid4()), "audience": "leads", "urgencies": "Élevée",
            "follow_up_1_days": "3", "follow_up_1_template": str(uuid.uuid4()), "window_days": "5,1,1"}
    values = campaigns.read_settings(good)
    assert values["target_criteria"] == {"urgencies": ["Élevée"]} and values["window_days"] == [1, 5]
    assert values["follow_up_schedule"][0]["delay_days"] == 3
    for change, field in [({"audience": "members"}, "audience"), ({"urgencies": "Urgent"}, "urgencies"),
                          ({"follow_up_1_days": ""}, "follow_up_1"), ({"follow_up_1_days": "90"}, "follow_up_1_days"),
                          ({"timezone": "Mars/Olympus"}, "timezone"), ({"daily_cap": "0"}, "daily_cap"),
                          ({"daily_cap": "ten"}, "daily_cap"), ({"window_days": "8"}, "window_days"),
                          ({"email_template_id": "nope"}, "email_template_id"), ({"approval_mode": "x"}, "approval_mode")]:
        with pytest.raises(CampaignError) as caught:
            campaigns.read_settings({**good, **change})
        assert caught.value.field == field, (change, caught.value)


def test_the_window_opens_in_the_recipients_time_zone() -> None:
    office = Window(9, 17, (1, 2, 3, 4, 5))
    monday_noon_utc = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    assert office.opens_in(monday_noon_utc, "Europe/Paris") == 0  # 13:00 in Paris
    assert office.opens_in(monday_noon_utc, "America/Toronto") == 60 * 60  # 08:00 in Toronto: at 09:00
    friday_evening = datetime(2026, 3, 13, 17, 30, tzinfo=UTC)  # 18:30 in Paris, Friday
    assert office.opens_in(friday_evening, "Europe/Paris") == (2 * 24 + 14.5) * 3600  # Monday 09:00
    # Across the change to summer time (Paris, 29 March 2026) a waiting time is real time, not wall time.
    saturday = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    assert Window(9, 17, (7,)).opens_in(saturday, "Europe/Paris") == (24 - 13 + 9 - 1) * 3600
    assert recipient_zone({"metadata": {"timezone": "Asia/Tokyo"}, "region": "Québec"}, fallback="UTC") == "Asia/Tokyo"
    assert recipient_zone({"region": "Québec"}, fallback="UTC") == "America/Toronto"
    assert recipient_zone({"region": "Atlantis", "timezone": "Not/AZone"}, fallback="Europe/Paris") == "Europe/Paris"


def test_the_priority_score_ranks_industries_by_replies_then_opens() -> None:
    assert priority_score(contacted=100, opened=40, replied=5, overall_open=0.4, overall_reply=0.05) == 50
    better = priority_score(contacted=200, opened=80, replied=20, overall_open=0.4, overall_reply=0.05)
    assert better == 78  # twice the replies, average opens
    silent = priority_score(contacted=200, opened=0, replied=0, overall_open=0.4, overall_reply=0.05)
    assert silent == 10
    lucky = priority_score(contacted=3, opened=3, replied=2, overall_open=0.4, overall_reply=0.05)
    assert lucky == 76 and lucky < better  # three contacts are not a market
    assert priority_score(contacted=10, opened=0, replied=0, overall_open=0.0, overall_reply=0.0) == 50
    rows = industry_rows([{"industry": "a", "contacted": 10, "opened": 5, "replied": 1, "response_hours": 3.333},
                          {"industry": "b", "contacted": 10, "opened": 1, "replied": 0, "response_hours": None}])
    assert rows[0]["open_rate"] == 50.0 and rows[0]["response_hours"] == 3.33
    assert rows[0]["priority"] > rows[1]["priority"]


def test_the_message_carries_its_token_unsubscribe_headers_footer_and_tracked_links() -> None:
    email_id = uuid.uuid4()
    out = message.build(SETTINGS, email_id=email_id, to="a@b.example", subject="Hi", language="fr",
                        body="Bonjour,\n\nRéservez : https://cal.example/x?a=1&b=2\n\nMatchbot",
                        business="Agence Cœur", postal_address="1 rue X, Paris", in_reply_to="<prev@outreach.example>")
    token = tokens.make_token(SETTINGS.secret_key.get_secret_value(), email_id)
    assert out.message_id == f"<{token}@outreach.example>" and out.reply_to == f"reply+{token}@outreach.example"
    bounce = tokens.make_token(SETTINGS.secret_key.get_secret_value(), email_id, purpose="bounce")
    assert out.envelope_sender == f"bounce+{bounce}@outreach.example"  # the bounce domain defaults to it
    assert out.headers["List-Unsubscribe"] == (f"<mailto:reply+{token}@outreach.example?subject=unsubscribe>, "
                                               f"<https://mb.example/t/u/{token}>")
    assert out.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert out.headers["In-Reply-To"] == out.headers["References"] == "<prev@outreach.example>"
    assert out.sender == "=?utf-8?q?Agence_C=C5=93ur?= <hello@mb.example>"  # the client's name, our address
    assert "Agence Cœur · 1 rue X, Paris" in out.text and "désinscrire" in out.text
    assert f"https://mb.example/t/u/{token}" in out.text and "https://cal.example/x?a=1&b=2" in out.text
    signature = tokens.url_signature(SETTINGS.secret_key.get_secret_value(), email_id, "https://cal.example/x?a=1&b=2")
    assert (f'href="https://mb.example/t/c/{token}?u=https%3A%2F%2Fcal.example%2Fx%3Fa%3D1%26b%3D2&amp;s={signature}"'
            in out.html)
    assert f'<a href="https://mb.example/t/u/{token}">' in out.html  # unsubscribing is never a tracked click
    assert f'<img src="https://mb.example/t/o/{token}.gif" width="1" height="1" alt="">' in out.html
    built = build_message(sender=out.sender, to=out.to, subject=out.subject, text=out.text, html=out.html,
                          reply_to=out.reply_to, message_id=out.message_id, headers=out.headers)
    assert built["List-Unsubscribe"] == out.headers["List-Unsubscribe"]  # not folded into encoded words
    assert built["Message-ID"] == out.message_id


def test_only_a_permanent_refusal_is_a_bounce() -> None:
    assert permanent_code(smtplib.SMTPRecipientsRefused({"a@b": (550, b"no such user")})) == 550
    assert permanent_code(smtplib.SMTPRecipientsRefused({"a@b": (450, b"mailbox busy")})) is None
    assert permanent_code(smtplib.SMTPDataError(554, b"rejected")) == 554
    assert permanent_code(smtplib.SMTPDataError(451, b"try later")) is None
    assert permanent_code(smtplib.SMTPServerDisconnected("gone")) is None
    assert [retry_delay(n) for n in (1, 2, 3, 8)] == [60, 120, 240, 3600]
