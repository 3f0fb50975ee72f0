"""Signed tokens in outreach links and addresses: what a tracking hit or a reply refers to.

Every link and reply address of an outreach e-mail names it by a token: the e-mail's (or
form test's) id and an HMAC of it under the service's secret key, so a token cannot be
forged or walked, and a tampered one reads as None (the routes answer 404). A click link
also signs the destination URL with the e-mail id: the redirect goes only to a URL that
e-mail contained, never anywhere a stranger writes in the query string.

Shapes (the tracking routes under webhooks/ and the sender agree on these):
- open pixel        GET  {PUBLIC_BASE_URL}/t/o/{token}.gif
- click             GET  {PUBLIC_BASE_URL}/t/c/{token}?u={url}&s={url_signature(url)}
- unsubscribe       GET  {PUBLIC_BASE_URL}/t/u/{token}   (page, one button)
                    POST {PUBLIC_BASE_URL}/t/u/{token}   (RFC 8058 one-click)
- reply address     reply+{token}@{outreach domain};   Message-ID <{token}@{outreach domain}>
- envelope sender   bounce+{token}@{bounce domain}      (VERP: bounce reports are delivered to it)
- form-test address formtest+{token}@{outreach domain}  (token of the prospect_form_tests id)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid

_SIG_BYTES = 12
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{16}$")
REPLY_PREFIX = "reply"
BOUNCE_PREFIX = "bounce"
FORM_TEST_PREFIX = "formtest"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, purpose: str, *parts: bytes) -> bytes:
    digest = hmac.new(secret.encode(), purpose.encode() + b"\0" + b"\0".join(parts), hashlib.sha256)
    return digest.digest()[:_SIG_BYTES]


def make_token(secret: str, item_id: uuid.UUID | str, *, purpose: str = "email") -> str:
    """`<id>.<signature>`, URL- and address-safe (lower- and upper-case letters, digits, - and _).

    `purpose` keeps an e-mail's token from being replayed as a form test's and back.
    """
    raw = uuid.UUID(str(item_id)).bytes
    return f"{_b64(raw)}.{_b64(_mac(secret, purpose, raw))}"


def read_token(secret: str, token: str, *, purpose: str = "email") -> uuid.UUID | None:
    """The id a genuine token names; None for anything forged, truncated or of another purpose."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    head, sig = token.split(".")
    try:
        raw, given = _unb64(head), _unb64(sig)
    except (ValueError, TypeError):
        return None
    if len(raw) != 16 or not hmac.compare_digest(given, _mac(secret, purpose, raw)):
        return None
    return uuid.UUID(bytes=raw)


def url_signature(secret: str, item_id: uuid.UUID | str, url: str) -> str:
    """Signature that binds a click destination to one e-mail."""
    return _b64(_mac(secret, "click", uuid.UUID(str(item_id)).bytes, url.encode("utf-8")))


def url_signature_ok(secret: str, item_id: uuid.UUID, url: str, signature: str) -> bool:
    return isinstance(signature, str) and hmac.compare_digest(signature, url_signature(secret, item_id, url))


def address_token(local_part: str) -> tuple[str, str] | None:
    """('reply' | 'bounce' | 'formtest', token) from an address's local part such as `reply+<token>`."""
    prefix, sep, token = local_part.partition("+")
    if not sep or prefix.lower() not in (REPLY_PREFIX, BOUNCE_PREFIX, FORM_TEST_PREFIX):
        return None
    return prefix.lower(), token
