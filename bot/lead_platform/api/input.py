"""Reading, parsing and validating a form lead: every malformed input becomes a 4xx."""

from __future__ import annotations

import json
import math
import re
from collections.abc import AsyncGenerator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from starlette.datastructures import Headers
from starlette.formparsers import MultiPartParser
from starlette.requests import ClientDisconnect, Request

MAX_FIELDS = 50
TEXT_LIMITS = {"name": 255, "email": 255, "phone": 40, "message": 5000, "source_url": 2000, "language": 10}
# Accepted alternative names (form builders differ).
ALIASES = {"full_name": "name", "nom": "name", "telephone": "phone", "tel": "phone", "msg": "message",
           "consent": "whatsapp_consent", "page_url": "source_url", "lang": "language"}
EMAIL = re.compile(r"^[^@\s<>\"']{1,64}@[^@\s<>\"']+\.[^@\s<>\"']{2,}$")
PHONE = re.compile(r"^\+?[0-9]{6,15}$")
TRUE = {"true", "1", "yes", "on", "oui", "y"}
FALSE = {"false", "0", "no", "off", "non", "n", ""}


class InputError(Exception):
    """A request the API refuses: status, machine-readable code, human detail, optional fields."""

    def __init__(self, status: int, code: str, detail: str, fields: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.fields = status, code, detail, fields or []

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"error": self.code, "detail": self.detail}
        if self.fields:
            data["fields"] = self.fields
        return data


async def read_body(request: Request, *, limit: int) -> bytes:
    """The raw body; 413 past `limit` whether declared (Content-Length) or streamed (chunked)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise InputError(400, "bad_request", "Content-Length is not a number")
        if int(declared) > limit:
            raise InputError(413, "too_large", f"body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise InputError(413, "too_large", f"body larger than {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        raise InputError(400, "bad_request", "client disconnected") from None
    return b"".join(chunks)


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


async def parse_body(body: bytes, headers: Headers) -> dict[str, Any]:
    """A JSON object, urlencoded form or multipart form as a flat dict."""
    kind = media_type(headers.get("content-type"))
    if kind == "application/json" or kind.endswith("+json") or (not kind and body.lstrip()[:1] == b"{"):
        return _parse_json(body)
    if kind == "application/x-www-form-urlencoded" or not kind:
        return _parse_urlencoded(body)
    if kind == "multipart/form-data":
        return await _parse_multipart(body, headers)
    raise InputError(415, "unsupported_media_type",
                     "send application/json, application/x-www-form-urlencoded or multipart/form-data")


def _parse_json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise InputError(400, "bad_json", "body is not valid JSON") from None
    if not isinstance(data, dict):
        raise InputError(422, "validation_failed", "body must be a JSON object",
                         [{"field": "body", "message": "must be a JSON object"}])
    if len(data) > MAX_FIELDS:
        raise InputError(422, "validation_failed", "too many fields",
                         [{"field": "body", "message": f"at most {MAX_FIELDS} fields"}])
    return data


def _parse_urlencoded(body: bytes) -> dict[str, Any]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS,
                          strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise InputError(400, "bad_form", "body is not a valid UTF-8 urlencoded form") from None
    data: dict[str, Any] = {}
    for key, value in pairs:
        data.setdefault(key, value)
    return data


async def _parse_multipart(body: bytes, headers: Headers) -> dict[str, Any]:
    async def stream() -> AsyncGenerator[bytes, None]:
        yield body

    try:
        form = await MultiPartParser(headers, stream(), max_files=0, max_fields=MAX_FIELDS).parse()
    except Exception:  # noqa: BLE001 -- the parser raises several types on broken input; all are 400s
        raise InputError(400, "bad_form", "body is not a valid multipart form") from None
    data: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            data.setdefault(key, value)
    return data


def _text(field: str, value: Any, errors: list[dict[str, str]]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append({"field": field, "message": "must be a string"})
        return None
    value = value.strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        errors.append({"field": field, "message": "must be valid Unicode text"})
        return None
    if "\x00" in value:
        errors.append({"field": field, "message": "must not contain NUL characters"})
        return None
    if len(value) > TEXT_LIMITS[field]:
        errors.append({"field": field, "message": f"at most {TEXT_LIMITS[field]} characters"})
        return None
    return value or None


def validate_lead(raw: dict[str, Any], *, referer: str | None = None) -> dict[str, Any]:
    """The lead's clean fields, or InputError(422) naming each bad field."""
    data = {ALIASES.get(str(k), str(k)): v for k, v in raw.items()}
    errors: list[dict[str, str]] = []
    lead: dict[str, Any] = {field: _text(field, data.get(field), errors) for field in TEXT_LIMITS}
    if lead["email"] is not None:
        if not EMAIL.match(lead["email"]):
            errors.append({"field": "email", "message": "not a valid email address"})
        lead["email"] = lead["email"].lower() if EMAIL.match(lead["email"]) else None
    if lead["phone"] is not None:
        digits = re.sub(r"[\s().\-/]", "", lead["phone"])
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        if not PHONE.match(digits):
            errors.append({"field": "phone", "message": "not a valid phone number (6 to 15 digits)"})
        lead["phone"] = digits
    if not lead["email"] and not lead["phone"] and not any(e["field"] in ("email", "phone") for e in errors):
        errors.append({"field": "email", "message": "an email or a phone number is required"})
    if lead["language"] is not None:
        short = lead["language"].lower()[:2]
        if short not in ("en", "fr"):
            errors.append({"field": "language", "message": "must be 'en' or 'fr'"})
        lead["language"] = short
    lead["whatsapp_consent"] = _consent(data.get("whatsapp_consent"), errors)
    lead["source_url"] = lead["source_url"] or _http_url(referer)
    if data.get("source_url") and lead["source_url"] and not _http_url(lead["source_url"]):
        errors.append({"field": "source_url", "message": "must be an http(s) URL"})
    if errors:
        raise InputError(422, "validation_failed", "; ".join(f"{e['field']}: {e['message']}" for e in errors),
                         errors)
    return lead


def _consent(value: Any, errors: list[dict[str, str]]) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE | FALSE:
        return value.strip().lower() in TRUE
    errors.append({"field": "whatsapp_consent", "message": "must be true or false"})
    return False


def _http_url(value: str | None) -> str | None:
    if not value or len(value) > TEXT_LIMITS["source_url"] or "\x00" in value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def redact(raw: dict[str, Any]) -> dict[str, Any]:
    """What integration_logs keeps of a request body: no key, short clean strings only."""
    kept: dict[str, Any] = {}
    for key, value in list(raw.items())[:MAX_FIELDS]:
        name = _clean(str(key))[:64]
        if name.lower() in ("api_key", "apikey", "key", "password", "token"):
            continue
        if isinstance(value, bool | int | float) or value is None:
            kept[name] = value if not isinstance(value, float) or math.isfinite(value) else None
        elif isinstance(value, str):
            kept[name] = _clean(value[:500])
        else:
            kept[name] = f"<{type(value).__name__}>"
    return kept


def _clean(text: str) -> str:
    """Text PostgreSQL's JSONB accepts: no NUL, no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
