"""A prospect's website, written one way, so that a business is one prospect however it was typed.

`normalise_website` gives `scheme://host[:port][/path]` (https when no scheme was typed,
host lower-case and IDNA-encoded, no query, fragment or trailing slash); `site_key` is the
identity the database's unique constraint compares (migration 0014's generated column):
the same without scheme and "www.".
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

MAX_LENGTH = 500  # prospect_candidates.website
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_KEY_PREFIX = re.compile(r"^https?://(www\.)?", re.IGNORECASE)


class InvalidWebsite(ValueError):
    """Not a website a prospect can have; the message says why."""


def _host(raw: str) -> str:
    host = raw.strip(".").lower()
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidWebsite(f"{raw!r} is not a valid host name") from None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise InvalidWebsite(f"{raw!r} is not a host name such as example.com")
    return host


def normalise_website(raw: str) -> str:
    """The website as stored; raises InvalidWebsite with the reason."""
    text = raw.strip()
    if not text:
        raise InvalidWebsite("is empty")
    if any(c.isspace() for c in text):
        raise InvalidWebsite(f"{text[:60]!r} contains spaces")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidWebsite(f"{raw[:60]!r} is not an http(s) address")
    if parts.username or parts.password:
        raise InvalidWebsite(f"{raw[:60]!r} contains a user name or password")
    if not parts.hostname:
        raise InvalidWebsite(f"{raw[:60]!r} has no host name")
    try:
        port = parts.port
    except ValueError:
        raise InvalidWebsite(f"{raw[:60]!r} has an invalid port") from None
    scheme = parts.scheme.lower()
    host = _host(parts.hostname)
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[scheme]
    netloc = host if port in (None, default) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    website = f"{scheme}://{netloc}{path}"
    if len(website) > MAX_LENGTH:
        raise InvalidWebsite(f"is longer than {MAX_LENGTH} characters")
    return website


def site_key(website: str) -> str:
    """What makes two websites the same prospect (as migration 0014 computes it)."""
    return _KEY_PREFIX.sub("", website).lower().rstrip("/")


def name_from_website(website: str) -> str:
    """A business name to start with when only the website is known: `boulangerie-durand.fr` → Boulangerie Durand."""
    host = (urlsplit(website).hostname or website).removeprefix("www.")
    stem = host.split(".")[0] if not host.replace(".", "").isdigit() else host
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", stem) if word) or host
