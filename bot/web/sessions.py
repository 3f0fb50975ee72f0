"""Sessions of the server-rendered areas: a signed cookie, and a server-side row that can end.

The cookie (HttpOnly, SameSite=Lax, HMAC-SHA256 over a JSON payload) carries the small
per-browser state (CSRF token, flash messages) and, once signed in, a random token. Whether
that token still signs anyone in is the `web_sessions` table's answer (bot/store/sessions.py):
logout, a password change or a deactivation end sessions there, whatever copies of the
cookie exist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bot.core.connections import Conn
from bot.store import sessions as store
from bot.store.sessions import WebSession

SID = "sid"  # the session's key holding the server-side session's token


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs and verifies small JSON payloads with a timestamp (like itsdangerous)."""

    def __init__(self, secret: str, *, salt: str) -> None:
        self._key = hashlib.sha256(f"{salt}\x00{secret}".encode()).digest()

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    def dumps(self, data: dict[str, Any], *, now: float | None = None) -> str:
        """A token carrying `data` and the signing time."""
        body = _b64(json.dumps({"d": data, "t": int(now or time.time())}, separators=(",", ":")).encode())
        return f"{body}.{self._mac(body)}"

    def loads(self, token: str, *, max_age: float, now: float | None = None) -> dict[str, Any] | None:
        """The payload, or None when the token is forged, malformed or older than max_age."""
        body, _, mac = token.partition(".")
        if not body or not mac or not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            wrapped = json.loads(_unb64(body))
            data, signed_at = wrapped["d"], float(wrapped["t"])
        except (ValueError, KeyError, TypeError):
            return None
        if not isinstance(data, dict) or (now or time.time()) - signed_at > max_age:
            return None
        return data


@dataclass
class Session:
    """The decoded session of one request; `modified` makes the response re-set it."""

    data: dict[str, Any] = field(default_factory=dict)
    modified: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.modified = True

    def pop(self, key: str, default: Any = None) -> Any:
        if key in self.data:
            self.modified = True
        return self.data.pop(key, default)

    def clear(self) -> None:
        self.data.clear()
        self.modified = True


class SessionManager:
    """One named session cookie and its server-side sessions; each web area has its own name and path.

    `max_age` is a signed-in session's absolute lifetime, `idle` how long it lasts unused.
    """

    def __init__(self, secret: str, *, cookie_name: str, path: str = "/", max_age: int = 43200,
                 idle: int = 7200, secure: bool = False) -> None:
        self.signer = Signer(secret, salt=f"session:{cookie_name}")
        self.cookie_name = cookie_name
        self.path = path
        self.max_age = max_age
        self.idle = timedelta(seconds=idle)
        self.secure = secure

    def load(self, request: Request) -> Session:
        """The request's session (cached on request.state), empty when absent or invalid."""
        cached = getattr(request.state, f"session_{self.cookie_name}", None)
        if cached is not None:
            return cached
        token = request.cookies.get(self.cookie_name, "")
        data = self.signer.loads(token, max_age=self.max_age) if token else None
        session = Session(data=data or {})
        setattr(request.state, f"session_{self.cookie_name}", session)
        return session

    def save(self, response: Response, session: Session) -> None:
        """Write the cookie back (HttpOnly, SameSite=Lax, Secure in production)."""
        response.set_cookie(
            self.cookie_name,
            self.signer.dumps(session.data),
            max_age=self.max_age,
            path=self.path,
            httponly=True,
            samesite="lax",
            secure=self.secure,
        )

    def commit(self, request: Request, response: Response) -> Response:
        """Save the session on the response when it changed during the request."""
        session = self.load(request)
        if session.modified:
            self.save(response, session)
        return response

    def sign_in(
        self, conn: Conn, request: Request, *, admin_id: int | None = None, client_id: uuid.UUID | None = None
    ) -> Session:
        """Start a server-side session for one account, with a new token (fixation-proof).

        The browser's previous session, if any, ends; the cookie data starts empty.
        """
        session = self.load(request)
        previous = session.get(SID)
        if isinstance(previous, str):
            store.revoke(conn, previous)
        session.clear()
        token = secrets.token_urlsafe(32)
        store.create(conn, token=token, lifetime=timedelta(seconds=self.max_age),
                     user_agent=request.headers.get("user-agent"), admin_id=admin_id, client_id=client_id)
        session[SID] = token
        self._cache(request).pop(self.cookie_name, None)
        return session

    def live(self, conn: Conn, request: Request) -> WebSession | None:
        """The request's server-side session while it is live (looked up once per request)."""
        cache = self._cache(request)
        if self.cookie_name not in cache:
            token = self.load(request).get(SID)
            cache[self.cookie_name] = (
                store.find_live(conn, token, idle=self.idle) if isinstance(token, str) and token else None
            )
        return cache[self.cookie_name]

    def current_id(self, request: Request) -> bytes | None:
        """The id of the request's server-side session (the one a password change keeps)."""
        token = self.load(request).get(SID)
        return store.session_id(token) if isinstance(token, str) and token else None

    def sign_out(self, conn: Conn, request: Request) -> None:
        """End this browser's server-side session and empty its cookie."""
        session = self.load(request)
        token = session.get(SID)
        if isinstance(token, str):
            store.revoke(conn, token)
        session.clear()
        self._cache(request).pop(self.cookie_name, None)

    @staticmethod
    def _cache(request: Request) -> dict[str, WebSession | None]:
        cache = getattr(request.state, "live_sessions", None)
        if cache is None:
            cache = {}
            request.state.live_sessions = cache
        return cache
