"""Local stand-ins for the outside world, on real HTTP servers on 127.0.0.1.

The real SDKs talk to them (Twilio through `TWILIO_BASE_URL`, Meta through
`META_GRAPH_URL`): they record every request and answer as the real services do, or
with the scripted (status, JSON body) answers queued in `script`. Used by the tests and
the benchmarks alike.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

Answer = tuple[int, dict[str, Any]]


class RecordingServer:
    """Records requests ({method, path, form or json, auth, at}) and answers them."""

    def __init__(self, *, base_path: str = "") -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: list[Answer] = []
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
                with stand_in._lock:
                    stand_in.requests.append(request)
                    status, body = stand_in.script.pop(0) if stand_in.script else stand_in.answer(request)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}{base_path}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, request: dict[str, Any]) -> Answer:
        """The answer when nothing is scripted (the service's success)."""
        return 200, {}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class TwilioServer(RecordingServer):
    """Twilio's REST API: `messages.create` answers 201 with a message SID (point TWILIO_BASE_URL here)."""

    def answer(self, request: dict[str, Any]) -> Answer:
        form = request.get("form", {})
        return 201, {"sid": f"SM{len(self.requests):032x}", "status": "queued", "to": form.get("To")}

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
