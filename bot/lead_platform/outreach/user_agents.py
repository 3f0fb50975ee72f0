"""Who fetched a tracking pixel or followed a link: a person's mail client, or a machine.

An open pixel loaded is not proof that someone read the e-mail. Apple Mail Privacy
Protection fetches every image of a message through Apple's proxy when it arrives
(user agent exactly "Mozilla/5.0"), and corporate security gateways fetch pixels and
follow links to scan them. Such hits are still recorded, flagged `machine`, so that
metrics can leave them out; Gmail's and Yahoo's image proxies fetch when the message
is opened, so theirs count as people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

APPLE_PRIVACY_PROXY = "Mozilla/5.0"
_SCANNERS = re.compile(
    r"bot\b|crawler|spider|scanner|barracuda|mimecast|proofpoint|forcepoint|symantec|trend ?micro|"
    r"safelinks|microsoft office protocol discovery|python-|curl/|wget/|go-http-client|okhttp|java/|"
    r"headless|phantomjs|httpclient|libwww",
    re.IGNORECASE,
)
_CLIENTS = (
    ("gmail_proxy", re.compile(r"GoogleImageProxy", re.IGNORECASE)),
    ("yahoo_proxy", re.compile(r"YahooMailProxy", re.IGNORECASE)),
    ("outlook", re.compile(r"Microsoft Outlook|ms-office|MSOffice|Outlook-", re.IGNORECASE)),
    ("thunderbird", re.compile(r"Thunderbird", re.IGNORECASE)),
    ("browser", re.compile(r"Edg/|Chrome/|Firefox/|Safari/|OPR/", re.IGNORECASE)),
    # Apple Mail on macOS and iOS without the proxy: WebKit without a browser's name.
    ("apple_mail", re.compile(r"AppleWebKit/", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Agent:
    """A user agent's class (recorded with the event) and whether a machine made the hit."""

    kind: str
    machine: bool


def classify(user_agent: str | None) -> Agent:
    """The class of a User-Agent header ('unknown' when empty or unrecognised)."""
    text = (user_agent or "").strip()
    if not text:
        return Agent("unknown", machine=False)
    if text == APPLE_PRIVACY_PROXY:
        return Agent("apple_proxy", machine=True)
    if _SCANNERS.search(text):
        return Agent("scanner", machine=True)
    for kind, pattern in _CLIENTS:
        if pattern.search(text):
            return Agent(kind, machine=False)
    return Agent("unknown", machine=False)
