"""The named component schemas of a spec: which there are, what reaches them, what each one uses.

A schema's page lists who uses it *directly* (an operation that names it in its own parameters or
bodies, a schema that names it in its own fields): following those links reaches every user, and the
lists stay short on APIs where every operation reaches hundreds of schemas through a few.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COMPONENTS = "#/components/"
SCHEMAS = "#/components/schemas/"


def unescape_pointer(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def schema_name(ref: object) -> str | None:
    """The component schema a `$ref` names (`#/components/schemas/Pet` -> `Pet`), else None."""
    if isinstance(ref, str) and ref.startswith(SCHEMAS) and "/" not in ref[len(SCHEMAS):]:
        return unescape_pointer(ref[len(SCHEMAS):])
    return None


def schema_ref(name: str) -> str:
    """The `$ref` of a component schema: `Pet` -> `#/components/schemas/Pet`."""
    return SCHEMAS + name.replace("~", "~0").replace("/", "~1")


def reachable_components(document: dict, root: object) -> dict:
    """The `#/components/<kind>/<name>` entries reachable from `root`, transitively, by kind."""
    source = document.get("components", {})
    found: dict[str, dict] = {}
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(COMPONENTS):
                kind, _, name = ref[len(COMPONENTS):].partition("/")
                name = unescape_pointer(name)
                entries = source.get(kind, {}) if isinstance(source.get(kind), dict) else {}
                if name not in found.get(kind, {}) and name in entries:
                    found.setdefault(kind, {})[name] = entries[name]
                    todo.append(entries[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def direct_schemas(document: dict, root: object) -> list[str]:
    """The schemas `root` names itself: through other components (responses, parameters, ...), but
    not through another schema. In the order they are met."""
    source = document.get("components", {})
    found: dict[str, None] = {}
    seen: set[str] = set()
    todo = [root]
    while todo:
        node = todo.pop(0)
        if isinstance(node, dict):
            ref = node.get("$ref")
            name = schema_name(ref)
            if name is not None:
                found.setdefault(name, None)
            elif isinstance(ref, str) and ref.startswith(COMPONENTS) and ref not in seen:
                seen.add(ref)
                kind, _, key = ref[len(COMPONENTS):].partition("/")
                entries = source.get(kind) if isinstance(source.get(kind), dict) else {}
                todo.append(entries.get(unescape_pointer(key)))
            todo.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            todo.extend(node)
    return list(found)


@dataclass(frozen=True)
class SchemaUses:
    """Who names each schema directly: operations (by operationId) and other schemas."""

    operations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    schemas: dict[str, tuple[str, ...]] = field(default_factory=dict)


def schema_names(document: dict) -> list[str]:
    schemas = document.get("components", {}).get("schemas")
    return [str(name) for name in schemas] if isinstance(schemas, dict) else []


def uses(document: dict, operations) -> SchemaUses:
    """`operations`: (operationId, path, method) of each operation, as generator.facts lists them."""
    by_operation: dict[str, dict[str, None]] = {}
    paths = document.get("paths") if isinstance(document.get("paths"), dict) else {}
    for operation_id, path, method in operations:
        item = paths.get(path) if isinstance(paths.get(path), dict) else {}
        root = [item.get(method.lower()), item.get("parameters")]
        for name in direct_schemas(document, root):
            by_operation.setdefault(name, {}).setdefault(operation_id, None)
    by_schema: dict[str, dict[str, None]] = {}
    components = document.get("components", {}).get("schemas")
    for owner, schema in (components.items() if isinstance(components, dict) else ()):
        for name in direct_schemas(document, schema):
            if name != owner:
                by_schema.setdefault(name, {}).setdefault(str(owner), None)
    return SchemaUses({k: tuple(v) for k, v in by_operation.items()}, {k: tuple(v) for k, v in by_schema.items()})
