"""A JSON Schema from a spec as nested, expandable HTML that reads without JavaScript.

`$ref`s are followed; a schema that contains itself is cut off where it recurs, with a visible marker
linking to where it is expanded; a named schema met again on the same page is expanded once and
linked to after that (GitHub's repository object would otherwise be written out dozens of times
per page). Every piece of text from the spec is escaped or goes through the Markdown sanitiser.

Where named schemas have pages of their own (`schema_href`), a page expands one level of named
schemas: the first named schema met on each branch shows its fields, and a named schema inside it is
a link to its page. Anonymous schemas are always written out where they are.

The HTML is generator.render.schema_html's; this module holds what it, the twins and the examples
share: `$ref`s followed, type labels, constraints, fields, and what is kept once per version.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape

from generator.spec import Spec, refs
from generator.spec.refs import REF_CYCLE

MAX_DEPTH = 12  # nesting levels shown; deeper ones point to the interactive reference
ENUM_SHOWN = 20
SHORT_JSON = 80  # longest default, const or example shown inline
COMBINATORS = (("oneOf", "One of"), ("anyOf", "Any of"))
_CONSTRAINTS = (
    ("minimum", "≥ {}"), ("exclusiveMinimum", "> {}"), ("maximum", "≤ {}"), ("exclusiveMaximum", "< {}"),
    ("multipleOf", "multiple of {}"), ("minLength", "at least {} characters"),
    ("maxLength", "at most {} characters"), ("pattern", "pattern {}"), ("minItems", "at least {} items"),
    ("maxItems", "at most {} items"), ("minProperties", "at least {} properties"),
    ("maxProperties", "at most {} properties"),
)

_CONSTRAINT_KEYS = frozenset(["enum", "const", "default", "example", "uniqueItems", "readOnly", "writeOnly",
                              *(key for key, _ in _CONSTRAINTS)])


def deref(spec: Spec, node: object, schema: bool = True) -> tuple[object, str | None, str | None]:
    """(target, last `$ref` followed, problem): never raises; a broken reference is shown, not fatal.

    The keywords beside a `$ref` apply as `generator.spec.refs.with_siblings` says; `schema=False` for
    an object that is not a schema (a parameter, a response), where only summary and description do.
    """
    if not (type(node) is dict and type(node.get("$ref")) is str):  # most nodes: nothing to follow
        return node, None, None
    if _followed is None or len(node) != 1:
        return _follow(spec, node, schema)
    # A bare `$ref` leads where its text says: the same target for every page of the version.
    key = (id(spec.document), node["$ref"], schema)
    if key not in _followed:
        _followed[key] = _follow(spec, node, schema)
    return _followed[key]


def _follow(spec: Spec, node: dict, schema: bool) -> tuple[object, str | None, str | None]:
    found = spec.follow(node, schema=schema)
    if found.problem == REF_CYCLE:
        return {}, found.ref, found.message
    if found.problem:
        return {}, found.ref, f"$ref {found.ref} cannot be resolved"
    return found.node, found.ref, None


_followed: dict[tuple[int, str, bool], tuple[object, str | None, str | None]] | None = None
_labels: dict[tuple[int, str | None, int], tuple[dict, str]] | None = None
_kept: dict[str, dict] | None = None  # the other results kept while a version renders, by kind
LABELS_KEPT = 200_000  # a spec whose `$ref`s have siblings makes a new schema at each: keep it bounded


@contextmanager
def once_per_version() -> Iterator[None]:
    """While a version renders (its specs unchanged, each kept alive by its catalog), where each bare
    `$ref` leads and each schema's type label are worked out once, not on every page that shows them;
    and what `kept` holds."""
    global _followed, _labels, _kept
    _followed, _labels, _kept = {}, {}, {}
    try:
        yield
    finally:
        _followed = _labels = _kept = None


def kept(kind: str) -> dict | None:
    """While a version renders (`once_per_version`), the dict where results of `kind` are kept for the
    other pages of the version that show the same thing; None outside of it (nothing is kept)."""
    return None if _kept is None else _kept.setdefault(kind, {})


def is_component_schema(spec: Spec, schema: object) -> bool:
    """Whether `schema` is one of the spec's named schemas as written (not one with the keywords beside
    a `$ref` applied over it, a new schema each time): what is kept of it holds for every page."""
    known = kept("component schemas")
    if known is None:
        return False
    key = id(spec.document)
    if key not in known:
        components = spec.document.get("components")
        named = components.get("schemas") if isinstance(components, dict) else None
        known[key] = {id(node) for node in named.values()} if isinstance(named, dict) else set()
    return id(schema) in known[key]


def ref_name(ref: str | None) -> str | None:
    return refs.ref_name(ref)


def short_json(value: object) -> str | None:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHORT_JSON else None


def fields(spec: Spec, schema: dict, seen: tuple = ()) -> tuple[dict, set]:
    """Fields and required names, the `allOf` parts merged in (as a reader thinks of them)."""
    properties: dict = {}
    required = set(schema.get("required", []) if isinstance(schema.get("required"), list) else [])
    for part in schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else []:
        resolved, ref, _ = deref(spec, part)
        if isinstance(resolved, dict) and (ref is None or ref not in seen):
            more, more_required = fields(spec, resolved, seen + (ref,))
            properties.update(more)
            required |= more_required
    own = schema.get("properties")
    properties.update(own if isinstance(own, dict) else {})
    return properties, required


def type_label(spec: Spec, schema: object, ref: str | None = None, depth: int = 0) -> str:
    """`string (date-time)`, `array of Library`, `object (Library)`, `string or null`, `one of 2 types`."""
    if not isinstance(schema, dict) or depth > 4:
        return "any"
    if _labels is None:
        return _type_label(spec, schema, ref, depth)
    key = (id(schema), ref, depth)
    known = _labels.get(key)
    if known is not None and known[0] is schema:  # the schema is kept with its label: its id is its own
        return known[1]
    if len(_labels) >= LABELS_KEPT:
        _labels.clear()
    label = _labels[key] = (schema, _type_label(spec, schema, ref, depth))
    return label[1]


def _type_label(spec: Spec, schema: dict, ref: str | None, depth: int) -> str:
    name = ref_name(ref)
    if is_array(schema):
        items, item_ref, _ = deref(spec, schema.get("items"))
        return f"array of {type_label(spec, items, item_ref, depth + 1)}"
    for key, _ in COMBINATORS:
        if isinstance(schema.get(key), list) and "type" not in schema:
            word = "one of" if key == "oneOf" else "any of"
            return f"{name} ({word} {len(schema[key])} types)" if name else f"{word} {len(schema[key])} types"
    kind = schema.get("type")
    if isinstance(kind, list):
        base = " or ".join(str(k) for k in kind)
    else:
        base = str(kind) if kind else ("object" if has_structure(schema) else "any")
    if isinstance(schema.get("format"), str):
        base += f" ({schema['format']})"
    if schema.get("nullable") is True:
        base += " or null"
    return f"{name}" if name and base == "object" else f"{base} ({name})" if name else base


def constraints(schema: dict) -> str:
    """The schema's rules in words, as HTML: enum, const, default, bounds, pattern, read/write only."""
    if schema.keys().isdisjoint(_CONSTRAINT_KEYS):  # most fields: a type and a description
        return ""
    notes = []
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        shown = ", ".join(f"<code>{escape(json.dumps(v, ensure_ascii=False))}</code>"
                          for v in enum[:ENUM_SHOWN])
        more = f" and {len(enum) - ENUM_SHOWN} more" if len(enum) > ENUM_SHOWN else ""
        notes.append(f"one of {shown}{more}")
    for key, words in (("const", "always {}"), ("default", "default {}"), ("example", "example {}")):
        text = short_json(schema[key]) if key in schema else None
        if text is not None:
            notes.append(words.format(f"<code>{escape(text)}</code>"))
    for key, words in _CONSTRAINTS:
        if key in schema and not isinstance(schema[key], (dict, list)):
            value = schema[key]
            shown = f"<code>{escape(str(value))}</code>" if key == "pattern" else escape(str(value))
            notes.append(words.format(shown))
    if schema.get("uniqueItems") is True:
        notes.append("items are unique")
    for key, words in (("readOnly", "read only"), ("writeOnly", "write only")):
        if schema.get(key) is True:
            notes.append(words)
    return "; ".join(notes)


def is_array(schema: dict) -> bool:
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind) or ("items" in schema and not kind)


def has_structure(schema: dict) -> bool:
    """Whether the schema has fields, variants or items to list (a plain string has none)."""
    get = schema.get
    if isinstance(get("allOf"), list) or isinstance(get("oneOf"), list) or isinstance(get("anyOf"), list):
        return True
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        return True
    return is_array(schema) and isinstance(schema.get("items"), dict)
