"""Photos and files members send, fetched from their provider with the server's credentials.

The console shows them through its own authenticated route: the page never holds a
provider URL or credential. Twilio media URLs need the account's basic auth (then redirect
to short-lived storage, where httpx drops the credentials); Meta media is an id to look up
on the Graph API, then a download with the same bearer token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from bot.channels.twilio import TWILIO_API
from bot.core.settings import Settings
from bot.store.inbound import MemberMedia

MAX_BYTES = 16 * 1024 * 1024  # WhatsApp's own ceiling for audio and video (images: 5 MB)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MIME = re.compile(r"[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*")
META_MEDIA_ID = re.compile(r"[0-9]{1,40}")


class MediaUnavailable(Exception):
    """The attachment cannot be served; `status` is the HTTP status the console answers."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Media:
    content: bytes
    content_type: str


def fetch_media(settings: Settings, stored: MemberMedia) -> Media:
    """The bytes of a member's attachment, from the provider that received it."""
    if stored.channel == "twilio" and stored.url:
        return _twilio(settings, stored.url, stored.content_type)
    if stored.channel == "meta" and stored.media_id:
        return _meta(settings, stored.media_id, stored.content_type)
    raise MediaUnavailable(404, "no provider media")


def _twilio(settings: Settings, url: str, stored_type: str | None) -> Media:
    sid, token = settings.twilio_account_sid, settings.twilio_auth_token
    if not (sid and token):
        raise MediaUnavailable(503, "Twilio is not configured")
    # Credentials go only to this account's media on Twilio's API, whatever the stored URL says.
    media_path = re.compile(rf"/2010-04-01/Accounts/{re.escape(sid)}/Messages/[A-Z]{{2}}[0-9a-fA-F]{{32}}"
                            r"/Media/ME[0-9a-fA-F]{32}")
    path = url.removeprefix(TWILIO_API)
    if not url.startswith(TWILIO_API + "/") or not media_path.fullmatch(path):
        raise MediaUnavailable(404, "not a media URL of this Twilio account")
    base = (settings.twilio_base_url or TWILIO_API).rstrip("/")
    with httpx.Client(timeout=TIMEOUT, auth=(sid, token.get_secret_value()), follow_redirects=True) as http:
        return _download(http, base + path, stored_type)


def _meta(settings: Settings, media_id: str, stored_type: str | None) -> Media:
    token = settings.meta_access_token
    if not token:
        raise MediaUnavailable(503, "Meta Cloud API is not configured")
    if not META_MEDIA_ID.fullmatch(media_id):
        raise MediaUnavailable(404, "not a Meta media id")
    headers = {"Authorization": f"Bearer {token.get_secret_value()}"}
    with httpx.Client(timeout=TIMEOUT, headers=headers, follow_redirects=True) as http:
        try:
            found = http.get(f"{settings.meta_graph_url.rstrip('/')}/{media_id}")
        except httpx.HTTPError as exc:
            raise MediaUnavailable(502, f"Meta Graph API unreachable: {exc}") from None
        _check(found, "Meta Graph API")
        try:
            info = found.json()
        except ValueError:
            info = None
        url = info.get("url") if isinstance(info, dict) else None
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise MediaUnavailable(502, "Meta Graph API gave no media URL")
        kind = info.get("mime_type") if isinstance(info, dict) else None
        return _download(http, url, kind if isinstance(kind, str) else stored_type)


def _download(http: httpx.Client, url: str, stored_type: str | None) -> Media:
    """GET the media, at most MAX_BYTES, with the type the provider gives (else the stored one)."""
    try:
        with http.stream("GET", url) as response:
            _check(response, "provider")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise MediaUnavailable(502, f"media larger than {MAX_BYTES // (1024 * 1024)} MB")
                chunks.append(chunk)
            given = response.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise MediaUnavailable(502, f"provider unreachable: {exc}") from None
    declared = (stored_type or "").split(";")[0].strip().lower()
    kind = next((t for t in (given, declared) if MIME.fullmatch(t) and t != "application/octet-stream"),
                "application/octet-stream")
    return Media(content=b"".join(chunks), content_type=kind)


def _check(response: httpx.Response, who: str) -> None:
    """Gone media is a 404; anything else the provider refuses is its failure (502)."""
    if response.status_code in (404, 410):
        raise MediaUnavailable(404, f"{who}: media no longer available")
    if response.status_code >= 400:
        raise MediaUnavailable(502, f"{who} answered {response.status_code}")
