"""A scripted HTTP server on 127.0.0.x that records what it was asked."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    cut_after: int | None = None  # send only this many bytes of the body, then close the connection

    @classmethod
    def json(cls, document: object, status: int = 200) -> Answer:
        return cls(status, json.dumps(document).encode(), {"Content-Type": "application/json"})

    @classmethod
    def redirect(cls, location: str) -> Answer:
        return cls(302, b"", {"Location": location})


@dataclass(frozen=True)
class Seen:
    host: str
    path: str
    headers: dict


class Peer:
    """Answers each path with its scripted answers in turn (the last one repeats); 404 for other paths.

    With `token` set, a request whose Authorization is not `Bearer <token>` gets GitHub's 401.
    """

    def __init__(self, host: str = "127.0.0.1", token: str | None = None):
        self.routes: dict[str, list[Answer]] = {}
        self.seen: list[Seen] = []
        self.token = token
        self._server = ThreadingHTTPServer((host, 0), _Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a kept-alive client connection must not hold up the test
        self._server.peer = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        assert isinstance(host, str), "an IP socket's address"
        return f"http://{host}:{port}"

    def route(self, path: str, *answers: Answer) -> None:
        self.routes[path] = list(answers)

    def hits(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path == path)

    def __enter__(self) -> Peer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path: str, headers: dict) -> Answer:
        self.seen.append(Seen(self.url, path, headers))
        given = headers.get("authorization")
        if self.token and given is not None and given != f"Bearer {self.token}":
            return Answer.json({"message": "Bad credentials"}, 401)
        answers = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
        if not answers:
            return Answer.json({"message": "Not Found"}, 404)
        return answers.pop(0) if len(answers) > 1 else answers[0]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        answer = self.server.peer.answer(self.path, {k.lower(): v for k, v in self.headers.items()})  # type: ignore[attr-defined]
        self.send_response(answer.status)
        for name, value in {"Content-Length": str(len(answer.body)), **answer.headers}.items():
            self.send_header(name, value)
        if answer.cut_after is not None:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(answer.body[:answer.cut_after] if answer.cut_after is not None else answer.body)
        if answer.cut_after is not None:
            self.wfile.flush()
            self.close_connection = True

    def log_message(self, format: str, *args) -> None:  # keep test output clean
        pass
