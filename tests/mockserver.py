"""A mock Aviato server on 127.0.0.1, built from one release's spec.

Routes come from the spec's paths; each answers with the example of its first success response;
openapi-core validates every request against the spec before it is answered and every response
before it is sent. Each exchange is recorded with whatever openapi-core found wrong, so a test can
assert that a client sent only requests the spec accepts and read only responses it defines.

    server = MockAviato("specs/v1.2.0.json")
    base_url = server.start()          # http://127.0.0.1:PORT
    ...                                # point a client at base_url with server.api_key
    assert server.problems() == []
    server.exchanges                   # [Exchange(method, path, operation_id, status, ...), ...]
    server.stop()

Operations that require authentication accept exactly `Authorization: Bearer <api_key>` (or
`?token=<api_key>` where the spec declares the parameter); anything else gets the spec's 401.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_core.validation.request.exceptions import SecurityValidationError
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from generator.facts import Operation, extract
from generator.spec import RawSpec, Spec, load


@dataclass
class Exchange:
    method: str
    path: str  # with its query string
    operation_id: str | None
    status: int
    request_body: bytes
    response_body: bytes
    problems: list[str] = field(default_factory=list)  # empty when request and response conform

    def json(self) -> object:
        return json.loads(self.response_body)


@dataclass(frozen=True)
class _Route:
    operation: Operation
    pattern: re.Pattern
    definition: dict  # the operation object, as written in the spec


class MockAviato:
    def __init__(self, spec_path: str | Path, api_key: str | None = None):
        path = Path(spec_path)
        self.spec: Spec = load(RawSpec(str(path), path.read_bytes()))
        self.api_key = api_key or "avt_" + secrets.token_hex(20)
        self.exchanges: list[Exchange] = []
        self._openapi = OpenAPI.from_dict(self.spec.document)
        self._routes = _routes(self.spec)
        self._lock = threading.Lock()
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the mock server is not running; call start() first")
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> str:
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True, request_handler=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-aviato", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self) -> MockAviato:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def problems(self) -> list[str]:
        """Every finding of every exchange, each prefixed with its request line."""
        return [f"{e.method} {e.path}: {p}" for e in self.exchanges for p in e.problems]

    def clear(self) -> None:
        with self._lock:
            self.exchanges.clear()

    def _app(self, environ, start_response):
        request = Request(environ)
        exchange = Exchange(request.method, request.full_path.rstrip("?"), None, 0, request.get_data(), b"")
        response = self._answer(request, exchange)
        exchange.status, exchange.response_body = response.status_code, response.get_data()
        with self._lock:
            self.exchanges.append(exchange)
        return response(environ, start_response)

    def _answer(self, request: Request, exchange: Exchange) -> Response:
        route, _ = self._match(request.method, request.path)
        if route is None:
            exchange.problems.append("no operation of the spec has this method and path")
            return _json({"error": "not found"}, 404)
        exchange.operation_id = route.operation.operation_id
        openapi_request = WerkzeugOpenAPIRequest(request)
        try:
            self._openapi.validate_request(openapi_request)
        except SecurityValidationError as e:  # no credential where the spec requires one
            # The spec models `?token=` as a plain query parameter, so openapi-core cannot see it
            # as a credential; where the operation declares it, it counts as one.
            if not (route.operation.accepts_token and request.args.get("token")):
                exchange.problems.append(f"request: {_finding(e)}")
                return self._example_response(route.definition, "401")
        except OpenAPIError as e:  # the client sent what the spec rejects
            exchange.problems.append(f"request: {_finding(e)}")
            return _json({"error": "the request does not match the spec"}, 400)
        status = "200"
        if not route.operation.public and self._credential(request, route.operation) != self.api_key:
            status = "401"
        response = self._example_response(route.definition, status)
        try:
            self._openapi.validate_response(openapi_request, WerkzeugOpenAPIResponse(response))
        except OpenAPIError as e:  # the spec's own example does not match its schema
            exchange.problems.append(f"response: {_finding(e)}")
        return response

    def _match(self, method: str, path: str) -> tuple[_Route | None, dict]:
        for route in self._routes:
            found = route.pattern.fullmatch(path)
            if found and route.operation.method == method.upper():
                return route, found.groupdict()
        return None, {}

    def _credential(self, request: Request, operation: Operation) -> str | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            return token
        return request.args.get("token") if operation.accepts_token else None

    def _example_response(self, definition: dict, status: str) -> Response:
        """The example of the first response with `status` (or, for 200, of any 2xx status)."""
        responses = definition.get("responses", {})
        codes = sorted(c for c in responses if c == status or (status == "200" and c.startswith("2")))
        if not codes:
            return _json({"error": "invalid or expired token"}, int(status))
        code = codes[0]
        content = self.spec.resolve(responses[code]).get("content", {})
        if not content:
            return Response(b"", status=int(code))
        media_type, media = next(iter(content.items()))
        body = _example(self.spec, self.spec.resolve(media))
        if "json" in media_type:
            return Response(json.dumps(body), status=int(code), content_type=media_type)
        return Response(body if isinstance(body, (str, bytes)) else b"", status=int(code),
                        content_type=media_type.replace("*", "octet-stream"))


class _QuietHandler(WSGIRequestHandler):
    def log(self, *args, **kwargs) -> None:  # tests read exchanges, not an access log
        pass


def _routes(spec: Spec) -> list[_Route]:
    routes = []
    for operation in extract(spec).operations:
        item = spec.resolve(spec.document["paths"][operation.path])
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(operation.path))
        routes.append(_Route(operation, re.compile(pattern), item[operation.method.lower()]))
    # A literal segment wins over a template: `/api/users/me` before `/api/users/{id}`.
    return sorted(routes, key=lambda r: r.operation.path.count("{"))


def _example(spec: Spec, media: dict) -> object:
    if "example" in media:
        return media["example"]
    for example in media.get("examples", {}).values():
        return spec.resolve(example).get("value")
    schema = spec.resolve(media.get("schema", {}))
    examples = schema.get("examples") if isinstance(schema, dict) else None
    return examples[0] if examples else schema.get("example") if isinstance(schema, dict) else None


def _finding(error: Exception) -> str:
    """openapi-core's message, with the schema errors it wraps (they say which field and why)."""
    details = [str(e.message) for e in getattr(error, "schema_errors", ()) or ()]
    cause = error.__cause__
    while cause is not None and not details:
        details = [str(e.message) for e in getattr(cause, "schema_errors", ()) or ()]
        cause = cause.__cause__
    text = str(error) if str(error).startswith(type(error).__name__) else f"{type(error).__name__}: {error}"
    return f"{text} ({'; '.join(details)})" if details else text


def _json(body: object, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
