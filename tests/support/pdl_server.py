"""A local stand-in for People Data Labs' Company Search API (docs.peopledatalabs.com).

It speaks the documented format: GET or POST /v5/company/search, the key in `X-Api-Key`
(or `api_key`), either `query` (Elasticsearch) or `sql` (never both), `size` 1–100,
`scroll_token` to page on; answers {"status": 200, "data": [...], "total": N,
"scroll_token": ...}, 404 {"status": 404, "error": {"type": "not_found", ...}} when nothing
matches, and the error object for bad requests (400), a wrong key (401) and rate limiting
(429, when told to). The Elasticsearch query is understood as far as discovery uses it:
bool/must of term, terms and exists on (dotted) fields; an `sql` query matches everything.
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SEARCH_PATH = "/v5/company/search"


def company(n: int, *, industry: str = "dental practice", country: str = "france", size: str = "1-10",
            website: str | None = None) -> dict[str, Any]:
    """A company record shaped like PDL's (the fields discovery reads, and a few more)."""
    return {
        "id": f"pdl{n:06d}", "name": f"cabinet {n}", "display_name": f"Cabinet {n}", "size": size,
        "employee_count": 4, "founded": 2010, "industry": industry, "linkedin_url": f"linkedin.com/company/c{n}",
        "website": website if website is not None else f"cabinet{n}.example",
        "location": {"name": f"lyon, auvergne-rhône-alpes, {country}", "locality": "lyon",
                     "region": "auvergne-rhône-alpes", "country": country},
    }


def _field(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _matches(record: dict[str, Any], query: dict[str, Any]) -> bool:
    if "bool" in query:
        return all(_matches(record, clause) for clause in query["bool"].get("must", []))
    if "term" in query:
        (path, value), = query["term"].items()
        return _field(record, path) == value
    if "terms" in query:
        (path, values), = query["terms"].items()
        return _field(record, path) in values
    if "exists" in query:
        return _field(record, query["exists"]["field"]) not in (None, "")
    if "match_all" in query:
        return True
    raise ValueError(f"query clause not understood by the stand-in: {sorted(query)}")


class _Handler(BaseHTTPRequestHandler):
    server: PdlServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if "query" in params:
            params["query"] = json.loads(params["query"])
        self._search(params)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            self._error(400, "invalid_request_error", "Request body is not valid JSON")
            return
        params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        self._search({**params, **body})

    def _search(self, params: dict[str, Any]) -> None:
        server = self.server
        server.requests.append({"path": urlsplit(self.path).path, "method": self.command,
                                "headers": dict(self.headers), "params": params})
        if urlsplit(self.path).path != SEARCH_PATH:
            self._error(404, "not_found", "Unknown endpoint")
            return
        if (self.headers.get("X-Api-Key") or params.get("api_key")) != server.api_key:
            self._error(401, "authentication_error", "Invalid API key")
            return
        if server.rate_limited > 0:
            server.rate_limited -= 1
            self._error(429, "rate_limit_error", "Rate limit exceeded")
            return
        if ("query" in params) == ("sql" in params):
            self._error(400, "invalid_request_error", "Provide either query or sql, but not both")
            return
        try:
            size = int(params.get("size", 1))
        except (TypeError, ValueError):
            size = -1
        if not 1 <= size <= 100:
            self._error(400, "invalid_request_error", "size must be between 1 and 100")
            return
        query = params.get("query") or {"match_all": {}}
        signature = hashlib.sha256(json.dumps(params.get("query") or params.get("sql"), sort_keys=True)
                                   .encode()).hexdigest()[:12]
        offset = 0
        if params.get("scroll_token"):
            position, _, owner = str(params["scroll_token"]).partition("$")
            if owner != signature or not position.isdigit():
                self._error(400, "invalid_request_error", "Invalid scroll_token")
                return
            offset = int(position)
        found = [r for r in server.companies if _matches(r, query)]
        page = found[offset: offset + size]
        if not page:
            self._error(404, "not_found", "No records were found matching your request")
            return
        more = offset + size < len(found)
        self._send(200, {"status": 200, "data": page, "total": len(found),
                         "scroll_token": f"{offset + size}${signature}" if more else None})

    def _error(self, status: int, kind: str, message: str) -> None:
        self._send(status, {"status": status, "error": {"type": kind, "message": message}})

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class PdlServer(ThreadingHTTPServer):
    """The stand-in on a free loopback port, serving `companies`."""

    daemon_threads = True

    def __init__(self, companies: list[dict[str, Any]], *, api_key: str = "pdl-test-key") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.companies = companies
        self.api_key = api_key
        self.rate_limited = 0  # answer the next N searches with 429
        self.requests: list[dict[str, Any]] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> PdlServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
