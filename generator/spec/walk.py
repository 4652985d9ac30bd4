"""The parts of a document every stage goes through: its operations, its objects and their `$ref`s.

`objects` walks the document as OpenAPI reads it, never into data: example values, `default`,
`const` and `enum` of schemas, and `x-` extensions are not walked, so a `$ref` key in an example is
not a reference. Inside a schema only the keywords that hold schemas are walked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.spec.lines import Pointer, join
from generator.spec.refs import Resolver, component

# The one list of HTTP methods an OpenAPI path item holds, in the order the OpenAPI document lists
# them (the mount script in site/assets has a copy that tests/test_spec_walk.py compares with it).
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
SCHEMA_ONE = ("not", "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
              "propertyNames", "if", "then", "else", "additionalItems", "contentSchema")
SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_KEYWORDS = {**dict.fromkeys(SCHEMA_ONE, object), **dict.fromkeys(SCHEMA_LIST, list),
                    **dict.fromkeys(SCHEMA_MAP, dict)}
# What `objects` yields each object as.
OBJECT, SCHEMA_ROOT, SCHEMA, EXAMPLE = "object", "schema-root", "schema", "example"


@dataclass(frozen=True)
class Operation:
    path: str  # the path template, or the webhook name
    method: str  # lower case, as written
    pointer: str  # under the path as listed: /paths/<path>/<method>
    operation: dict
    item: dict  # the (resolved) path item, for its shared parameters
    item_pointer: str  # the path item as listed: /paths/<path>
    webhook: bool = False
    item_written_at: str = ""  # where the path item is written: its `$ref`'s target, else item_pointer


def operations(resolver: Resolver, webhooks: bool = True) -> Iterator[Operation]:
    """Every operation under `paths` (then `webhooks`), path items' `$ref`s followed, in document order.
    A path item whose `$ref` is broken has no operations here (the `ref-*` rules report it)."""
    for section in ("paths", "webhooks") if webhooks else ("paths",):
        items = resolver.document.get(section)
        for path, item in (items.items() if isinstance(items, dict) else ()):
            item_pointer = join("/" + section, path)
            found = resolver.follow(item, item_pointer)
            if found.problem or not isinstance(found.node, dict):
                continue
            for method in HTTP_METHODS:
                operation = found.node.get(method)
                if isinstance(operation, dict):
                    yield Operation(str(path), method, join(item_pointer, method), operation, found.node,
                                    item_pointer, section == "webhooks", found.pointer)


def objects(root: object, pointer: Pointer | str = "", kind: str = OBJECT
            ) -> Iterator[tuple[Pointer | str, dict | bool, str]]:
    """(pointer, object, kind) for each object under `root` that OpenAPI reads, depth first (a
    schema root may be `true` or `false`).

    `kind` says what `root` is: an OpenAPI object, or a schema. Pointers are `Pointer` chains: a
    document can hold millions of nodes, and only the few that are reported are ever spelled out.
    Example Objects (the entries of an `examples` map) are yielded as EXAMPLE but not walked: their
    value is data.
    """
    todo: list[tuple[Pointer | str, object, str]] = [(pointer, root, kind)]
    while todo:
        pointer, node, kind = todo.pop()
        if isinstance(node, list):
            inner = SCHEMA if kind == SCHEMA_ROOT else kind
            todo.extend((Pointer(pointer, i), item, inner) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            if kind == SCHEMA_ROOT and isinstance(node, bool):
                yield pointer, node, kind  # `true` and `false` are schemas too (3.1)
            continue
        yield pointer, node, kind
        if kind == OBJECT:
            examples = _object_children(pointer, node, todo)
            if examples:
                yield from examples
        else:
            _schema_children(pointer, node, todo)


def references(root: object, pointer: Pointer | str = "", kind: str = OBJECT
               ) -> Iterator[tuple[Pointer | str, str]]:
    """(pointer of the object holding a `$ref`, the `$ref`) for every reference under `root`."""
    for at, node, _ in objects(root, pointer, kind):
        if type(node) is dict and isinstance(node.get("$ref"), str):
            yield at, node["$ref"]


def written_refs(root: object) -> Iterator[str]:
    """Every `$ref` string under `root`, also those in data (examples, extensions), which a tool that
    reads the whole document may follow too (Scalar does); without where they are, as they are asked
    for once per operation of documents with thousands."""
    todo = [root]
    while todo:
        node = todo.pop()
        if type(node) is dict:
            ref = node.get("$ref")
            if type(ref) is str:
                yield ref
            todo.extend(node.values())  # scalars too: filtering them here costs more than popping them
        elif type(node) is list:
            todo.extend(node)


def _object_children(pointer: Pointer | str, node: dict, todo: list) -> list[tuple[Pointer, dict, str]]:
    """An OpenAPI object's children pushed on `todo`: schemas, nested objects; its Example Objects
    returned, to be yielded at once."""
    examples = []
    for key, value in node.items():
        if key.startswith("x-") or not isinstance(value, (dict, list, bool)) or key == "example":
            continue
        child = Pointer(pointer, key)
        if key == "schema":
            todo.append((child, value, SCHEMA_ROOT))
        elif key == "schemas" and _is_components(pointer) and isinstance(value, dict):
            todo.extend((Pointer(child, k), v, SCHEMA_ROOT) for k, v in value.items())
        elif key == "examples" and isinstance(value, dict):
            examples += [(Pointer(child, name), example, EXAMPLE) for name, example in value.items()
                         if isinstance(example, dict)]
        elif not isinstance(value, bool):
            todo.append((child, value, OBJECT))
    return examples


def _schema_children(pointer: Pointer | str, schema: dict, todo: list) -> None:
    for keyword, value in schema.items():
        shape = _SCHEMA_KEYWORDS.get(keyword)
        if shape is None:
            continue
        if shape is list and isinstance(value, list) or shape is object and isinstance(value, (dict, list)):
            todo.append((Pointer(pointer, keyword), value, SCHEMA))
        elif shape is dict and isinstance(value, dict):
            base = Pointer(pointer, keyword)
            todo.extend((Pointer(base, k), v, SCHEMA) for k, v in value.items())


def _is_components(pointer: Pointer | str) -> bool:
    return type(pointer) is Pointer and pointer.parent == "" and pointer.tail == "/components"


def component_entry(document: dict, ref: str) -> tuple[str, str, object] | None:
    """(kind, name, entry) of the component a `$ref` leads into, when the document has it."""
    place = component(ref)
    components = document.get("components")
    entries = components.get(place[0]) if place is not None and isinstance(components, dict) else None
    if place is None or not isinstance(entries, dict) or place[1] not in entries:
        return None
    return place[0], place[1], entries[place[1]]


class ComponentGraph:
    """What `root`s reach among one document's components, each component's own `$ref`s read once: its
    thousands of operations (or a split's parts) reach the same components, whose trees would
    otherwise be walked for each of them. Entries by kind, in the order the walk meets them."""

    def __init__(self, document: dict):
        self.document = document
        self._named: dict[tuple[str, str], list[tuple[str, str, object]]] = {}
        self._sizes: dict[tuple[str, str], int] = {}  # per component, the values it holds itself

    def reachable(self, root: object) -> dict:
        found: dict[str, dict] = {}
        todo: list[tuple[str, str, object] | None] = [None]  # None: the root itself
        while todo:
            scanned = todo.pop()
            for entry in self._entries(root) if scanned is None else self._names(scanned):
                kind, name, _ = entry
                if name not in found.get(kind, {}):
                    found.setdefault(kind, {})[name] = entry[2]
                    todo.append(entry)
        return found

    def values(self, root: object, limit: int) -> int:
        """How many values `root` and the components it reaches hold together, each component once and
        each list, object and leaf one value; limit + 1 at most: the walk stops past `limit` (what a
        tool that copies a schema with everything it names copies: body_examples.py)."""
        found = _size(root)
        todo, seen = self._entries(root), set()
        while todo and found <= limit:
            entry = todo.pop()
            key = (entry[0], entry[1])
            if key in seen:
                continue
            seen.add(key)
            if key not in self._sizes:
                self._sizes[key] = _size(entry[2])
            found += self._sizes[key]
            todo.extend(self._names(entry))
        return min(found, limit + 1)

    def _names(self, entry: tuple[str, str, object]) -> list[tuple[str, str, object]]:
        """The components `entry` names itself, in the order its `$ref`s are met (each once)."""
        key = (entry[0], entry[1])
        if key not in self._named:
            self._named[key] = self._entries(entry[2])
        return self._named[key]

    def _entries(self, node: object) -> list[tuple[str, str, object]]:
        met: dict[tuple[str, str], tuple[str, str, object]] = {}
        for ref in written_refs(node):
            entry = component_entry(self.document, ref)
            if entry is not None:
                met.setdefault((entry[0], entry[1]), entry)
        return list(met.values())


def _size(node: object) -> int:
    """The values under `node`: each list, object and leaf counts one."""
    found, todo = 0, [node]
    while todo:
        value = todo.pop()
        found += 1
        if type(value) is dict:
            todo.extend(value.values())
        elif type(value) is list:
            todo.extend(value)
    return found


def reachable_components(document: dict, root: object) -> dict:
    """The `#/components/<kind>/<name>` entries reachable from `root`, transitively, by kind (every
    `$ref` counts, one in an example too: Scalar reads the part a split hands it whole). Calls on one
    document that reach the same components share a ComponentGraph instead."""
    return ComponentGraph(document).reachable(root)
