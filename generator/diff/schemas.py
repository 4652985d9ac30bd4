"""Compare the schemas two operations send or receive, component by component, once.

Schemas are flattened first (`flat.py`). Two flattened schemas are compared locally (types, enum,
constraints, default, properties added/removed, required, whether the object refuses properties it
does not list; two unions variant by variant) and their common properties, `items` and other
subschemas (`additionalProperties`, `prefixItems`, `contains`, `then`, ...) become child pairs. Pairs
are keyed by the pointers of the two schemas and memoized, so a shared component pair is compared once
per diff however many operations reach it; each operation then walks the pair graph breadth first with
a visited set, which stops recursive schemas and reports a change in a shared component once per
operation, under the shortest property path by which the operation reaches it. A delta below a
`readOnly` (`writeOnly`) property carries that mark, so request (response) rules can leave it out.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from generator.diff import keywords
from generator.diff.flat import Flat, flatten
from generator.diff.operations import deref
from generator.diff.unions import Union, Variant, pair_variants, variant
from generator.spec import Spec
from generator.spec.encode import from_json, json_bytes
from generator.spec.lines import join

# Keys that make a schema more than a leaf: an unchanged leaf needs no pair of its own.
_STRUCTURE = ("$ref", "properties", "items", "allOf", "oneOf", "anyOf", "additionalProperties",
              "unevaluatedItems", "prefixItems", "patternProperties", "dependentSchemas",
              *keywords.SINGLE_SUBSCHEMAS)


@dataclass(frozen=True)
class Delta:
    """One difference between two schemas, direction-neutral; rules decide what it means."""

    kind: str  # type-changed, enum-changed, extensible-enum-changed, const-changed, property-added,
    # property-removed, made-required, made-optional, closed-changed (additionalProperties or
    # unevaluatedProperties false, or not), constraint-changed, default-changed, variant-added,
    # variant-removed, discriminator-changed
    path: tuple[str, ...]  # property path from the schema root, `[]` for array items
    old_pointer: str
    new_pointer: str
    # Kind-specific: types (frozenset), enum values (frozenset | None), a constraint's value.
    old: object = None
    new: object = None
    root: str = ""  # which schema of the operation: a media type, a status and a media type, or a parameter
    keyword: str = ""  # constraint-changed: the keyword (`maximum`, `pattern`, `contains`, ...)
    access: frozenset = frozenset()  # readOnly / writeOnly on the way to it
    parameter: bool = False  # the root is a parameter's schema, not a body's

    def where(self) -> str:
        path = ".".join(self.path).replace(".[]", "[]")
        return path or "the schema"

    @property
    def direction(self) -> str | None:
        """constraint-changed: narrowed, widened or changed (keywords.direction)."""
        if self.keyword in keywords.CONSTRAINTS:
            return keywords.direction(self.keyword, self.old, self.new)
        return keywords.subschema_direction(self.old, self.new)


class SchemaDiff:
    def __init__(self, old: Spec, new: Spec):
        self.specs = (old, new)
        self._flat: tuple[dict, dict] = ({}, {})
        self._pairs: dict[tuple[str, str], tuple[list[Delta], list]] = {}

    def walk(self, roots: list[tuple[str, tuple, tuple]], parameter: bool = False) -> list[Delta]:
        """Deltas reachable from (label, (old node, pointer), (new node, pointer)) roots, each pair once."""
        found: list[Delta] = []
        seen: set[tuple[str, str]] = set()
        reported: set[tuple[str, str, str]] = set()
        queue: deque[tuple[str, tuple, tuple, tuple, frozenset]] = deque(
            (label, (), old, new, frozenset()) for label, old, new in roots)
        while queue:
            root, prefix, old, new, access = queue.popleft()
            (old_flat, new_flat) = self.flatten(0, *old), self.flatten(1, *new)
            key = (old_flat.pointer, new_flat.pointer)
            if key in seen:
                continue
            seen.add(key)
            deltas, children = self._pair(key, old_flat, new_flat)
            # Two pairs can share a delta (one component reached as two others): report it once.
            fresh = [d for d in deltas if (d.kind, d.old_pointer, d.new_pointer) not in reported]
            reported.update((d.kind, d.old_pointer, d.new_pointer) for d in fresh)
            found += [_placed(d, root, prefix, access, parameter) for d in fresh]
            queue.extend((root, prefix + (name,), o, n, access | marks) for name, o, n, marks in children)
        return found

    def flatten(self, side: int, node: object, pointer: str) -> Flat:
        spec = self.specs[side]
        node, pointer = deref(spec, node, pointer)
        cached = self._flat[side].get(pointer)
        if cached is None:
            cached = self._flat[side][pointer] = flatten(spec, node, pointer)
        return cached

    def access(self, side: int, node: object, pointer: str) -> frozenset:
        """readOnly / writeOnly of a property: beside its `$ref` or in the schema it names."""
        beside = frozenset(k for k in ("readOnly", "writeOnly")
                           if isinstance(node, dict) and node.get(k) is True)
        return beside | self.flatten(side, node, pointer).access

    def _pair(self, key, old: Flat, new: Flat):
        result = self._pairs.get(key)
        if result is None:
            if old.union and new.union:
                result = self._pairs[key] = self._compare_unions(old, new)
            else:
                result = self._pairs[key] = self._compare(old, new)
        return result

    def _compare(self, old: Flat, new: Flat) -> tuple[list[Delta], list]:
        """Local deltas of two flattened schemas and their child pairs (name, old, new, access marks)."""
        deltas = _values(old, new) + _constraints(old, new)
        children = []
        for name, (_, pointer) in old.properties.items():
            if name not in new.properties:
                deltas.append(Delta("property-removed", (name,), pointer,
                                    join(new.pointer, "properties", name), name in old.required, None,
                                    access=self.access(0, *old.properties[name])))
        for name, (node, pointer) in new.properties.items():
            marks = self.access(1, node, pointer)
            if name not in old.properties:
                deltas.append(Delta("property-added", (name,), join(old.pointer, "properties", name), pointer,
                                    None, name in new.required, access=marks))
                continue
            marks |= self.access(0, *old.properties[name])
            if (name in new.required) != (name in old.required):
                kind = "made-required" if name in new.required else "made-optional"
                deltas.append(Delta(kind, (name,), old.properties[name][1], pointer, access=marks))
            children.append((name, old.properties[name], (node, pointer), marks))
        pairs = [("[]", old.items, new.items)] + [
            (name, old.subschemas.get(name), new.subschemas.get(name))
            for name in sorted(old.subschemas.keys() | new.subschemas.keys())]
        for name, before, after in pairs:
            if before is not None and after is not None:
                children.append((name, before, after, frozenset()))
            elif name != "[]" and (before or after) and not (name == "*" and (old.closed or new.closed)):
                keyword = keywords.subschema_keyword(name)
                deltas.append(Delta("constraint-changed", (),
                                    (before or (None, join(old.pointer, keyword)))[1],
                                    (after or (None, join(new.pointer, keyword)))[1],
                                    before and before[0], after and after[0], keyword=keyword))
        return deltas, [c for c in children if not _unchanged_leaf(c[1][0], c[2][0])]

    def _compare_unions(self, old: Flat, new: Flat) -> tuple[list[Delta], list]:
        """Two unions: what the schemas say beside them, whether null is allowed, and each variant on its
        own."""
        if old.union is None or new.union is None or old.own is None or new.own is None:
            raise ValueError(f"{old.pointer} and {new.pointer} are not two unions")
        deltas, children = self._compare(old.own, new.own)
        if old.union.nullable != new.union.nullable:
            base = ((old.types or frozenset()) | (new.types or frozenset())) - {"null"} or frozenset({"any"})
            null = frozenset({"null"})
            deltas.append(Delta("type-changed", (), old.union.pointer, new.union.pointer,
                                base | (null if old.union.nullable else frozenset()),
                                base | (null if new.union.nullable else frozenset())))
        if old.union.property != new.union.property and old.union.property and new.union.property:
            deltas.append(Delta("discriminator-changed", (), old.union.pointer, new.union.pointer,
                                old.union.property, new.union.property))
        variants = [[self._variant(side, union, *m) for m in union.members]
                    for side, union in enumerate((old.union, new.union))]
        pairs, removed, added = pair_variants(*variants)
        step = f"{new.union.keyword}[{{}}]"
        for v in removed:
            deltas.append(Delta("variant-removed", (), v.pointer, new.union.pointer, v.label, None))
        for v in added:
            deltas.append(Delta("variant-added", (), old.union.pointer, v.pointer, None, v.label))
        for o, n in pairs:
            same_property = old.union.property == new.union.property
            if o.values and n.values and not (o.values & n.values) and same_property:
                deltas.append(Delta("discriminator-changed", (), o.pointer, n.pointer,
                                    ", ".join(sorted(o.values)), ", ".join(sorted(n.values))))
            children.append((step.format(n.label), (o.node, o.pointer), (n.node, n.pointer), frozenset()))
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
        value = from_json(next(iter(enum)).encode())
        return value if isinstance(value, str) else json_bytes(value).decode()


def _placed(delta: Delta, root: str, prefix: tuple[str, ...], access: frozenset, parameter: bool) -> Delta:
    return Delta(delta.kind, prefix + delta.path, delta.old_pointer, delta.new_pointer, delta.old, delta.new,
                 root, delta.keyword, access | delta.access, parameter)


def _values(old: Flat, new: Flat) -> list[Delta]:
    """What values the two schemas allow: types, enum or const, closedness, default."""
    deltas = []
    if old.types is not None and new.types is not None and old.types != new.types:
        deltas.append(Delta("type-changed", (), join(old.pointer, "type"), join(new.pointer, "type"),
                            old.types, new.types))
    if old.enum != new.enum:
        kind, keyword = "enum-changed", "enum"
        if old.const and new.const:
            kind, keyword = "const-changed", "const"
        elif old.extensible or new.extensible:
            kind = "extensible-enum-changed"
        deltas.append(Delta(kind, (), join(old.pointer, _enum_keyword(old, keyword)),
                            join(new.pointer, _enum_keyword(new, keyword)), old.enum, new.enum))
    if (old.closed is None) != (new.closed is None):
        deltas.append(Delta("closed-changed", (), old.closed or join(old.pointer, "additionalProperties"),
                            new.closed or join(new.pointer, "additionalProperties"),
                            old.closed is not None, new.closed is not None))
    if old.default != new.default:
        deltas.append(Delta("default-changed", (), join(old.pointer, "default"), join(new.pointer, "default"),
                            old.default, new.default))
    return deltas


def _enum_keyword(flat: Flat, keyword: str) -> str:
    return "x-extensible-enum" if flat.extensible else keyword


def _constraints(old: Flat, new: Flat) -> list[Delta]:
    return [Delta("constraint-changed", (), join(old.pointer, keyword), join(new.pointer, keyword),
                  old.constraints.get(keyword), new.constraints.get(keyword), keyword=keyword)
            for keyword in keywords.CONSTRAINTS
            if old.constraints.get(keyword) != new.constraints.get(keyword)]


def _unchanged_leaf(old: object, new: object) -> bool:
    return isinstance(old, dict) and old == new and not any(key in old for key in _STRUCTURE)


def covers(wider: frozenset, narrower: frozenset) -> bool:
    """Whether every type in `narrower` is accepted by `wider` (an integer is a number)."""
    return all(t in wider or (t == "integer" and "number" in wider) for t in narrower)
