"""Stage 4: everything the pages say about an API, derived from its spec and nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from generator.spec import Spec
from generator.spec.lines import join

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TOKEN_PARAMETER = "token"


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

    @property
    def tag(self) -> str:
        return self.tags[0] if self.tags else "default"

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def scalar_anchor(self) -> str:
        """Scalar's deep link to this operation: `tag/<tag-slug>/<METHOD><path>`."""
        return f"tag/{slug(self.tag)}/{self.method}{self.path}"


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

    @property
    def public_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.public)

    @property
    def token_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.accepts_token)

    def by_tag(self) -> list[tuple[str, list[Operation]]]:
        ordered = sorted(self.operations, key=lambda op: op.tag)
        return [(tag, list(ops)) for tag, ops in groupby(ordered, key=lambda op: op.tag)]


def slug(text: str) -> str:
    """Scalar's tag slug: lower case, runs of anything but letters and digits become one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def extract(spec: Spec) -> ApiFacts:
    document = spec.document
    info = document.get("info", {})
    return ApiFacts(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        openapi=spec.openapi,
        operations=tuple(_operations(spec)),
        webhooks=tuple(_webhooks(document)),
        servers=tuple(str(s.get("url", "")) for s in document.get("servers", []) if isinstance(s, dict)),
        security_scheme=_bearer_scheme(document),
        error=_error_shape(spec),
    )


def _operations(spec: Spec):
    global_security = spec.document.get("security", [])
    for path, item in spec.document.get("paths", {}).items():
        item = spec.resolve(item)
        shared = item.get("parameters", [])
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            pointer = join("/paths", path, method)
            security = operation.get("security", global_security)
            parameters = [spec.resolve(p) for p in shared + operation.get("parameters", [])]
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
                pointer=pointer,
            )


def _webhooks(document: dict):
    for name, item in document.get("webhooks", {}).items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                yield Webhook(name, method.upper(), str(operation.get("operationId", name)),
                              str(operation.get("summary", "")))


def _bearer_scheme(document: dict) -> str | None:
    schemes = document.get("components", {}).get("securitySchemes", {})
    for name, scheme in schemes.items():
        if isinstance(scheme, dict) and scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer":
            return name
    return None


def _error_shape(spec: Spec) -> ErrorShape | None:
    schemas = spec.document.get("components", {}).get("schemas", {})
    schema = schemas.get("Error")
    if not isinstance(schema, dict):
        return None
    required = set(schema.get("required", []))
    fields = tuple(
        (name, str(spec.resolve(prop).get("type", "any")), name in required)
        for name, prop in schema.get("properties", {}).items()
    )
    return ErrorShape("Error", fields)
