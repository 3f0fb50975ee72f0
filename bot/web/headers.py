"""Security headers: no page of ours in a frame, and signed-in pages that run only our own files.

Every answer gets `X-Frame-Options: DENY` (clickjacking) and `nosniff`. The console and
the dashboard also get a Content-Security-Policy: their templates have no inline script,
style or event handler, so only same-origin scripts, styles, fetches and form targets
are allowed; images may come from any HTTPS host because catalogue photos are URLs
elsewhere. A pure ASGI middleware: the webhooks' hot path pays two header appends.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
))
EVERY_ANSWER = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}
PAGES = {**EVERY_ANSWER, "Content-Security-Policy": CONTENT_SECURITY_POLICY, "Referrer-Policy": "same-origin"}
PAGE_PREFIXES = ("/admin", "/dashboard")


def _is_page(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PAGE_PREFIXES)


class SecurityHeaders:
    """Adds the headers above to each response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = PAGES if _is_page(scope["path"]) else EVERY_ANSWER

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
