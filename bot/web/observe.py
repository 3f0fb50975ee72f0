"""Every request gets an id for its log lines; webhook answers are counted for /metrics.

The id comes from the caller's `X-Request-ID` when it is a sane token (a load balancer's,
so one id follows the request through both logs), else a fresh one; it is echoed back
in the response. A pure ASGI middleware: the webhooks' hot path pays a header and a
counter.
"""

from __future__ import annotations

import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.core.log_context import log_context
from bot.core.metrics import WEBHOOK_ACKS, WEBHOOK_SECONDS

REQUEST_ID_HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")
PROVIDERS = ("twilio", "meta")  # a fixed set: the path must not choose label values


def request_id(given: str | None) -> str:
    """The caller's request id when it is a short plain token, else a new one."""
    return given if given and SANE_ID.fullmatch(given) else uuid.uuid4().hex


def webhook_provider(path: str) -> str | None:
    """"twilio" or "meta" for their webhook paths, None for any other path."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[1] == "webhooks" and parts[2] in PROVIDERS:
        return parts[2]
    return None


class RequestObserver:
    """Binds the request id for logging, echoes it, and counts webhook answers by provider and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        provider = webhook_provider(scope["path"])
        started, status = time.perf_counter(), 500  # an exception that escapes is answered 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = rid
            await send(message)

        with log_context(request_id=rid, lead_id=None, private=()):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                if provider is not None:
                    WEBHOOK_ACKS.labels(provider, str(status)).inc()
                    WEBHOOK_SECONDS.labels(provider).observe(time.perf_counter() - started)
