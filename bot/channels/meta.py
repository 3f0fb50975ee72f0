"""Meta WhatsApp Cloud API: `POST {graph}/{phone_number_id}/messages` with httpx.

Reply buttons and list pickers are sent as interactive messages (validated and
truncated in render.py); photos go first as image messages, then the text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from bot.channels.base import ChannelError, SendResult, is_phone
from bot.channels.render import Outgoing, meta_image_payload, meta_payload
from bot.core.settings import Settings

# Cloud API error codes that mean "slow down" (retry later) rather than "never".
RATE_LIMIT_CODES = {4, 80007, 130429, 131048, 131056}
KNOWN_ERRORS = {
    131047: "outside the 24-hour window: only an approved template can be sent",
    131026: "message undeliverable (not a WhatsApp user or old app)",
    131051: "unsupported message type",
    132001: "template does not exist or is not approved in this language",
}


class MetaChannel:
    """Sends through the Graph API with the configured phone number id and token."""

    name = "meta"

    def __init__(self, settings: Settings) -> None:
        if not (settings.meta_access_token and settings.meta_phone_number_id):
            raise ChannelError(
                "Meta Cloud API is not configured (META_ACCESS_TOKEN, META_PHONE_NUMBER_ID)",
                transient=False, code="not_configured",
            )
        self.url = f"{settings.meta_graph_url.rstrip('/')}/{settings.meta_phone_number_id}/messages"
        self.http = httpx.Client(
            timeout=settings.provider_timeout_seconds,  # short: a failed attempt is retried from the queue
            headers={"Authorization": f"Bearer {settings.meta_access_token.get_secret_value()}"},
        )

    def close(self) -> None:
        self.http.close()

    def sent_since(self, *, address: str, message: Outgoing, since: datetime) -> list[SendResult]:
        return []  # the Cloud API cannot list the messages sent: a cut-off attempt is sent again

    def send(self, *, address: str, message: Outgoing, message_id: int) -> SendResult:
        """Photos, then the message itself; the id kept is the message's own wamid."""
        # A phone number goes as `to` (digits); a business-scoped user id as `recipient`.
        recipient = {"to": address[1:]} if is_phone(address) else {"recipient": address}
        if not message.template:
            for url in message.media[:10]:
                self._post(meta_image_payload(recipient, url))
        answer = self._post(meta_payload(recipient, message))
        ids = [m.get("id") for m in answer.get("messages") or [] if isinstance(m, dict)]
        return SendResult(provider_message_id=ids[0] if ids else None, status="sent")

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.http.post(self.url, json=body)
        except httpx.HTTPError as exc:
            raise ChannelError(f"Meta Graph API unreachable: {exc}", transient=True) from None
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code < 400:
            return data if isinstance(data, dict) else {}
        error = data.get("error") if isinstance(data, dict) else None
        error = error if isinstance(error, dict) else {}
        code = error.get("code")
        reason = (KNOWN_ERRORS.get(code) if isinstance(code, int) else None) or error.get("message") \
            or response.reason_phrase
        transient = response.status_code == 429 or response.status_code >= 500 or code in RATE_LIMIT_CODES
        raise ChannelError(f"Meta {code or response.status_code}: {reason}", transient=transient,
                           code=str(code or response.status_code))
