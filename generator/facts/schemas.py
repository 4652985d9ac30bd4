"""The named component schemas of a spec: which there are, what reaches them, what each one uses.

A schema's page lists who uses it *directly* (an operation that names it in its own parameters or
bodies, a schema that names it in its own fields): following those links reaches every user, and the
lists stay short on APIs where every operation reaches hundreds of schemas through a few.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.spec.lines import escape
from generator.spec.refs import component
from generator.spec.walk import written_refs

SCHEMAS = "#/components/schemas/"


def schema_name(ref: object) -> str | None:
    """The component schema a `$ref` names (`#/components/schemas/Pet` -> `Pet`), else None."""
    place = component(ref)
    return place[1] if place is not None and place[0] == "schemas" and not place[2] else None


def schema_ref(name: str) -> str:
    """The `$ref` of a component schema: `Pet` -> `#/components/schemas/Pet`."""
    return SCHEMAS + escape(name)


def _entry(document: dict, ref: str) -> tuple[str, str, object] | None:
    """(kind, name, entry) of the component a `$ref` leads into, when the document has it."""
    place = component(ref)
    components = document.get("components")
    entries = components.get(place[0]) if place is not None and isinstance(components, dict) else None
    if place is None or not isinstance(entries, dict) or place[1] not in entries:
        return None
    return place[0], place[1], entries[place[1]]


def reachable_components(document: dict, root: object) -> dict:
    """The `#/components/<kind>/<name>` entries reachable from `root`, transitively, by kind (every
    `$ref` counts, one in an example too: Scalar reads the part a split hands it whole)."""
    found: dict[str, dict] = {}
    todo = [root]
    while todo:
        for ref in written_refs(todo.pop()):
            entry = _entry(document, ref)
            if entry is not None and entry[1] not in found.get(entry[0], {}):
                found.setdefault(entry[0], {})[entry[1]] = entry[2]
                todo.append(entry[2])
    return found


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
            elif ref not in seen and (entry := _entry(document, ref)) is not None and entry[0] != "schemas":
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
