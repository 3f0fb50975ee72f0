"""CSRF tokens: one random token per session, checked on every POST form."""

from __future__ import annotations

import hmac
import secrets

from bot.web.sessions import Session


def csrf_token(session: Session) -> str:
    """The session's token, created on first use."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_valid(session: Session, submitted: object) -> bool:
    """True when the submitted token matches the session's (constant-time)."""
    expected = session.get("csrf")
    if not isinstance(expected, str) or not isinstance(submitted, str) or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


def rotate(session: Session) -> str:
    """A fresh token (after login, so a token seen before login is worthless)."""
    session.pop("csrf")
    return csrf_token(session)
