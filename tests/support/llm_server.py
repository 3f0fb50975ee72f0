"""A local stand-in for the OpenAI and Mistral HTTP APIs, answering from a script.

It speaks the chat-completions protocol both providers share (text, JSON-schema
response formats, tool calls) and the embeddings endpoint, records every request, and
never reaches the internet. Tests tell it what the "model" says next.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict[str, Any]], Any]


@dataclass
class ScriptedLLM:
    """What the stand-in answers: scripted replies, consumed in order, then a default."""

    texts: list[str] = field(default_factory=list)  # free-form answers
    structured: list[dict[str, Any]] = field(default_factory=list)  # JSON / tool arguments
    default_text: str = "D'accord."
    default_structured: dict[str, Any] = field(default_factory=lambda: {"intent": "unclear"})
    requests: list[dict[str, Any]] = field(default_factory=list)
    failures: int = 0  # the next chat calls answered with HTTP 500, as a provider outage
    # An agent's turns, consumed in order by the calls that offer tools: a list of tool calls
    # (`tool_call(name, **args)`, any of the tools offered, several at once) or a final text.
    # When none is left, a call with tools answers as above (tools[0], `structured`).
    turns: list[list[dict[str, Any]] | str] = field(default_factory=list)
    # When set, the JSON / tool arguments are this function's answer to the request (a model
    # whose answer depends on what it was sent, e.g. on the prompt variant), not `structured`.
    responder: Responder | None = None

    def _structured(self, body: dict[str, Any]) -> Any:
        if self.responder is not None:
            return self.responder(body)
        return self.structured.pop(0) if self.structured else self.default_structured

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(body)
        tools = body.get("tools") or []
        wants_json = (body.get("response_format") or {}).get("type") in ("json_schema", "json_object")
        message: dict[str, Any] = {"role": "assistant", "content": "", "tool_calls": None}
        turn = self.turns.pop(0) if tools and self.turns else None
        if isinstance(turn, str):
            message["content"] = turn
            finish = "stop"
        elif turn is not None:
            message["tool_calls"] = [{
                "id": f"c{len(self.requests):04d}x{i:03d}", "type": "function",  # Mistral's 9 characters
                "function": {"name": call["name"], "arguments": json.dumps(call["args"])},
            } for i, call in enumerate(turn)]
            finish = "tool_calls"
        elif tools:
            args = self._structured(body)
            name = tools[0]["function"]["name"]
            message["tool_calls"] = [{
                "id": f"call_{len(self.requests)}", "type": "function",
                "function": {"name": name, "arguments": json.dumps(args)},
            }]
            finish = "tool_calls"
        elif wants_json:
            args = self._structured(body)
            message["content"] = json.dumps(args)
            finish = "stop"
        else:
            message["content"] = self.texts.pop(0) if self.texts else self.default_text
            finish = "stop"
        return {
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", "scripted"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }

    @property
    def chat_calls(self) -> int:
        return len(self.requests)


def tool_call(name: str, **args: Any) -> dict[str, Any]:
    """One tool call of a scripted agent turn (ScriptedLLM.turns)."""
    return {"name": name, "args": args}


def fake_embedding(text: str, dims: int) -> list[float]:
    """A deterministic unit-ish vector for a text (stable across runs)."""
    seed = hashlib.sha256(text.encode()).digest()
    values = [((seed[i % len(seed)] + i * 37) % 251) / 251.0 - 0.5 for i in range(dims)]
    norm = sum(v * v for v in values) ** 0.5 or 1.0
    return [v / norm for v in values]


class _Handler(BaseHTTPRequestHandler):
    server: LLMServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.paths.append(self.path)
        if self.path.endswith("/chat/completions") and self.server.script.failures > 0:
            self.server.script.failures -= 1
            self.server.script.requests.append(body)
            self._send(500, {"error": {"message": "upstream overloaded", "type": "server_error"}})
            return
        if self.path.endswith("/chat/completions"):
            payload = self.server.script.answer(body)
        elif self.path.endswith("/embeddings"):
            inputs = body.get("input")
            inputs = [inputs] if isinstance(inputs, str) else list(inputs or [])
            dims = int(body.get("dimensions") or self.server.embedding_dims)
            payload = {
                "id": "embd-1", "object": "list", "model": body.get("model", "scripted"),
                "data": [{"object": "embedding", "index": i, "embedding": fake_embedding(str(t), dims)}
                         for i, t in enumerate(inputs)],
                "usage": {"prompt_tokens": 3, "total_tokens": 3},
            }
        else:
            self.send_response(404)
            self.end_headers()
            return
        self._send(200, payload)

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class LLMServer(ThreadingHTTPServer):
    """The stand-in, on a free loopback port."""

    daemon_threads = True

    def __init__(self, script: ScriptedLLM, *, embedding_dims: int = 1024) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.embedding_dims = embedding_dims
        self.paths: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def __enter__(self) -> LLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
