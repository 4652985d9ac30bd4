"""The JSON Schema keywords a diff reads beside types, enums and properties: constraints on values and
the subschemas the walk enters.

A constraint changes in one of three ways: `narrowed` (some values it accepted are now refused: a
larger `minimum`, a `pattern` or a `format` added, int64 become int32), `widened` (the reverse), or
`changed` (neither contains the other: another `pattern`, another `format`, another `contentEncoding`),
which a request reads as narrowed and a response as widened.
"""

from __future__ import annotations

from typing import TypeGuard

from generator.spec.encode import json_bytes
from generator.spec.lines import join

LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains")
UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains")
# Keywords whose presence refuses values and whose other values are neither wider nor narrower (but for
# the `format`s of WIDER_FORMATS).
EXACT = ("pattern", "format", "multipleOf", "contentMediaType", "contentEncoding", "not", "if",
         "dependentRequired", "uniqueItems", "unevaluatedItems")
CONSTRAINTS = LOWER + UPPER + EXACT
# Subschemas the walk enters (path element -> keyword path); present on one side only, they are
# constraints that narrow (added) or widen (removed).
SINGLE_SUBSCHEMAS = ("contains", "propertyNames", "contentSchema", "then", "else")
KEYED_SUBSCHEMAS = ("patternProperties", "dependentSchemas")
# (narrower, wider) formats: every int32 is an int64, every float a double.
WIDER_FORMATS = {("int32", "int64"), ("float", "double")}


def canonical(value: object) -> str:
    return json_bytes(value, sort_keys=True).decode()


def constraints(node: dict) -> dict[str, object]:
    """The constraint keywords of a schema, with their values (uniqueItems: false and the like left out:
    they say what no keyword would)."""
    found = {}
    for keyword in CONSTRAINTS:
        if keyword not in node:
            continue
        value = node[keyword]
        if value is False and keyword in ("uniqueItems", "exclusiveMinimum", "exclusiveMaximum"):
            continue
        if keyword == "unevaluatedItems" and value is not False:
            continue  # a schema: entered as a subschema, not compared as a value
        found[keyword] = value
    return found


def subschemas(node: dict, pointer: str) -> dict[str, tuple[object, str]]:
    """Path element -> (subschema, pointer) of the subschemas beside `properties` and `items`."""
    found: dict[str, tuple[object, str]] = {}
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and extra:  # `{}` allows what `true` does
        found["*"] = (extra, join(pointer, "additionalProperties"))
    for keyword in SINGLE_SUBSCHEMAS:
        if isinstance(node.get(keyword), dict):
            found[keyword] = (node[keyword], join(pointer, keyword))
    if isinstance(node.get("unevaluatedItems"), dict):
        found["unevaluatedItems"] = (node["unevaluatedItems"], join(pointer, "unevaluatedItems"))
    for keyword in KEYED_SUBSCHEMAS:
        entries = node.get(keyword)
        for key, child in (entries.items() if isinstance(entries, dict) else ()):
            if isinstance(child, dict):
                found[f"{keyword}({key})"] = (child, join(pointer, keyword, str(key)))
    prefix = node.get("prefixItems")
    for index, child in enumerate(prefix if isinstance(prefix, list) else ()):
        found[f"[{index}]"] = (child, join(pointer, "prefixItems", index))
    return found


def subschema_keyword(name: str) -> str:
    """The keyword of a `subschemas` path element."""
    if name == "*":
        return "additionalProperties"
    if name.startswith("["):
        return "prefixItems"
    return name.split("(", 1)[0]


def direction(keyword: str, old: object, new: object) -> str | None:
    """How a constraint changed from `old` to `new` (None: absent on that side)."""
    if old == new:
        return None
    if old is None:
        return "narrowed"
    if new is None:
        return "widened"
    bounds = ("exclusiveMinimum", "exclusiveMaximum")
    if keyword in bounds and (isinstance(old, bool) or isinstance(new, bool)):
        return "changed"  # OpenAPI 3.0's boolean beside a bound, against 3.1's number
    if keyword in LOWER + UPPER and _number(old) and _number(new):
        larger = "narrowed" if keyword in LOWER else "widened"
        return larger if new > old else ("widened" if larger == "narrowed" else "narrowed")
    if keyword == "format" and (old, new) in WIDER_FORMATS:
        return "widened"
    if keyword == "format" and (new, old) in WIDER_FORMATS:
        return "narrowed"
    if keyword == "multipleOf" and _number(old) and _number(new) and old and new:
        if (new / old).is_integer():
            return "narrowed"
        if (old / new).is_integer():
            return "widened"
    return "changed"


def subschema_direction(old: object, new: object) -> str | None:
    """A subschema present on one side only: adding one refuses values, removing one accepts them."""
    return "narrowed" if old is None else "widened" if new is None else None


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
