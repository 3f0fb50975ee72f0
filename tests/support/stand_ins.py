"""Local stand-ins for the outside world, on real HTTP servers on 127.0.0.1.

The real SDKs talk to them (Twilio through `TWILIO_BASE_URL`, Meta through
`META_GRAPH_URL`): they record every request and answer as the real services do, or
with the scripted (status, JSON body) answers queued in `script`. Used by the tests and
the benchmarks alike.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

Answer = tuple[int, dict[str, Any]]
Served = tuple[int, dict[str, str], bytes]  # a GET's status, headers and body
NOT_FOUND: Served = (404, {"Content-Type": "application/json"}, b'{"error": "not found"}')


class RecordingServer:
    """Records requests ({method, path, form or json, auth, at}) and answers them."""

    def __init__(self, *, base_path: str = "") -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: list[Answer] = []
        self.unanswered: list[dict[str, Any]] = []  # held while stalled, never answered
        self._answering = threading.Event()
        self._answering.set()
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request: dict[str, Any] = {"method": "POST", "path": self.path,
                                           "auth": self.headers.get("Authorization"), "at": time.perf_counter()}
                if "json" in (self.headers.get("Content-Type") or ""):
                    request["json"] = json.loads(raw or b"null")
                else:
                    form = parse_qs(raw.decode())
                    request["form"] = {k: v[0] if len(v) == 1 else v for k, v in form.items()}
                if not stand_in._answering.is_set():  # stalled: the caller waits until it gives up
                    with stand_in._lock:
                        stand_in.unanswered.append(request)
                    stand_in._answering.wait()
                    self.close_connection = True
                    return
                with stand_in._lock:
                    stand_in.requests.append(request)
                    status, body = stand_in.script.pop(0) if stand_in.script else stand_in.answer(request)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                request = {"method": "GET", "path": self.path, "auth": self.headers.get("Authorization"),
                           "at": time.perf_counter()}
                with stand_in._lock:
                    stand_in.downloads.append(request)
                status, headers, data = stand_in.serve(request)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.downloads: list[dict[str, Any]] = []  # GET requests (media), apart from the API calls
        self.media: dict[str, tuple[str, bytes]] = {}  # media served, by id: (content type, bytes)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.root = f"http://127.0.0.1:{self.server.server_port}"
        self.url = f"{self.root}{base_path}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, request: dict[str, Any]) -> Answer:
        """The answer when nothing is scripted (the service's success)."""
        return 200, {}

    def serve(self, request: dict[str, Any]) -> Served:
        """The answer to a GET (nothing to download unless a subclass serves it)."""
        return NOT_FOUND

    def stored(self, media_id: str, *, auth_ok: bool) -> Served:
        """One media file, or the error the provider gives without credentials or for an unknown id."""
        if not auth_ok:
            return 401, {"Content-Type": "application/json"}, b'{"error": "unauthorized"}'
        if media_id not in self.media:
            return NOT_FOUND
        content_type, data = self.media[media_id]
        return 200, {"Content-Type": content_type}, data

    def stall(self) -> None:
        """Accept requests and never answer them (a provider that stopped responding)."""
        self._answering.clear()

    def resume(self) -> None:
        """Answer again; the requests held meanwhile are dropped unanswered."""
        self._answering.set()

    def close(self) -> None:
        self.resume()
        self.server.shutdown()
        self.server.server_close()


class TwilioServer(RecordingServer):
    """Twilio's REST API: `messages.create` answers 201 with a message SID, and `messages.list`
lists the messages created so far, newest first (point TWILIO_BASE_URL here).

    Media a member sent (`media[ME…]`) is served as Twilio does: the media URL wants the
    account's basic auth (`credentials`), then redirects to storage that needs none.
    """

    credentials: tuple[str, str] = ("", "")

    def serve(self, request: dict[str, Any]) -> Served:
        path = request["path"]
        found = re.fullmatch(r"/2010-04-01/Accounts/(AC\w+)/Messages/\w+/Media/(ME\w+)", path)
        if found:
            sid, token = self.credentials
            expected = "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode()
            if request["auth"] != expected or found.group(1) != sid:
                return self.stored("", auth_ok=False)
            return 307, {"Location": f"{self.root}/storage/{found.group(2)}"}, b""
        if path.startswith("/storage/"):
            return self.stored(path.removeprefix("/storage/"), auth_ok=True)
        listed = re.fullmatch(r"/2010-04-01/Accounts/AC\w+/Messages\.json\?(.*)", path)
        if listed:
            return self.message_list(parse_qs(listed.group(1)))
        return super().serve(request)

    def answer(self, request: dict[str, Any]) -> Answer:
        form = request.get("form", {})
        request["sid"] = f"SM{len(self.requests):032x}"  # recorded: which message each request created
        request["date_created"] = format_datetime(datetime.now(UTC), usegmt=True)  # RFC 2822, as Twilio
        return 201, {"sid": request["sid"], "status": "queued", "to": form.get("To"),
                     "date_created": request["date_created"]}

    def message_list(self, query: dict[str, list[str]]) -> Served:
        """One page of the messages created, newest first, filtered by To and From as Twilio does."""
        wanted = {key: query[key][0] for key in ("To", "From") if key in query}
        size = int(query.get("PageSize", ["50"])[0])
        with self._lock:
            created = [r for r in reversed(self.requests) if "sid" in r
                       and all(r["form"].get(key) == value for key, value in wanted.items())][:size]
        records = [{"sid": r["sid"], "to": r["form"].get("To"), "from": r["form"].get("From"),
                    "body": r["form"].get("Body"), "status": "queued", "direction": "outbound-api",
                    "date_created": r["date_created"], "date_sent": None} for r in created]
        page = {"messages": records, "page": 0, "page_size": size, "next_page_uri": None,
                "previous_page_uri": None, "first_page_uri": None, "uri": None}
        return 200, {"Content-Type": "application/json"}, json.dumps(page).encode()

    def first_arrivals(self) -> dict[str, float]:
        """When the first message to each recipient arrived (perf_counter), by phone number."""
        arrivals: dict[str, float] = {}
        for request in list(self.requests):
            to = str(request.get("form", {}).get("To", "")).removeprefix("whatsapp:")
            arrivals.setdefault(to, request["at"])
        return arrivals


def twilio_error(status: int, code: int, message: str) -> Answer:
    """A Twilio REST error answer, as the API writes them."""
    return status, {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                    "status": status}


class GraphServer(RecordingServer):
    """Meta's Graph API for WhatsApp Cloud: each message gets a wamid (point META_GRAPH_URL here)."""

    def __init__(self) -> None:
        super().__init__(base_path="/v21.0")

    def answer(self, request: dict[str, Any]) -> Answer:
        return 200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.OUT{len(self.requests)}"}]}

    token = "meta-token"  # the bearer token media requests must carry

    def serve(self, request: dict[str, Any]) -> Served:
        """Media as the Cloud API serves it: the id gives a URL, both want the bearer token."""
        path, auth_ok = request["path"], request["auth"] == f"Bearer {self.token}"
        if path.startswith("/whatsapp_business/attachments/?mid="):
            return self.stored(path.split("=", 1)[1], auth_ok=auth_ok)
        media_id = path.removeprefix("/v21.0/")
        if media_id in self.media and auth_ok:
            content_type, data = self.media[media_id]
            body = {"messaging_product": "whatsapp", "id": media_id, "mime_type": content_type,
                    "file_size": len(data), "url": f"{self.root}/whatsapp_business/attachments/?mid={media_id}"}
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        return self.stored(media_id, auth_ok=auth_ok)
