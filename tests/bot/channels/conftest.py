"""Channel fixtures: a Twilio HTTP client that answers like Twilio, a local Graph API server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
import pytest
from psycopg_pool import ConnectionPool
from twilio.http import HttpClient
from twilio.http.response import Response

from bot.store import conversations as repo
from bot.channels import job_handlers
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from tests.webhooks.conftest import wa_settings  # noqa: F401  (shared fixture)


class TwilioStandIn(HttpClient):
    """Records every request and answers with scripted (status, JSON) pairs, then 201s."""

    def __init__(self) -> None:
        super().__init__(logger=None, is_async=False)  # type: ignore[arg-type]
        self.requests: list[dict[str, Any]] = []
        self.script: list[tuple[int, dict[str, Any]]] = []

    def request(self, method, uri, params=None, data=None, headers=None, auth=None,  # type: ignore[no-untyped-def]
                timeout=None, allow_redirects=False) -> Response:
        self.requests.append({"method": method, "uri": uri, "data": dict(data or {}), "auth": auth})
        if self.script:
            status, body = self.script.pop(0)
        else:
            n = len(self.requests)
            status, body = 201, {"sid": f"SM{n:032x}", "status": "queued", "to": (data or {}).get("To")}
        return Response(status, json.dumps(body))


def twilio_error(status: int, code: int, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                    "status": status}


class GraphStandIn:
    """A real HTTP server on 127.0.0.1 that records Graph API calls and answers like Meta."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.script: list[tuple[int, dict[str, Any]]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stand_in.calls.append({"path": self.path, "json": json.loads(body),
                                       "auth": self.headers.get("Authorization")})
                if stand_in.script:
                    status, answer = stand_in.script.pop(0)
                else:
                    status, answer = 200, {"messaging_product": "whatsapp",
                                           "messages": [{"id": f"wamid.OUT{len(stand_in.calls)}"}]}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v21.0"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def graph() -> Iterator[GraphStandIn]:
    server = GraphStandIn()
    yield server
    server.close()


@pytest.fixture
def twilio_http() -> TwilioStandIn:
    return TwilioStandIn()


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


@pytest.fixture
def services(wa_settings: Settings, graph: GraphStandIn, pool: ConnectionPool, db_url: str,  # noqa: F811
             twilio_http: TwilioStandIn) -> Services:
    settings = wa_settings.model_copy(update={"meta_graph_url": graph.url})
    return Services(settings=settings, pool=pool, database_url=db_url, embedder=None,  # type: ignore[arg-type]
                    extras={"twilio_http_client": twilio_http})


@pytest.fixture
def worker(services: Services) -> Worker:
    return Worker(services.pool, job_handlers(services), database_url=services.database_url)


def run_due(worker: Worker) -> int:
    """Run every job due now in this thread (Worker.drain waits for later ones too)."""
    done = 0
    while worker.run_one() is not None:
        done += 1
    return done


def make_lead(conn: psycopg.Connection, *, channel: str = "twilio", phone: str | None = "+237650000001",
              user_id: str | None = None, hours_since_inbound: float | None = 1.0,
              opted_out: bool = False) -> int:
    lead_id = repo.upsert_lead(conn, channel=channel, phone=phone, channel_user_id=user_id, name="Awa")
    last = None if hours_since_inbound is None else timedelta(hours=hours_since_inbound)
    conn.execute("UPDATE leads SET last_inbound_at = now() - %s::interval, opted_out = %s WHERE id = %s",
                 (last, opted_out, lead_id))
    return lead_id


def queue_outbound(conn: psycopg.Connection, lead_id: int, content: str = "Bonjour Awa", **kwargs: Any) -> int:
    """An outbound row and its delivery job, as the conversation engine writes them."""
    from bot.core import queue

    message_id = repo.record_outbound(conn, lead_id=lead_id, content=content, **kwargs)
    queue.enqueue(conn, "deliver_message", {"message_id": message_id})
    return message_id


def row(conn: psycopg.Connection, message_id: int) -> dict[str, Any]:
    return conn.execute(
        "SELECT delivery_status, delivery_error, provider_message_id FROM conversations WHERE id = %s",
        (message_id,)).fetchone()


def set_templates(conn: psycopg.Connection, templates: dict[str, Any]) -> None:
    conn.execute("UPDATE configuration SET value = %s WHERE key = 'whatsapp_templates'", (json.dumps(templates),))
