"""Stage 4: everything the pages say about an API, derived from its spec and nothing else."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby, zip_longest

from generator.facts.schemas import schema_name
from generator.layout import scalar_anchor
from generator.spec import Spec
from generator.spec.refs import is_reference
from generator.spec.walk import HTTP_METHODS, operations

METHODS = HTTP_METHODS  # the name the other stages knew it by
TOKEN_PARAMETER = "token"
JSON_TYPES = ("application/json",)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str
    summary: str
    tags: tuple[str, ...]
    deprecated: bool
    public: bool  # `security: []`: no authentication
    accepts_token: bool  # takes the credential as `?token=`
    pointer: str
    replaced_by: str | None = None  # the operationId named by `x-aviato-replaced-by`
    success_media_types: tuple[str, ...] = ()  # content types of its 2xx responses

    @property
    def returns_json(self) -> bool:
        return all(_is_json(media) for media in self.success_media_types)

    @property
    def tag(self) -> str:
        return self.tags[0] if self.tags else "default"

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def scalar_anchor(self) -> str:
        """Scalar's deep link to this operation: `tag/<tag-slug>/<METHOD><path>`; `<METHOD><path>` for
        an operation without a tag (Scalar lists those outside any tag)."""
        return scalar_anchor(self.method, self.path, self.tags[0] if self.tags else None)


@dataclass(frozen=True)
class Webhook:
    name: str
    method: str
    operation_id: str
    summary: str


@dataclass(frozen=True)
class ErrorShape:
    schema_name: str
    fields: tuple[tuple[str, str, bool], ...]  # (name, type, required)
    descriptions: tuple[str, ...] = ()  # one per field, in the order of `fields`
    example: str | None = None  # the schema's first example, as JSON text

    @property
    def rows(self) -> list[tuple[str, str, bool, str]]:
        return [(name, type_, required, about or "") for (name, type_, required), about
                in zip_longest(self.fields, self.descriptions)]

    def rows_beyond(self, base: ErrorShape) -> list[tuple[str, str, bool, str]]:
        """The rows of the fields this shape adds to `base`."""
        known = {name for name, _, _ in base.fields}
        return [row for row in self.rows if row[0] not in known]


@dataclass(frozen=True)
class Status:
    """One response status the operations declare, with the meaning the spec gives it."""

    code: str
    description: str  # of the shared response most operations reference, else of the first one
    schema_name: str | None  # the JSON body's schema when every operation agrees on one
    operations: int


@dataclass(frozen=True)
class ApiFacts:
    title: str
    version: str
    openapi: str
    operations: tuple[Operation, ...]
    webhooks: tuple[Webhook, ...]
    servers: tuple[str, ...]
    security_scheme: str | None
    error: ErrorShape | None
    validation_error: ErrorShape | None = None  # the 400 body, when it extends the error schema
    statuses: tuple[Status, ...] = ()
    server_url: str | None = None  # the first server, its variables at their defaults

    @property
    def public_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.public)

    @property
    def token_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.accepts_token)

    @property
    def deprecated_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.deprecated)

    @property
    def non_json_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if not op.returns_json)

    def operation(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.operation_id == operation_id), None)

    def status(self, code: str) -> Status | None:
        return next((s for s in self.statuses if s.code == code), None)

    @property
    def success_statuses(self) -> tuple[Status, ...]:
        return tuple(s for s in self.statuses if s.code.startswith("2"))

    @property
    def other_statuses(self) -> tuple[Status, ...]:
        return tuple(s for s in self.statuses if not s.code.startswith("2"))

    @property
    def version_prefixed_paths(self) -> tuple[str, ...]:
        """Paths with a `/v1`-style segment, which Aviato's versioning policy rules out."""
        return tuple(sorted({op.path for op in self.operations if re.search(r"/v\d+(/|$)", op.path)}))

    def by_tag(self) -> list[tuple[str, list[Operation]]]:
        ordered = sorted(self.operations, key=lambda op: op.tag)
        return [(tag, list(ops)) for tag, ops in groupby(ordered, key=lambda op: op.tag)]


def extract(spec: Spec) -> ApiFacts:
    document = spec.document
    info = document.get("info", {})
    return ApiFacts(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        openapi=spec.openapi,
        operations=tuple(_operations(spec)),
        webhooks=tuple(_webhooks(spec)),
        servers=tuple(str(s.get("url", "")) for s in document.get("servers", []) if isinstance(s, dict)),
        security_scheme=_bearer_scheme(document),
        error=_error_shape(spec),
        validation_error=_validation_error(spec),
        statuses=tuple(_statuses(spec)),
        server_url=_server_url(document),
    )


def _operations(spec: Spec):
    global_security = spec.document.get("security", [])
    for op in operations(spec.resolver, webhooks=False):
        operation, method, path = op.operation, op.method, op.path
        security = operation.get("security", global_security)
        listed = op.item.get("parameters", []) + operation.get("parameters", [])
        parameters = [spec.resolve(p) for p in listed]
        yield Operation(
            operation_id=str(operation.get("operationId", f"{method}-{path}")),
            method=method.upper(),
            path=path,
            summary=str(operation.get("summary", "")),
            tags=tuple(operation.get("tags", ())),
            deprecated=bool(operation.get("deprecated", False)),
            public=security == [] or security == [{}],
            accepts_token=any(p.get("in") == "query" and p.get("name") == TOKEN_PARAMETER
                              for p in parameters if isinstance(p, dict)),
            pointer=op.pointer,
            replaced_by=operation.get("x-aviato-replaced-by"),
            success_media_types=tuple(dict.fromkeys(_success_media_types(spec, operation))),
        )


def _webhooks(spec: Spec):
    for op in operations(spec.resolver):
        if op.webhook:
            yield Webhook(op.path, op.method.upper(), str(op.operation.get("operationId", op.path)),
                          str(op.operation.get("summary", "")))


def _bearer_scheme(document: dict) -> str | None:
    schemes = document.get("components", {}).get("securitySchemes", {})
    for name, scheme in schemes.items():
        if isinstance(scheme, dict) and scheme.get("type") == "http" and \
                scheme.get("scheme", "").lower() == "bearer":
            return name
    return None


def _error_shape(spec: Spec) -> ErrorShape | None:
    schema = spec.document.get("components", {}).get("schemas", {}).get("Error")
    return _shape(spec, "Error", schema) if isinstance(schema, dict) else None


def _validation_error(spec: Spec) -> ErrorShape | None:
    """The schema of the 400 bodies, when it is not the error schema itself but includes its fields."""
    names = Counter(name for op, code, response in _responses(spec) if code == "400"
                    for name in [_json_schema_name(spec, response)] if name and name != "Error")
    error = _error_shape(spec)
    if not names or error is None:
        return None
    name = names.most_common(1)[0][0]
    shape = _shape(spec, name, spec.document["components"]["schemas"][name])
    own = {field[0] for field in shape.fields}
    return shape if all(field[0] in own for field in error.fields) else None


def _shape(spec: Spec, name: str, schema: dict) -> ErrorShape:
    properties, required = _flat_properties(spec, schema)
    fields = tuple((field, type_name(spec.resolve(prop)), field in required)
                   for field, prop in properties.items())
    descriptions = tuple(str(_as_dict(spec.resolve(prop)).get("description", ""))
                         for prop in properties.values())
    examples = schema.get("examples") or ([schema["example"]] if "example" in schema else [])
    example = json.dumps(examples[0], ensure_ascii=False) if examples else None
    return ErrorShape(name, fields, descriptions, example)


def _flat_properties(spec: Spec, schema: object) -> tuple[dict, set]:
    """Properties and required names of a schema, its `allOf` parts merged in."""
    schema = spec.resolve(schema)
    if not isinstance(schema, dict):
        return {}, set()
    properties: dict = {}
    required: set = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, more_required = _flat_properties(spec, part)
        properties.update(more)
        required |= more_required
    properties.update(schema.get("properties", {}))
    return properties, required


def type_name(schema: object) -> str:
    """A schema's type in words: `string`, `string or null`, `array of string`, `object of string`."""
    if not isinstance(schema, dict):
        return "any"
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    inner = schema.get("items") if kind == "array" else schema.get("additionalProperties")
    if kind in ("array", "object") and isinstance(inner, dict) and "type" in inner:
        return f"{kind} of {type_name(inner)}"
    return str(kind)


def _responses(spec: Spec):
    """(operation, status code, response as written) for every response of every operation."""
    for op in operations(spec.resolver, webhooks=False):
        for code, response in op.operation.get("responses", {}).items():
            yield op.operation, str(code), response


def _json_schema_name(spec: Spec, response: object) -> str | None:
    response = spec.resolve(response)
    content = response.get("content", {}) if isinstance(response, dict) else {}
    schema = next((media.get("schema") for kind, media in content.items()
                   if _is_json(kind) and isinstance(media, dict)), None)
    return schema_name(schema.get("$ref")) if isinstance(schema, dict) else None


def _statuses(spec: Spec):
    uses: dict[str, list] = {}
    for _, code, response in _responses(spec):
        uses.setdefault(code, []).append(response)
    for code in sorted(uses, key=lambda c: (not c[:1].isdigit(), c)):
        responses = uses[code]
        shared = Counter(r["$ref"] for r in responses if is_reference(r))
        typical = {"$ref": shared.most_common(1)[0][0]} if shared else responses[0]
        schemas = {_json_schema_name(spec, r) for r in responses}
        yield Status(code, str(_as_dict(spec.resolve(typical)).get("description", "")),
                     schemas.pop() if len(schemas) == 1 else None, len(responses))


def _success_media_types(spec: Spec, operation: dict):
    for code, response in operation.get("responses", {}).items():
        response = spec.resolve(response)
        if str(code).startswith("2") and isinstance(response, dict):
            yield from response.get("content", {})


def _as_dict(node: object) -> dict:
    return node if isinstance(node, dict) else {}


def _is_json(media_type: str) -> bool:
    return media_type in JSON_TYPES or media_type.endswith("+json")


def _server_url(document: dict) -> str | None:
    servers = [s for s in document.get("servers", []) if isinstance(s, dict) and "url" in s]
    if not servers:
        return None
    url = str(servers[0]["url"])
    for name, variable in servers[0].get("variables", {}).items():
        url = url.replace(f"{{{name}}}", str(variable.get("default", "")))
    return url
