"""House rules: what Aviato's API overview promises its readers about every release's spec."""

from __future__ import annotations

import re

from generator.checks.context import Context, Operation
from generator.checks.operations import route
from generator.checks.registry import Finding, rule
from generator.spec.lines import join

TOKEN_PARAMETER = "token"  # streaming, asset and event routes take the credential as ?token=
_VERSION_SEGMENT = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
_ERROR_STATUS = re.compile(r"^[45](?:\d\d|XX)$")


def is_json(media_type: str) -> bool:
    essence = media_type.split(";")[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


def security_of(ctx: Context, operation: Operation) -> object:
    return operation.operation.get("security", ctx.document.get("security"))


def bearer_schemes(ctx: Context) -> set[str]:
    schemes = ctx.document.get("components", {}).get("securitySchemes") if isinstance(
        ctx.document.get("components"), dict) else None
    found = set()
    for name, scheme in (schemes.items() if isinstance(schemes, dict) else ()):
        scheme, _ = ctx.resolve(scheme)
        if isinstance(scheme, dict) and scheme.get("type") == "http" \
                and str(scheme.get("scheme")).lower() == "bearer":
            found.add(name)
    return found


def accepts_token(ctx: Context, operation: Operation) -> bool:
    return any(p.get("in") == "query" and p.get("name") == TOKEN_PARAMETER
               for _, p in ctx.parameters(operation))


def _route_operations(ctx: Context):
    return [op for op in ctx.operations if not op.webhook]


@rule("operation-bearer-required", "error",
      "an operation that is not public does not require the Bearer scheme",
      kind="house")
def operation_bearer_required(ctx: Context):
    bearer = bearer_schemes(ctx)
    for operation in _route_operations(ctx):
        security = security_of(ctx, operation)
        if not isinstance(security, list) or security == [] or {} in security:
            continue  # public, or unmarked: public-route-unmarked says so
        if not all(isinstance(r, dict) and bearer & set(r) for r in security):
            where = join(operation.pointer, "security") if "security" in operation.operation else "/security"
            yield Finding(where, f"{route(operation)} accepts credentials other than the Bearer scheme "
                          f"({', '.join(sorted(bearer)) or 'none is declared'})",
                          hint="every operation outside the public list requires Bearer; "
                               "mark public routes `security: []`")


@rule("public-route-unmarked", "error",
      "an operation needs no credentials without being marked `security: []`",
      kind="house")
def public_route_unmarked(ctx: Context):
    for operation in _route_operations(ctx):
        security = security_of(ctx, operation)
        if security is None:
            yield Finding(operation.pointer, f"{route(operation)} has no security requirement at all",
                          hint="declare the Bearer scheme globally, and `security: []` on the public routes")
        elif isinstance(security, list) and security and {} in security:
            where = join(operation.pointer, "security") if "security" in operation.operation else "/security"
            yield Finding(where, f"{route(operation)} makes authentication optional with `{{}}`",
                          hint="the public list is exactly the operations marked `security: []`")


@rule("error-response-shape", "error", "a 4xx/5xx JSON response is not the flat { \"error\": string } shape",
      kind="house")
def error_response_shape(ctx: Context):
    reported: set[str] = set()  # a shared response is reported once, where it is written
    for operation in _route_operations(ctx):
        for status, response, pointer in _responses(ctx, operation):
            if not _ERROR_STATUS.match(status):
                continue
            for media_type, schema_at in _json_schemas(ctx, response, pointer):
                if schema_at not in reported and not _is_flat_error(ctx, ctx.target("#" + schema_at)):
                    reported.add(schema_at)
                    yield Finding(schema_at, f"{route(operation)} {status} ({media_type}) is not the flat "
                                  "error shape",
                                  hint="error bodies are an object with a required string `error` property")


@rule("response-not-json", "error",
      "a response is not application/json outside the streaming and asset routes",
      kind="house")
def response_not_json(ctx: Context):
    reported: set[str] = set()  # a shared response is reported once, where it is written
    for operation in _route_operations(ctx):
        if accepts_token(ctx, operation):
            continue
        for status, response, pointer in _responses(ctx, operation):
            content = response.get("content")
            for media_type in content if isinstance(content, dict) else ():
                if not is_json(media_type) and join(pointer, "content", media_type) not in reported:
                    reported.add(join(pointer, "content", media_type))
                    yield Finding(join(pointer, "content", media_type),
                                  f"{route(operation)} {status} answers {media_type}",
                                  hint="only streaming, asset and event routes (those taking ?token=) "
                                       "may answer anything but JSON")


@rule("operation-id-missing", "error", "an operation has no operationId (it is the permalink)", kind="house")
def operation_id_missing(ctx: Context):
    for operation in _route_operations(ctx):
        operation_id = operation.operation.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            yield Finding(operation.pointer, f"{route(operation)} has no operationId")


@rule("operation-tag-missing", "error", "an operation has no tag", kind="house")
def operation_tag_missing(ctx: Context):
    for operation in _route_operations(ctx):
        tags = operation.operation.get("tags")
        if not (isinstance(tags, list) and tags):
            yield Finding(operation.pointer, f"{route(operation)} has no tag")


@rule("operation-summary-missing", "error", "an operation has no summary", kind="house")
def operation_summary_missing(ctx: Context):
    for operation in _route_operations(ctx):
        summary = operation.operation.get("summary")
        if not (isinstance(summary, str) and summary.strip()):
            yield Finding(operation.pointer, f"{route(operation)} has no summary")


@rule("info-version-tag", "error", "info.version is not the release tag (a leading v aside)", kind="house")
def info_version_tag(ctx: Context):
    if ctx.tag and not version_is_tag(ctx.document, ctx.tag):
        version = info_version(ctx.document)
        yield Finding("/info/version", f"info.version is {version!r} but the release tag is {ctx.tag}")


def info_version(document: dict) -> object:
    info = document.get("info")
    return info.get("version") if isinstance(info, dict) else None


def version_is_tag(document: dict, tag: str) -> bool:
    """The rule `info-version-tag`, also asked by `pull` before it pins a release."""
    return str(info_version(document)).removeprefix("v") == tag.removeprefix("v")


@rule("path-version-prefix", "error", "a path carries a /v1-style version prefix", kind="house")
def path_version_prefix(ctx: Context):
    paths = ctx.document.get("paths")
    for path in paths if isinstance(paths, dict) else ():
        segments = path.strip("/").split("/")[:2]
        if any(_VERSION_SEGMENT.match(segment) for segment in segments):
            yield Finding(join("/paths", path), f"path {path} carries a version prefix",
                          hint="the API is versioned by release, not by path")


def _responses(ctx: Context, operation: Operation):
    """(status, resolved response, pointer of the response as written or referenced)."""
    responses = operation.operation.get("responses")
    for status, response in (responses.items() if isinstance(responses, dict) else ()):
        pointer = join(operation.pointer, "responses", status)
        resolved, target = ctx.resolve(response, pointer)
        if isinstance(resolved, dict):
            yield str(status), resolved, target


def _json_schemas(ctx: Context, response: dict, pointer: str):
    content = response.get("content")
    for media_type, media in (content.items() if isinstance(content, dict) else ()):
        if is_json(media_type) and isinstance(media, dict) and "schema" in media:
            yield media_type, join(pointer, "content", media_type, "schema")


def _is_flat_error(ctx: Context, schema: object) -> bool:
    schema, _ = ctx.resolve(schema)
    if not isinstance(schema, dict):
        return False
    members = schema.get("allOf")
    resolved = [ctx.resolve(member)[0] for member in members] if isinstance(members, list) else []
    parts: list[object] = [schema, *resolved]
    properties: dict = {}
    required: set[str] = set()
    for part in parts:
        if isinstance(part, dict):
            listed = part.get("properties")
            properties.update(listed if isinstance(listed, dict) else {})
            required.update(r for r in part.get("required", []) if isinstance(r, str))
    error, _ = ctx.resolve(properties.get("error"))
    kind = error.get("type") if isinstance(error, dict) else None
    return "error" in required and (kind == "string" or (isinstance(kind, list) and kind == ["string"]))
