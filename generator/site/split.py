"""Split a large document into one self-contained document per tag, for Scalar to load one at a time.

Scalar processes the whole document before it shows anything; on a spec with thousands of operations
that takes many seconds. A per-tag document holds the operations whose first tag is that tag, plus
exactly the components they reach through `$ref`, so each loads in a fraction of the time.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.facts import METHODS, slug

WEBHOOKS = "webhooks"
UNTAGGED = "default"


@dataclass(frozen=True)
class Part:
    slug: str
    title: str
    operations: int
    document: dict


def split(document: dict) -> list[Part]:
    """One Part per first tag (in the document's tag order), plus one for webhooks when there are any."""
    groups: dict[str, dict[str, dict]] = {}
    for path, item in document.get("paths", {}).items():
        if not isinstance(item, dict):
            continue
        shared = {k: v for k, v in item.items() if k not in METHODS}
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                tag = (operation.get("tags") or [UNTAGGED])[0]
                groups.setdefault(tag, {}).setdefault(path, dict(shared))[method] = operation
    declared = {t.get("name"): t for t in document.get("tags", []) if isinstance(t, dict)}
    order = [name for name in declared if name in groups] + sorted(set(groups) - set(declared))
    parts = [_part(document, slug(tag), tag, {"paths": groups[tag]}, [declared.get(tag, {"name": tag})])
             for tag in order]
    if document.get("webhooks"):
        parts.append(_part(document, WEBHOOKS, "Webhooks", {"webhooks": document["webhooks"]}, []))
    return parts


def _part(document: dict, part_slug: str, title: str, body: dict, tags: list[dict]) -> Part:
    part = {key: document[key] for key in ("openapi", "info", "jsonSchemaDialect", "servers", "security")
            if key in document}
    part["info"] = {**document.get("info", {}), "title": f"{document.get('info', {}).get('title', '')}: {title}"}
    part["tags"] = tags
    part.update(body)
    components = _reachable_components(document, body)
    schemes = document.get("components", {}).get("securitySchemes")
    if schemes:
        components.setdefault("securitySchemes", {}).update(schemes)
    if components:
        part["components"] = components
    count = sum(1 for item in body.get("paths", body.get("webhooks", {})).values()
                for method in item if method in METHODS)
    return Part(part_slug, title, count, part)


def _reachable_components(document: dict, root: object) -> dict:
    """The `#/components/<kind>/<name>` entries reachable from `root`, transitively."""
    source = document.get("components", {})
    found: dict[str, dict] = {}
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                kind, _, name = ref[len("#/components/"):].partition("/")
                name = name.replace("~1", "/").replace("~0", "~")
                if name not in found.get(kind, {}) and name in source.get(kind, {}):
                    found.setdefault(kind, {})[name] = source[kind][name]
                    todo.append(source[kind][name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found
