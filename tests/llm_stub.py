"""A small OpenAI-compatible HTTP server for tests, whose replies each test scripts openly.

It serves ``POST /v1/chat/completions`` on 127.0.0.1 at a random port, answering the N-th
request with the N-th scripted :class:`Reply` (a completion, an HTTP error, garbage, a
delay), and records every request body so tests can read what the client sent. A request
beyond the script gets HTTP 500 "no scripted reply left" and is counted in ``unscripted``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] | str = ""
    delay_s: float = 0.0  # wait before answering (interrupted when the server stops)
    headers: dict[str, str] = field(default_factory=dict)


def _completion(message: dict[str, Any], finish: str, usage: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "stub-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": sum(usage),
        },
    }


def content_reply(content: dict[str, Any] | str, usage: tuple[int, int] = (1000, 100)) -> Reply:
    """The model answers in the message content (JSON, JSON-schema and MD-JSON modes)."""
    text = content if isinstance(content, str) else json.dumps(content)
    return Reply(body=_completion({"role": "assistant", "content": text}, "stop", usage))


def tool_reply(
    arguments: dict[str, Any] | str,
    usage: tuple[int, int] = (1000, 100),
    name: str = "SegmentAnswer",
) -> Reply:
    """The model answers with a call of the response model's tool (tools mode)."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": args}}
    message = {"role": "assistant", "content": None, "tool_calls": [call]}
    return Reply(body=_completion(message, "tool_calls", usage))


def error_reply(
    status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
) -> Reply:
    error = {"message": message, "type": code or "server_error", "code": code}
    return Reply(status=status, body={"error": error}, headers=headers or {})


def hang_reply(seconds: float) -> Reply:
    """No answer for ``seconds`` (then a 500, if anyone is still listening)."""
    return Reply(status=500, body={"error": {"message": "too late"}}, delay_s=seconds)


class _Handler(BaseHTTPRequestHandler):
    server: StubServer._Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_POST(self) -> None:
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            body = {"unreadable": raw.decode("utf-8", "replace")}
        reply = stub.take(self.path, body, dict(self.headers))
        if reply.delay_s and stub.stopping.wait(reply.delay_s):
            return
        payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
        data = payload.encode("utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test)


class StubServer:
    """``with StubServer([reply, ...]) as stub: ... stub.url ... stub.requests``."""

    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        stub: StubServer

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.times: list[float] = []
        self.unscripted = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = self._Server(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def take(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(body)
            self.paths.append(path)
            self.headers.append(headers)
            self.times.append(time.monotonic())
            if self.replies:
                return self.replies.pop(0)
            self.unscripted += 1
            return error_reply(500, "stub: no scripted reply left")

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


LLM_KEYS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "NLSEG_LLM_MODEL",
    "NLSEG_LLM_MODE",
    "NLSEG_LLM_TIMEOUT",
    "NLSEG_LLM_DEADLINE",
    "NLSEG_LLM_MAX_REASKS",
    "NLSEG_LLM_PROMPT",
    "NLSEG_LLM_PRICE_IN",
    "NLSEG_LLM_PRICE_OUT",
    "NLSEG_PROMPTS_DIR",
)


def isolate_llm_env(monkeypatch, home) -> None:
    """No LLM setting from the machine running the tests: none in the environment, no
    secrets file (HOME and the working directory point at an empty folder)."""
    for key in LLM_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)


def answer(tree: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A complete answer object, as the prompt asks the model to write it."""
    full = {"tree": tree, "assumptions": [], "unsupported": [], "question": None, "refusal": None}
    full.update(fields)
    return full
