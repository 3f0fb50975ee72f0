"""Twilio WhatsApp: `messages.create` through the official SDK.

Twilio's WhatsApp sender has no free-form interactive messages, so choices go as a
numbered plain-text list unless the purpose has an approved (quick-reply) content
template. `TWILIO_BASE_URL` points the SDK's own HTTP client at another server (the tests'
and benchmarks' local stand-in, or a regional edge).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.channels.base import ChannelError, SendResult
from bot.channels.render import TEXT_MAX, Outgoing, numbered_text
from bot.core.settings import Settings

log = logging.getLogger(__name__)

# A cut-off attempt is looked up among the member's latest messages (one page), created no
# earlier than the outbound row, give or take the two clocks' difference (Twilio's dates are
# to the second).
LOOKUP_PAGE = 50
CLOCK_SKEW = timedelta(minutes=2)

TWILIO_API = "https://api.twilio.com"
# Twilio error codes worth a clearer line in the console.
KNOWN_ERRORS = {
    21211: "invalid 'To' number",
    21408: "permission to send to this region is not enabled",
    21610: "the member blocked the sender (STOP)",
    63016: "outside the 24-hour window: only an approved template can be sent",
}


class RebasedHttpClient(TwilioHttpClient):
    """The SDK's own HTTP client, talking to another base URL (a local stand-in)."""

    def __init__(self, base_url: str, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")

    def request(self, method, uri, *args, **kwargs) -> Response:
        if uri.startswith(TWILIO_API):
            uri = self.base_url + uri[len(TWILIO_API):]
        return super().request(method, uri, *args, **kwargs)


class TwilioChannel:
    """Sends through Twilio's REST API from the configured WhatsApp sender."""

    name = "twilio"

    def __init__(self, settings: Settings) -> None:
        if not (settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_whatsapp_from):
            raise ChannelError(
                "Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM)",
                transient=False, code="not_configured",
            )
        # Short: a delivery thread waits this long per attempt on an unreachable API, and
        # the queue retries later (Twilio answers messages.create in well under a second).
        timeout = settings.provider_timeout_seconds
        http_client = (RebasedHttpClient(settings.twilio_base_url, timeout=timeout) if settings.twilio_base_url
                       else TwilioHttpClient(timeout=timeout))
        self.client = Client(
            settings.twilio_account_sid, settings.twilio_auth_token.get_secret_value(),
            http_client=http_client,
        )
        sender = settings.twilio_whatsapp_from
        self.sender = sender if sender.startswith("whatsapp:") else f"whatsapp:{sender}"
        base = (settings.public_base_url or "").rstrip("/")
        self.status_callback = f"{base}/webhooks/twilio/status" if base else None

    def send(self, *, address: str, message: Outgoing, message_id: int) -> SendResult:
        """One `messages.create`; 429/5xx/network errors are transient, other 4xx permanent."""
        kwargs: dict[str, object] = {"to": f"whatsapp:{address}", "from_": self.sender}
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        if message.template:
            kwargs["content_sid"] = message.template["content_sid"]
            variables = message.template.get("values") or []
            if variables:
                kwargs["content_variables"] = json.dumps(
                    {str(n): str(v) for n, v in enumerate(variables, start=1)}, ensure_ascii=False
                )
        else:
            kwargs["body"] = numbered_text(message.text, message.choices)[:TEXT_MAX]
            if message.media:
                kwargs["media_url"] = message.media[:10]
        try:
            created = self.client.messages.create(**kwargs)
        except TwilioRestException as exc:
            raise _classify(exc.status, exc.code, exc.msg) from None
        except TwilioException as exc:
            status = getattr(exc, "status", None)
            if isinstance(status, int):
                raise _classify(status, getattr(exc, "code", None), str(exc)) from None
            raise ChannelError(f"Twilio: {exc}", transient=True) from None
        except OSError as exc:  # requests' connection errors derive from OSError
            raise ChannelError(f"Twilio unreachable: {exc}", transient=True) from None
        return SendResult(provider_message_id=created.sid, status=_status(created.status))

    def sent_since(self, *, address: str, message: Outgoing, since: datetime) -> list[SendResult]:
        """Messages already created for this address with this text since `since` (Twilio's
        `messages.list`, newest first, one page), oldest first. Twilio takes no idempotency
        key, so this is how a retry learns that a cut-off attempt got through. A template's
        text is Twilio's own: not comparable, never found."""
        if message.template:
            return []
        body = numbered_text(message.text, message.choices)[:TEXT_MAX]
        try:
            listed = self.client.messages.list(to=f"whatsapp:{address}", from_=self.sender, limit=LOOKUP_PAGE)
        except TwilioRestException as exc:
            raise _classify(exc.status, exc.code, exc.msg) from None
        except (TwilioException, OSError) as exc:
            raise ChannelError(f"Twilio: {exc}", transient=True) from None
        earliest = since - CLOCK_SKEW
        found = [m for m in listed if m.body == body and isinstance(m.date_created, datetime)
                 and m.date_created >= earliest]
        return [SendResult(provider_message_id=m.sid, status=_status(m.status))
                for m in sorted(found, key=lambda m: m.date_created)]


def _classify(status: int, code: int | None, msg: str) -> ChannelError:
    reason = KNOWN_ERRORS.get(code or 0, msg.strip().splitlines()[0] if msg.strip() else "error")
    text = f"Twilio {code or status}: {reason}"
    return ChannelError(text, transient=status == 429 or status >= 500, code=str(code or status))


def _status(raw: object) -> str:
    value = str(getattr(raw, "value", raw) or "queued")
    return value if value in {"accepted", "scheduled", "queued", "sending", "sent", "delivered"} else "queued"
