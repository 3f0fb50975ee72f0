"""Text PostgreSQL cannot store, refused at the door with a 422 that names the field.

A NUL character in a query string (`?q=%00`), a form field or a JSON string used to
reach SQL and come back as a psycopg.DataError, a 500; a lone surrogate fails to
encode the same way. `refuse_unstorable_text` is one app-wide dependency that checks
the path, the query string and every form field or JSON string of the body FastAPI
parsed for the route. Routes that read their raw body themselves (the WhatsApp
webhooks, `POST /api/lead`) validate it there, and a member's own words are never
refused: a route marks those fields with `member_words`, and they are cleaned where
they are stored. `unstorable_value` is the last resort for a DataError that still gets
through: a logged, clean 400 instead of a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile

from bot.core.text import unstorable

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
MESSAGE = "must not contain NUL characters or lone surrogates"
REFUSED = "A value cannot be stored (invalid characters, or out of range)."

_MEMBER_WORDS: dict[Callable[..., Any], frozenset[str]] = {}


def member_words(*fields: str) -> Callable[[F], F]:
    """Mark the form fields of a route that carry a member's own words: let through, and
    stripped of NUL where they are stored (what a member wrote is never refused)."""

    def mark(endpoint: F) -> F:
        _MEMBER_WORDS[endpoint] = frozenset(fields)
        return endpoint

    return mark


def _printable(name: object) -> str:
    """A field name safe to echo in a JSON answer (a lone surrogate would not encode)."""
    return str(name).encode("utf-8", "backslashreplace").decode("utf-8")


def _errors(
    where: str, pairs: Iterable[tuple[Any, Any]], skip: frozenset[str] = frozenset()
) -> Iterator[dict[str, Any]]:
    """A validation error for each (name, value) pair where either holds unstorable text."""
    for name, value in pairs:
        if name in skip:
            continue
        if any(isinstance(text, str) and unstorable(text) for text in (name, value)):
            yield {"type": "string_unstorable", "loc": (where, _printable(name)), "msg": MESSAGE}


def _json_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) for every key and string value of a parsed JSON document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, key
            yield from _json_strings(item, where)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _json_strings(item, f"{path}[{n}]")


def _is_json(content_type: str) -> bool:
    """FastAPI's rule for a JSON body: no Content-Type, application/json, or any +json type."""
    kind = content_type.split(";")[0].strip()
    return not kind or kind == "application/json" or kind.endswith("+json")


async def _body_errors(request: Request) -> list[dict[str, Any]]:
    """Errors in the body FastAPI parsed for the route (Starlette caches it: no second read)."""
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        endpoint = request.scope.get("endpoint")
        skip = _MEMBER_WORDS.get(endpoint, frozenset()) if endpoint else frozenset()
        fields = [(k, v) for k, v in (await request.form()).multi_items() if not isinstance(v, UploadFile)]
        return list(_errors("body", fields, skip))
    if _is_json(content_type) and await request.body():
        return list(_errors("body", _json_strings(await request.json())))
    return []


async def refuse_unstorable_text(request: Request) -> None:
    """422 naming each path, query, form or JSON field that holds NUL or a lone surrogate."""
    errors = [*_errors("path", request.path_params.items()),
              *_errors("query", request.query_params.multi_items())]
    if getattr(request.scope.get("route"), "body_field", None) is not None:
        errors += await _body_errors(request)
    if errors:
        raise RequestValidationError(errors)


async def unstorable_value(request: Request, exc: Exception) -> Response:
    """Last resort: a value the database refused (psycopg.DataError) is the caller's 400.

    Logged by SQLSTATE only: the database's message may quote the value."""
    log.warning("%s %s: the database refused a value (%s, SQLSTATE %s)", request.method, request.url.path,
                type(exc).__name__, getattr(exc, "sqlstate", None))
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(f"<!doctype html><title>400</title><p>{REFUSED}</p>", status_code=400)
    return JSONResponse({"detail": REFUSED}, status_code=400)
