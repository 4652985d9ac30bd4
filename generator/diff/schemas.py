"""Compare the schemas two operations send or receive, component by component, once.

A schema is flattened first: `$ref`s followed, `allOf` merged, `oneOf`/`anyOf` united (a property
of any variant may appear; it is required only when every variant requires it). Two flattened
schemas are compared locally (types, enum, properties added/removed, required, whether the object
refuses properties it does not list) and their common properties and `items` become child pairs. Pairs are keyed by the pointers of the two schemas and
memoized, so a shared component pair is compared once per diff however many operations reach it;
each operation then walks the pair graph breadth first with a visited set, which stops recursive
schemas and reports a change in a shared component once per operation, under the shortest property
path by which the operation reaches it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import orjson

from generator.diff.operations import deref
from generator.diff.unions import Union, Variant, pair_variants, union_of, variant
from generator.spec import Spec
from generator.spec.lines import join

# Keys that make a schema more than a leaf: an unchanged leaf needs no pair of its own.
_STRUCTURE = ("$ref", "properties", "items", "allOf", "oneOf", "anyOf")


@dataclass(frozen=True)
class Delta:
    """One difference between two schemas, direction-neutral; rules decide what it means."""

    kind: str  # type-changed, enum-changed, property-added, property-removed, made-required, made-optional,
    # closed-changed (additionalProperties or unevaluatedProperties false, or not)
    path: tuple[str, ...]  # property path from the schema root, `[]` for array items
    old_pointer: str
    new_pointer: str
    old: object = None  # kind-specific: types (frozenset) or enum values (frozenset | None)
    new: object = None
    root: str = ""  # which schema of the operation: a media type, or a status and a media type

    def where(self) -> str:
        path = ".".join(self.path).replace(".[]", "[]")
        return path or "the schema"


@dataclass
class Flat:
    pointer: str
    types: frozenset | None = None  # None: not stated, anything goes
    enum: frozenset | None = None  # canonical JSON of each allowed value; None: not an enum
    properties: dict = field(default_factory=dict)  # name -> (node, pointer)
    required: set = field(default_factory=set)
    items: tuple | None = None  # (node, pointer)
    closed: str | None = None  # the pointer of the `additionalProperties: false` (or unevaluated) that closes it
    const: bool = False  # the value is fixed by `const`
    union: Union | None = None  # the oneOf/anyOf whose variants are compared one by one (not an enum of consts)
    own: Flat | None = None  # with a union: the schema without it (its own properties, allOf and all)


class SchemaDiff:
    def __init__(self, old: Spec, new: Spec):
        self.specs = (old, new)
        self._flat: tuple[dict, dict] = ({}, {})
        self._pairs: dict[tuple[str, str], tuple[list[Delta], list]] = {}

    def walk(self, roots: list[tuple[str, tuple, tuple]]) -> list[Delta]:
        """Deltas reachable from (label, (old node, pointer), (new node, pointer)) roots, each pair once."""
        found, seen, reported = [], set(), set()
        queue = deque((label, (), old, new) for label, old, new in roots)
        while queue:
            root, prefix, old, new = queue.popleft()
            (old_flat, new_flat) = self.flatten(0, *old), self.flatten(1, *new)
            key = (old_flat.pointer, new_flat.pointer)
            if key in seen:
                continue
            seen.add(key)
            deltas, children = self._pair(key, old_flat, new_flat)
            # Two pairs can share a delta (one component reached as two others): report it once.
            fresh = [d for d in deltas if (d.kind, d.old_pointer, d.new_pointer) not in reported]
            reported.update((d.kind, d.old_pointer, d.new_pointer) for d in fresh)
            found += [_placed(d, root, prefix) for d in fresh]
            queue.extend((root, prefix + (name,), o, n) for name, o, n in children)
        return found

    def flatten(self, side: int, node: object, pointer: str) -> Flat:
        spec = self.specs[side]
        node, pointer = deref(spec, node, pointer)
        cached = self._flat[side].get(pointer)
        if cached is None:
            cached = self._flat[side][pointer] = _flatten(spec, node, pointer, set())
        return cached

    def _pair(self, key, old: Flat, new: Flat):
        result = self._pairs.get(key)
        if result is None:
            if old.union and new.union:
                result = self._pairs[key] = self._compare_unions(old, new)
            else:
                result = self._pairs[key] = compare_flat(old, new)
        return result

    def _compare_unions(self, old: Flat, new: Flat) -> tuple[list[Delta], list]:
        """Two unions: what the schemas say beside them, whether null is allowed, and each variant on its own."""
        deltas, children = compare_flat(old.own, new.own)
        if old.union.nullable != new.union.nullable:
            base = ((old.types or frozenset()) | (new.types or frozenset())) - {"null"} or frozenset({"any"})
            null = frozenset({"null"})
            deltas.append(Delta("type-changed", (), old.union.pointer, new.union.pointer,
                                base | (null if old.union.nullable else frozenset()),
                                base | (null if new.union.nullable else frozenset())))
        if old.union.property != new.union.property and old.union.property and new.union.property:
            deltas.append(Delta("discriminator-changed", (), old.union.pointer, new.union.pointer,
                                old.union.property, new.union.property))
        variants = [[self._variant(side, flat.union, *m) for m in flat.union.members]
                    for side, flat in enumerate((old, new))]
        pairs, removed, added = pair_variants(*variants)
        step = f"{new.union.keyword}[{{}}]"
        for v in removed:
            deltas.append(Delta("variant-removed", (), v.pointer, new.union.pointer, v.label, None))
        for v in added:
            deltas.append(Delta("variant-added", (), old.union.pointer, v.pointer, None, v.label))
        for o, n in pairs:
            if o.values and n.values and not (o.values & n.values) and old.union.property == new.union.property:
                deltas.append(Delta("discriminator-changed", (), o.pointer, n.pointer,
                                    ", ".join(sorted(o.values)), ", ".join(sorted(n.values))))
            children.append((step.format(n.label), (o.node, o.pointer), (n.node, n.pointer)))
        return deltas, children

    def _variant(self, side: int, union: Union, node: object, pointer: str) -> Variant:
        return variant(union, node, pointer, self.flatten(side, node, pointer),
                       lambda flat, name: self._const(side, flat, name))

    def _const(self, side: int, flat: Flat, name: str) -> str | None:
        """The one value `flat`'s property `name` may take, as text; None when it may take more."""
        if name not in flat.properties:
            return None
        enum = self.flatten(side, *flat.properties[name]).enum
        if enum is None or len(enum) != 1:
            return None
        value = orjson.loads(next(iter(enum)))
        return value if isinstance(value, str) else orjson.dumps(value).decode()


def _placed(delta: Delta, root: str, prefix: tuple[str, ...]) -> Delta:
    return Delta(delta.kind, prefix + delta.path, delta.old_pointer, delta.new_pointer, delta.old, delta.new, root)


def compare_flat(old: Flat, new: Flat) -> tuple[list[Delta], list]:
    """Local deltas of two flattened schemas and their child pairs (name, old, new)."""
    deltas = []
    if old.types is not None and new.types is not None and old.types != new.types:
        deltas.append(Delta("type-changed", (), join(old.pointer, "type"), join(new.pointer, "type"),
                            old.types, new.types))
    if old.enum != new.enum:
        fixed = old.const and new.const
        keyword = "const" if fixed else "enum"
        deltas.append(Delta("const-changed" if fixed else "enum-changed", (), join(old.pointer, keyword),
                            join(new.pointer, keyword), old.enum, new.enum))
    if (old.closed is None) != (new.closed is None):
        deltas.append(Delta("closed-changed", (), old.closed or join(old.pointer, "additionalProperties"),
                            new.closed or join(new.pointer, "additionalProperties"),
                            old.closed is not None, new.closed is not None))
    for name, (_, pointer) in old.properties.items():
        if name not in new.properties:
            deltas.append(Delta("property-removed", (name,), pointer, join(new.pointer, "properties", name),
                                name in old.required, None))
    children = []
    for name, (node, pointer) in new.properties.items():
        if name not in old.properties:
            deltas.append(Delta("property-added", (name,), join(old.pointer, "properties", name), pointer,
                                None, name in new.required))
            continue
        if (name in new.required) != (name in old.required):
            kind = "made-required" if name in new.required else "made-optional"
            deltas.append(Delta(kind, (name,), old.properties[name][1], pointer))
        old_child = old.properties[name]
        if not _unchanged_leaf(old_child[0], node):
            children.append((name, old_child, (node, pointer)))
    if old.items is not None and new.items is not None and not _unchanged_leaf(old.items[0], new.items[0]):
        children.append(("[]", old.items, new.items))
    return deltas, children


def _unchanged_leaf(old: object, new: object) -> bool:
    return isinstance(old, dict) and old == new and not any(key in old for key in _STRUCTURE)


def _flatten(spec: Spec, node: object, pointer: str, seen: set[str], unions: bool = True) -> Flat:
    flat = Flat(pointer)
    if not isinstance(node, dict) or pointer in seen:
        return flat
    seen = seen | {pointer}
    flat.types = _types(node)
    flat.enum = _enum(node)
    flat.const = "const" in node
    properties = node.get("properties")
    if isinstance(properties, dict):
        flat.properties = {name: (child, join(pointer, "properties", name)) for name, child in properties.items()}
    required = node.get("required")
    flat.required = {str(r) for r in required} if isinstance(required, list) else set()
    if isinstance(node.get("items"), dict):
        flat.items = (node["items"], join(pointer, "items"))
    flat.closed = next((join(pointer, key) for key in ("additionalProperties", "unevaluatedProperties")
                        if node.get(key) is False), None)
    for keyword in ("allOf", "oneOf", "anyOf"):
        members = node.get(keyword)
        if not (isinstance(members, list) and members):
            continue
        parts = [_flatten(spec, *deref(spec, m, join(pointer, keyword, i)), seen, unions) for i, m in enumerate(members)]
        if keyword == "allOf":
            _merge_all(flat, parts)
            flat.union = flat.union or next((p.union for p in parts if p.union), None)
        elif unions:
            _merge_any(flat, parts)
            if flat.union is None and not _enum_union(parts):
                flat.union = union_of(node, pointer, keyword, lambda _: _discriminating(parts))
    if node.get("nullable") is True and flat.types is not None:  # OpenAPI 3.0, beside a composition
        flat.types = flat.types | {"null"}
    if flat.union is not None and unions:
        flat.own = _flatten(spec, node, pointer, seen - {pointer}, unions=False)
    return flat


def _enum_union(parts: list[Flat]) -> bool:
    """A union of consts (or enums) and nulls: compared as the enum it is."""
    return all(p.enum is not None or p.types == frozenset({"null"}) for p in parts)


def _discriminating(parts: list[Flat]) -> str | None:
    """The property every object variant fixes to one value (`type: {const: "text"}`), if there is one."""
    objects = [p for p in parts if p.properties]
    if len(objects) < 2:
        return None
    common = set.intersection(*(set(p.properties) for p in objects))
    for name in sorted(common):
        if all(isinstance(p.properties[name][0], dict) and _fixed(p.properties[name][0]) for p in objects):
            return name
    return None


def _fixed(node: dict) -> bool:
    return "const" in node or (isinstance(node.get("enum"), list) and len(node["enum"]) == 1)


def _merge_all(flat: Flat, parts: list[Flat]) -> None:
    for part in parts:
        for name, child in part.properties.items():
            flat.properties.setdefault(name, child)
        flat.required |= part.required
        if part.types is not None:
            flat.types = part.types if flat.types is None else flat.types & part.types
        flat.enum = flat.enum if flat.enum is not None else part.enum
        flat.items = flat.items or part.items
        flat.closed = flat.closed or part.closed


def _merge_any(flat: Flat, parts: list[Flat]) -> None:
    objects = [p for p in parts if p.properties]
    for part in objects:
        for name, child in part.properties.items():
            flat.properties.setdefault(name, child)
    if objects:
        flat.required |= set.intersection(*(p.required for p in objects))
        if all(p.closed for p in objects):  # every variant refuses what it does not list
            flat.closed = flat.closed or objects[0].closed
    if flat.types is None and all(p.types is not None for p in parts):
        flat.types = frozenset().union(*(p.types for p in parts))
    elif flat.types is not None and any(p.types == frozenset({"null"}) for p in parts):
        flat.types = flat.types | {"null"}
    if flat.enum is None and all(p.enum is not None for p in parts):
        flat.enum = frozenset().union(*(p.enum for p in parts))
    flat.items = flat.items or next((p.items for p in parts if p.items), None)


def _types(node: dict) -> frozenset | None:
    declared = node.get("type")
    if isinstance(declared, str):
        types = {declared}
    elif isinstance(declared, list):
        types = {str(t) for t in declared}
    else:
        return None
    if node.get("nullable") is True:  # OpenAPI 3.0
        types.add("null")
    return frozenset(types)


def _enum(node: dict) -> frozenset | None:
    if "const" in node:
        values = [node["const"]]
    elif isinstance(node.get("enum"), list):
        values = node["enum"]
    else:
        return None
    return frozenset(orjson.dumps(v, option=orjson.OPT_SORT_KEYS).decode() for v in values)


def covers(wider: frozenset, narrower: frozenset) -> bool:
    """Whether every type in `narrower` is accepted by `wider` (an integer is a number)."""
    return all(t in wider or (t == "integer" and "number" in wider) for t in narrower)
