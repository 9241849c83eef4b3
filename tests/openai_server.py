"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat completions protocol (plain JSON and
server-sent-event streaming), replying with scripted text: what the tests' model "says". Optionally
it lists its models (GET /models) and wants a key (401 without `Authorization: Bearer <key>`)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[dict[str, Any]], str]


class ChatServer:
    """`with ChatServer(lambda request: "答案[1]") as server:` -> server.base_url ends in /v1.
    `server.requests` holds the chat request bodies, `server.authorizations` the Authorization
    header of every request (GET /models too). A streamed answer the client closes before its end
    sets `server.abandoned`; `server.pieces_sent` counts the pieces written of it."""

    def __init__(
        self,
        reply: Reply | str,
        status: int = 200,
        models: list[str] | None = None,
        api_key: str | None = None,
        error: str = "scripted failure",
    ) -> None:
        self.reply: Reply = reply if callable(reply) else _constant(reply)
        self.status = status
        self.models = models  # None: no GET /models here (404), as on some servers
        self.api_key = api_key  # None: any key or none is accepted
        self.error = error  # what a failing status says, as a server words it
        self.requests: list[dict[str, Any]] = []
        self.authorizations: list[str] = []
        self.piece_delay = 0.0  # seconds between streamed pieces: a slow model, for the stop button
        self.pieces_sent = 0
        self.abandoned = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def authorized(self, header: str) -> bool:
        """Keep the request's Authorization header; whether it carries the key this server wants."""
        self.authorizations.append(header)
        return self.api_key is None or header == f"Bearer {self.api_key}"

    def models_reply(self, path: str) -> tuple[int, dict[str, Any]]:
        """GET /v1/models: the models listed, or 404 where this server has no list."""
        if self.models is None or path != "/v1/models":
            return 404, _error(f"no route {path}")
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.models]
        return 200, {"object": "list", "data": data}

    def write_pieces(self, event: Callable[[dict[str, Any]], None], body: dict[str, Any], text: str) -> bool:
        """`text` as a streamed chat completion, a few characters an event, each written by `event`,
        `piece_delay` apart; False (and `abandoned` set) when the client closed the stream first."""
        pieces = [text[i : i + 3] for i in range(0, len(text), 3)] or [""]
        for n, piece in enumerate(pieces):
            delta = {"role": "assistant", "content": piece} if n == 0 else {"content": piece}
            try:
                event(_chunk(body, delta, None))
            except (BrokenPipeError, ConnectionResetError):
                self.abandoned.set()
                return False
            self.pieces_sent += 1
            time.sleep(self.piece_delay)
        event(_chunk(body, {}, "stop"))
        return True

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _authorized(self) -> bool:
                if not (ok := server.authorized(self.headers.get("Authorization", ""))):
                    self._send(401, _error("Incorrect API key"))
                return ok

            def do_GET(self) -> None:
                if self._authorized():
                    self._send(*server.models_reply(self.path))

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if not self._authorized():
                    return
                if self.path != "/v1/chat/completions":  # a real server's route: a wrong base URL is a 404
                    self._send(404, _error(f"no route {self.path}"))
                    return
                server.requests.append(body)
                if server.status != 200:
                    self._send(server.status, {"error": {"message": server.error, "type": "server_error"}})
                    return
                text = server.reply(body)
                if body.get("stream"):
                    self._stream(body, text)
                else:
                    self._send(200, _completion(body, text))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict[str, Any], text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                if server.write_pieces(self._event, body, text):
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                else:
                    self.close_connection = True

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n")
                self.wfile.flush()

        return Handler


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error"}}


def _constant(text: str) -> Reply:
    return lambda _request: text


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
