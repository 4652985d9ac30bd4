"""A schema flattened for comparison: `$ref`s followed, `allOf` merged, `oneOf`/`anyOf` united.

In the united view a property of any variant may appear, and it is required only when every variant
requires it; a union that is more than an enum of consts is also kept (`Flat.union`), so that two
unions are compared variant by variant, and so is the schema without it (`Flat.own`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diff import keywords
from generator.diff.operations import deref
from generator.diff.unions import Union, union_of
from generator.spec import Spec
from generator.spec.lines import join


@dataclass
class Flat:
    pointer: str
    types: frozenset | None = None  # None: not stated, anything goes
    enum: frozenset | None = None  # canonical JSON of each allowed value; None: not an enum
    properties: dict = field(default_factory=dict)  # name -> (node, pointer)
    required: set = field(default_factory=set)
    items: tuple | None = None  # (node, pointer)
    # The pointer of the `additionalProperties: false` (or unevaluated) that closes it.
    closed: str | None = None
    const: bool = False  # the value is fixed by `const`
    extensible: bool = False  # the enum is an `x-extensible-enum`: clients expect values it does not list
    default: str | None = None  # canonical JSON of `default`
    constraints: dict = field(default_factory=dict)  # keyword -> value (keywords.CONSTRAINTS)
    subschemas: dict = field(default_factory=dict)  # path element -> (node, pointer) (keywords.subschemas)
    access: frozenset = frozenset()  # readOnly, writeOnly
    # The oneOf/anyOf whose variants are compared one by one (not an enum of consts).
    union: Union | None = None
    own: Flat | None = None  # with a union: the schema without it (its own properties, allOf and all)


def flatten(spec: Spec, node: object, pointer: str, seen: frozenset = frozenset(),
            unions: bool = True) -> Flat:
    flat = Flat(pointer)
    if not isinstance(node, dict) or pointer in seen:
        return flat
    seen = seen | {pointer}
    _own_keywords(flat, node, pointer)
    for keyword in ("allOf", "oneOf", "anyOf"):
        members = node.get(keyword)
        if not (isinstance(members, list) and members):
            continue
        parts = [flatten(spec, *deref(spec, m, join(pointer, keyword, i)), seen, unions)
                 for i, m in enumerate(members)]
        if keyword == "allOf":
            _merge_all(flat, parts)
            flat.union = flat.union or next((p.union for p in parts if p.union), None)
        elif unions:
            _merge_any(flat, parts)
            if flat.union is None and not _enum_union(parts):
                flat.union = union_of(node, pointer, keyword, _discriminating(parts))
    if node.get("nullable") is True and flat.types is not None:  # OpenAPI 3.0, beside a composition
        flat.types = flat.types | {"null"}
    if flat.union is not None and unions:
        flat.own = flatten(spec, node, pointer, seen - {pointer}, unions=False)
    return flat


def _own_keywords(flat: Flat, node: dict, pointer: str) -> None:
    flat.types = _types(node)
    flat.enum, flat.extensible = _enum(node)
    flat.const = "const" in node
    properties = node.get("properties")
    if isinstance(properties, dict):
        flat.properties = {name: (child, join(pointer, "properties", name))
                           for name, child in properties.items()}
    required = node.get("required")
    flat.required = {str(r) for r in required} if isinstance(required, list) else set()
    if isinstance(node.get("items"), dict):
        flat.items = (node["items"], join(pointer, "items"))
    flat.closed = next((join(pointer, key) for key in ("additionalProperties", "unevaluatedProperties")
                        if node.get(key) is False), None)
    flat.default = keywords.canonical(node["default"]) if "default" in node else None
    flat.constraints = keywords.constraints(node)
    flat.subschemas = keywords.subschemas(node, pointer)
    flat.access = frozenset(k for k in ("readOnly", "writeOnly") if node.get(k) is True)


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
        flat.extensible = flat.extensible or part.extensible
        flat.default = flat.default if flat.default is not None else part.default
        flat.constraints = {**part.constraints, **flat.constraints}
        flat.subschemas = {**part.subschemas, **flat.subschemas}
        flat.access |= part.access


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
        flat.types = frozenset().union(*(p.types or () for p in parts))
    elif flat.types is not None and any(p.types == frozenset({"null"}) for p in parts):
        flat.types = flat.types | {"null"}
    if flat.enum is None and all(p.enum is not None for p in parts):
        flat.enum = frozenset().union(*(p.enum or () for p in parts))
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


def _enum(node: dict) -> tuple[frozenset | None, bool]:
    """The allowed values (canonical JSON), None when any value goes; and whether the list is open."""
    if "const" in node:
        values, extensible = [node["const"]], False
    elif isinstance(node.get("enum"), list):
        values, extensible = node["enum"], False
    elif isinstance(node.get("x-extensible-enum"), list):
        values, extensible = node["x-extensible-enum"], True
    else:
        return None, False
    return frozenset(keywords.canonical(v) for v in values), extensible
