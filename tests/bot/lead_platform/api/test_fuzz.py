"""Property-based fuzz of POST /api/lead: whatever arrives, the answer is never a 5xx."""

from __future__ import annotations

import json
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot.lead_platform.leadkit import Tenant

ACCEPTABLE = {201, 400, 401, 403, 413, 415, 422, 429}
FIELDS = ["name", "email", "phone", "message", "whatsapp_consent", "language", "source_url", "api_key",
          "consent", "tel", "nom", "redirect", "lang"]
CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                 "multipart/form-data", "text/plain", "", "application/json; charset=latin-1",
                 "application/vnd.api+json", "application/x-www-form-urlencoded; charset=utf-8"]
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=60)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
nasty_text = st.sampled_from(["a\x00b", "\\ud800", "é" * 300, "x" * 6000, "+33 6 12 34 56 78", "a@b.co",
                              "javascript:alert(1)", "https://alpha.example/p", "on", "peut-être", "", " "])


def post(api: TestClient, body: bytes, content_type: str, key: str | None) -> Any:
    headers = {"Content-Type": content_type} if content_type else {}
    if key is not None:
        headers["X-API-Key"] = key
    return api.post("/api/lead", content=body, headers=headers)


@FUZZ
@given(body=st.binary(max_size=600), content_type=st.sampled_from(CONTENT_TYPES), with_key=st.booleans())
def test_random_bytes(api: TestClient, alpha: Tenant, body: bytes, content_type: str, with_key: bool) -> None:
    response = post(api, body, content_type, alpha.api_key if with_key else None)
    assert response.status_code in ACCEPTABLE, (response.status_code, response.text)


@FUZZ
@given(data=st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), json_values | nasty_text, max_size=8),
       raw_escape=st.booleans(), key=st.sampled_from(["valid", "none", "junk", "prefix"]))
def test_random_json_objects(api: TestClient, alpha: Tenant, conn: psycopg.Connection, data: dict[str, Any],
                             raw_escape: bool, key: str) -> None:
    text = json.dumps(data, allow_nan=True)
    if raw_escape:
        text = text.replace("\\\\ud800", "\\ud800")  # a lone surrogate escape reaches the parser
    api_key = {"valid": alpha.api_key, "none": None, "junk": "mb_live_" + "z" * 10, "prefix": alpha.api_key[:12]}[key]
    response = post(api, text.encode(), "application/json", api_key)
    assert response.status_code in ACCEPTABLE, (response.status_code, response.text)
    if response.status_code == 201:
        lead_id = response.json()["lead_id"]
        assert conn.execute("SELECT 1 FROM lead_memory WHERE id = %s", (lead_id,)).fetchone()


@FUZZ
@given(pairs=st.lists(st.tuples(st.sampled_from(FIELDS) | st.text(max_size=6), st.text(max_size=80) | nasty_text), max_size=8),
       content_type=st.sampled_from(CONTENT_TYPES[:4]))
def test_random_forms(api: TestClient, alpha: Tenant, pairs: list[tuple[str, str]], content_type: str) -> None:
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in pairs if k != "api_key"] + [("api_key", alpha.api_key)]
    if content_type.startswith("multipart"):
        parts = b"".join(
            b"--xyz\r\nContent-Disposition: form-data; name=\"" + k.encode("utf-8", "replace") + b"\"\r\n\r\n"
            + v.encode("utf-8", "surrogatepass") + b"\r\n" for k, v in pairs) + b"--xyz--\r\n"
        response = post(api, parts, "multipart/form-data; boundary=xyz", None)
    else:
        body = urlencode([(k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass")) for k, v in pairs])
        response = post(api, body.encode(), content_type, None)
    assert response.status_code in ACCEPTABLE, (response.status_code, response.text)


def test_deeply_nested_and_huge_numbers(api: TestClient, alpha: Tenant) -> None:
    for body in [b"[" * 20000 + b"]" * 20000, b'{"email": "a@b.co", "x": ' + b"9" * 5000 + b"}",
                 b'{"email": "a@b.co", "whatsapp_consent": 1e999}', b'{"email": NaN}', b"\xef\xbb\xbf{}",
                 b'{"email": "a@b.co"}' * 3, b"null", b'"string"']:
        response = post(api, body, "application/json", alpha.api_key)
        assert 400 <= response.status_code < 500, (body[:40], response.status_code, response.text)
