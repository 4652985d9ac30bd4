"""Split a large document into small self-contained documents, for Scalar to load one at a time.

Scalar processes a whole document before it shows anything; on a spec with thousands of operations
that takes many seconds. Each part holds operations of one tag (the first tag of each operation),
at most about MAX_PART_BYTES of them; a tag too large for one part is cut into chunks of consecutive
operations in (path, method) order. Operations without a tag are cut by path prefix (`/v1/messages`),
the parts named by it. A part returned here carries the components its operations reach through
`$ref`, but what Scalar loads keeps its operations and only those components few parts reach
(shared_components.py moves the others into one file per version): the budget counts the
operations, so a schema-heavy spec, whose every operation reaches more than MAX_PART_BYTES of
schemas, is not cut into parts of one operation each.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.layout import slug
from generator.spec import HTTP_METHODS, Resolver
from generator.spec import operations as spec_operations
from generator.spec.encode import json_bytes
from generator.spec.walk import ComponentGraph

WEBHOOKS = "webhooks"
UNTAGGED = "default"
MAX_PART_BYTES = 200_000  # measured: Scalar shows such a part in about a second on this machine


@dataclass(frozen=True)
class Part:
    slug: str
    title: str
    tag_slug: str
    operations: int
    # (path, method index in HTTP_METHODS) of its first operation, when its tag is cut into chunks.
    first: tuple[str, int] | None
    document: dict


@dataclass(frozen=True)
class _Operation:
    path: str
    method: str
    shared: dict  # the path item's non-operation fields (parameters, servers, ...)
    body: dict

    @property
    def key(self) -> tuple[str, int]:
        return self.path, HTTP_METHODS.index(self.method)


def split(document: dict, max_bytes: int | None = None) -> list[Part]:
    """Parts in the document's tag order, plus one for webhooks when there are any."""
    max_bytes = max_bytes or MAX_PART_BYTES
    groups = _by_first_tag(document)
    graph = ComponentGraph(document)  # each component's `$ref`s, found once for all parts
    declared = {t.get("name"): t for t in document.get("tags", []) if isinstance(t, dict)}
    order = [name for name in declared if name in groups] + sorted(set(groups) - set(declared))
    parts: list[Part] = []
    for tag in order:
        operations = sorted(groups[tag], key=lambda op: op.key)
        if tag == UNTAGGED:
            parts += _untagged_parts(document, operations, max_bytes, graph)
            continue
        chunks = _chunks(document, operations, max_bytes)
        for number, chunk in enumerate(chunks, 1):
            many = len(chunks) > 1
            parts.append(_part(
                document, f"{slug(tag)}-{number}" if many else slug(tag),
                f"{tag} ({number}/{len(chunks)})" if many else tag, slug(tag),
                {"paths": _paths(chunk)}, [declared.get(tag, {"name": tag})], len(chunk),
                chunk[0].key if many else None, graph))
    if document.get("webhooks"):
        hooks = document["webhooks"]
        count = sum(1 for op in spec_operations(Resolver(document)) if op.webhook)
        parts.append(_part(document, WEBHOOKS, "Webhooks", WEBHOOKS, {"webhooks": hooks}, [], count, None,
                           graph))
    return parts


def _untagged_parts(document: dict, operations: list[_Operation], max_bytes: int,
                    graph: ComponentGraph) -> list[Part]:
    """Operations without a tag, cut by path prefix (`/v1/messages`) into parts named by it: runs of
    consecutive operations in (path, method) order, so a deep link's part is found as in a tag cut
    into chunks (every part says where it starts)."""
    runs: list[tuple[str, list[_Operation]]] = []
    for operation in operations:
        prefix = path_prefix(operation.path)
        if not runs or runs[-1][0] != prefix:
            runs.append((prefix, []))
        runs[-1][1].append(operation)
    parts, taken = [], set()
    for prefix, run in runs:
        chunks = _chunks(document, run, max_bytes)
        for number, chunk in enumerate(chunks, 1):
            many = len(chunks) > 1
            part_slug = f"{UNTAGGED}-{slug(prefix) or 'root'}" + (f"-{number}" if many else "")
            while part_slug in taken:  # a prefix met again after another one (`/a`, `/a-b`, `/a/c`)
                part_slug += "-again"
            taken.add(part_slug)
            parts.append(_part(document, part_slug, f"{prefix} ({number}/{len(chunks)})" if many else prefix,
                               slug(UNTAGGED), {"paths": _paths(chunk)}, [{"name": UNTAGGED}], len(chunk),
                               chunk[0].key, graph))
    return parts


def path_prefix(path: str) -> str:
    """What a path is about: its segments up to the first that is neither a version (`v1`), `api`
    nor a parameter, included: `/v1/messages/batches/{id}` -> `/v1/messages`."""
    kept = []
    for segment in path.strip("/").split("/"):
        if segment.startswith("{"):
            break
        kept.append(segment)
        if not (segment.lower() == "api" or (segment[:1] in "vV" and segment[1:].isdigit())):
            break
    return "/" + "/".join(kept)


def _by_first_tag(document: dict) -> dict[str, list[_Operation]]:
    groups: dict[str, list[_Operation]] = {}
    for op in spec_operations(Resolver(document), webhooks=False):
        shared = {k: v for k, v in op.item.items() if k not in HTTP_METHODS}
        tag = (op.operation.get("tags") or [UNTAGGED])[0]
        groups.setdefault(tag, []).append(_Operation(op.path, op.method, shared, op.operation))
    return groups


def _chunks(document: dict, operations: list[_Operation], max_bytes: int) -> list[list[_Operation]]:
    """Consecutive operations, each run as large as fits in max_bytes with what every part holds
    (info, servers, security schemes) and their path items' own fields (parameters, ...; on Microsoft
    Graph twice the operations' bytes): what a part keeps once its components are shared."""
    empty = len(json_bytes(_part(document, "", "", "", {}, [], 0, None).document))
    chunks: list[list[_Operation]] = [[]]
    size = empty
    for operation in operations:
        added = len(json_bytes(operation.body))
        item = len(json_bytes(operation.shared))  # once per path in a chunk (in (path, method) order)
        new_path = not chunks[-1] or chunks[-1][-1].path != operation.path
        if chunks[-1] and size + added + (item if new_path else 0) > max_bytes:
            chunks.append([])
            size, new_path = empty, True
        chunks[-1].append(operation)
        size += added + (item if new_path else 0)
    return chunks


def _paths(operations: list[_Operation]) -> dict:
    paths: dict[str, dict] = {}
    for operation in operations:
        paths.setdefault(operation.path, dict(operation.shared))[operation.method] = operation.body
    return paths


def _part(document: dict, part_slug: str, title: str, tag_slug: str, body: dict, tags: list[dict],
          operations: int, first: tuple[str, int] | None, graph: ComponentGraph | None = None) -> Part:
    part = {key: document[key] for key in ("openapi", "info", "jsonSchemaDialect", "servers", "security")
            if key in document}
    info = document.get("info", {})
    part["info"] = {**info, "title": f"{info.get('title', '')}: {title}"}
    part["tags"] = tags
    part.update(body)
    components = (graph or ComponentGraph(document)).reachable(body)
    schemes = document.get("components", {}).get("securitySchemes")
    if schemes:
        components.setdefault("securitySchemes", {}).update(schemes)
    if components:
        part["components"] = components
    return Part(part_slug, title, tag_slug, operations, first, part)
