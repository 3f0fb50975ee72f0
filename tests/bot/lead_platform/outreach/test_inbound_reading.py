"""Reading inbound e-mails without a database: kinds, bounce reports, matching tokens; user agents."""

from __future__ import annotations

import uuid

import pytest

from bot.lead_platform.outreach.inbound import read
from bot.lead_platform.outreach.tokens import make_token
from bot.lead_platform.outreach.user_agents import classify
from bot.lead_platform.store.inbound_emails import InboundEmail

SECRET = "test-secret"
EMAIL = uuid.uuid4()
TOKEN = make_token(SECRET, EMAIL)


def message(**fields: object) -> InboundEmail:
    values: dict[str, object] = {"id": uuid.uuid4(), "provider": "mailgun", "provider_token": "t",
                                 "recipient": "sales@outreach.localhost", "sender": "awa@prospect.example",
                                 "from_header": "Awa <awa@prospect.example>", "body_plain": "Bonjour"}
    values.update(fields)
    return InboundEmail(**values)  # type: ignore[arg-type]


def test_a_reply_is_matched_by_its_address_among_several() -> None:
    reading = read(message(recipient=f"Team <team@x.example>, reply+{TOKEN}@outreach.localhost"), secret=SECRET)
    assert (reading.kind, reading.email_id, reading.matched_by) == ("reply", EMAIL, "recipient")
    forged = make_token("another-secret", EMAIL)
    assert read(message(recipient=f"reply+{forged}@outreach.localhost"), secret=SECRET).email_id is None
    # An e-mail's token does not pass for a form test's, nor the other way round.
    assert read(message(recipient=f"formtest+{TOKEN}@outreach.localhost"), secret=SECRET).kind == "reply"


def test_a_mailer_daemon_notice_without_a_report_is_a_bounce_matched_by_the_quoted_message_id() -> None:
    notice = message(sender="", from_header="MAILER-DAEMON@mx.example (Mail Delivery System)",
                     subject="Undelivered Mail Returned to Sender",
                     body_plain=f"I'm sorry to have to inform you...\n550 5.1.1 user unknown\n\n"
                                f"Message-ID: <{TOKEN}@outreach.localhost>\n")
    reading = read(notice, secret=SECRET)
    assert (reading.kind, reading.email_id, reading.matched_by) == ("bounce", EMAIL, "report")
    assert reading.bounce is not None and reading.bounce.status == "5.1.1"


def test_a_report_with_a_temporary_status_is_a_delay() -> None:
    notice = message(sender="", headers=[["X-Failed-Recipients", "slow@x.example"]],
                     body_plain="Delivery delayed: 4.4.1 connection timed out, will retry",
                     recipient=f"reply+{TOKEN}@outreach.localhost")
    reading = read(notice, secret=SECRET)
    assert (reading.kind, reading.email_id, reading.matched_by) == ("delay", EMAIL, "recipient")
    assert reading.bounce is not None and reading.bounce.recipients == ("slow@x.example",)


def test_the_envelope_sender_names_its_email_whatever_the_report_quotes() -> None:
    bounce_to = f"bounce+{make_token(SECRET, EMAIL, purpose='bounce')}@bounces.example"
    other = make_token(SECRET, uuid.uuid4())
    report = message(recipient=bounce_to, sender="<>", report="Action: failed\nStatus: 5.1.1\n",
                     body_plain=f"Undeliverable.\nMessage-ID: <{other}@outreach.localhost>\n")
    reading = read(report, secret=SECRET)
    assert (reading.kind, reading.email_id, reading.matched_by) == ("bounce", EMAIL, "envelope")
    # Autoresponders answer the envelope sender too (RFC 3834): an out-of-office is no bounce.
    away = read(message(recipient=bounce_to, subject="Absent du bureau", headers=[["Auto-Submitted", "auto-replied"]]),
                secret=SECRET)
    assert (away.kind, away.email_id, away.matched_by) == ("auto_reply", EMAIL, "envelope")
    # The reply token under the bounce prefix (anyone who got the e-mail could write it) names nothing.
    swapped = read(message(recipient=f"bounce+{TOKEN}@bounces.example", sender="<>", report="Action: failed\n"),
                   secret=SECRET)
    assert (swapped.kind, swapped.email_id) == ("bounce", None)


@pytest.mark.parametrize(("fields", "kind"), [
    ({"headers": [["Auto-Submitted", "auto-replied"]]}, "auto_reply"),
    ({"headers": [["Auto-Submitted", "no"]]}, "reply"),
    ({"subject": "Réponse automatique : Une question"}, "auto_reply"),
    ({"subject": "RE: Automatic reply: A question"}, "auto_reply"),
    ({"headers": [["X-Autoreply", "yes"]]}, "auto_reply"),
    ({"subject": "Re: Une question", "stripped_text": "STOP"}, "unsubscribe"),
    ({"subject": "unsubscribe", "body_plain": ""}, "unsubscribe"),
    ({"subject": "Re: Une question", "stripped_text": "Stop, pas avant lundi : je suis en congés."}, "reply"),
])
def test_what_kind_of_message(fields: dict[str, object], kind: str) -> None:
    assert read(message(in_reply_to=f"<{TOKEN}@outreach.localhost>", **fields), secret=SECRET).kind == kind


@pytest.mark.parametrize(("agent", "kind", "machine"), [
    ("Mozilla/5.0", "apple_proxy", True),
    ("Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", "gmail_proxy", False),
    ("YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html", "yahoo_proxy", False),
    ("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5422; Pro)", "outlook", False),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)", "apple_mail", False),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
     "browser", False),
    ("python-requests/2.32", "scanner", True),
    ("Barracuda Sentinel (EE)", "scanner", True),
    ("", "unknown", False),
])
def test_user_agents(agent: str, kind: str, machine: bool) -> None:
    assert (classify(agent).kind, classify(agent).machine) == (kind, machine)
