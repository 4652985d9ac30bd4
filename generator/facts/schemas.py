"""The named component schemas of a spec: which there are, what reaches them, what each one uses.

A schema's page lists who uses it *directly* (an operation that names it in its own parameters or
bodies, a schema that names it in its own fields): following those links reaches every user, and the
lists stay short on APIs where every operation reaches hundreds of schemas through a few.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.spec.lines import escape
from generator.spec.refs import component
from generator.spec.walk import component_entry, written_refs

SCHEMAS = "#/components/schemas/"


def schema_name(ref: object) -> str | None:
    """The component schema a `$ref` names (`#/components/schemas/Pet` -> `Pet`), else None."""
    place = component(ref)
    return place[1] if place is not None and place[0] == "schemas" and not place[2] else None


def schema_ref(name: str) -> str:
    """The `$ref` of a component schema: `Pet` -> `#/components/schemas/Pet`."""
    return SCHEMAS + escape(name)


def direct_schemas(document: dict, root: object) -> list[str]:
    """The schemas `root` names itself: through other components (responses, parameters, ...), but
    not through another schema. In the order they are met."""
    found: dict[str, None] = {}
    seen: set[str] = set()
    todo = [root]
    while todo:
        for ref in written_refs(todo.pop(0)):
            name = schema_name(ref)
            if name is not None:
                found.setdefault(name, None)
            elif ref in seen:
                continue
            elif (entry := component_entry(document, ref)) is not None and entry[0] != "schemas":
                seen.add(ref)
                todo.append(entry[2])
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
    listed = document.get("paths")
    paths: dict = listed if isinstance(listed, dict) else {}
    for operation_id, path, method in operations:
        written = paths.get(path)
        item: dict = written if isinstance(written, dict) else {}
        root = [item.get(method.lower()), item.get("parameters")]
        for name in direct_schemas(document, root):
            by_operation.setdefault(name, {}).setdefault(operation_id, None)
    by_schema: dict[str, dict[str, None]] = {}
    components = document.get("components", {}).get("schemas")
    for owner, schema in (components.items() if isinstance(components, dict) else ()):
        for name in direct_schemas(document, schema):
            if name != owner:
                by_schema.setdefault(name, {}).setdefault(str(owner), None)
    return SchemaUses({k: tuple(v) for k, v in by_operation.items()},
                      {k: tuple(v) for k, v in by_schema.items()})
