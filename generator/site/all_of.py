"""The `allOf` of a large spec's schemas merged ahead of time, for Scalar.

To show a schema that is an `allOf`, Scalar merges it (@scalar/blocks' mergeAllOfSchemas), and while
merging it merges the `allOf` of every field's schema, and of theirs. On an API whose objects all
inherit (Microsoft Graph: 1,549 of its 2,599 schemas are an `allOf` of a parent and their own fields)
that goes wrong two ways. A field's `$ref` is followed only as long as it makes no cycle, so showing
`PATCH /me` merged most of the document: most of a second, then "RangeError: Maximum call stack size
exceeded" and a body with no fields. And an array's items are followed with no such check, so a schema
whose array field holds its own kind (Graph's `termStore.term`: `children`, an array of terms) is
merged without end: a deep link to an operation that shows a term (make bench's Graph chunk link, a
relation's) threw that RangeError six times, and took 3.4-5.5 s to show.

So the parts Scalar loads have every named schema whose merge is plain merged in place
(`named_merged`), and each body's top schema merged into a named schema of its own (`<name>.merged`)
the body refers to (`bodies_merged`), which keeps what Scalar shows of a body: its label (its own
title, else the name of the schema it refers to) and, of a response, its own description only (a
request body shows the merged one, as Scalar does). Scalar then merges nothing it would have merged
plainly. The merge is Scalar's own, for what it holds plainly: fields and required names of every
part, the schema's own keywords over its parts', of the parts' titles and descriptions the later one,
a discriminator only where the schema declares it, and for a field two parts declare, the earlier
one's keywords over the later one's. A schema whose merge holds anything else (a union, an enum, array
items, a field declared twice as a reference, an array or an object of fields, a `$ref` out of the
named schemas) keeps its `allOf`.

What differs from Scalar's own merge, where that merge works (tests/browser/test_all_of.py): nothing
a reader sees of an operation's fields; but where Scalar's examples reach its depth cap, which counts
each `allOf` as a level, they go as many levels deeper as the schema has ancestors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.spec import Resolver, operations
from generator.spec.lines import join
from generator.spec.refs import component
from generator.spec.shared_copy import SharedCopy

# A merged body schema's name: the merged schema's and these (and more MERGED if that name is taken).
MERGED, REQUEST = ".merged", "-request"
_LATER_WINS = frozenset({"description", "title"})  # the later part's, in Scalar's merge
# Scalar shows these inside an `allOf` other than by a plain merge (or merges them in ways not here).
_NOT_PLAIN = frozenset({"oneOf", "anyOf", "not", "if", "then", "else", "items", "enum", "$ref",
                        "x-enum-varnames", "x-enumNames", "x-enum-descriptions", "x-enumDescriptions"})

Named = Callable[[str], "dict | None"]  # a named schema, its `allOf` merged where plain


def bodies_merged(document: dict) -> dict:
    """`document` with each body schema that is a `$ref` to a named `allOf` schema pointed at that
    schema merged, a named schema of its own (the document itself when there is none); every other
    value is shared."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return document
    named = _named(schemas)
    added: dict[str, dict] = {}
    names: dict[tuple[str, bool], str | None] = {}  # (schema, of a request) -> its merged schema's name
    copy = None
    for pointer, schema, request in body_schemas(document):
        name = schema_name(schema.get("$ref")) if len(schema) == 1 else None
        if name is None:
            continue
        if (name, request) not in names:
            names[name, request] = _merged(name, request, schemas, named, added)
        merged = names[name, request]
        if merged is not None:
            copy = copy or SharedCopy(document)
            copy.set(pointer, {"$ref": join("#/components/schemas", merged)})
    if copy is None:
        return document
    copy.set("/components/schemas", {**schemas, **added})
    return copy.document


def named_merged(document: dict) -> dict:
    """`document` with each named schema whose `allOf` merges plainly replaced by its merge; every
    other value is shared (the document itself when nothing merges)."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return document
    named = _named(schemas)
    merged = {}
    for name, schema in schemas.items():
        flat = named(name) if isinstance(schema, dict) and "allOf" in schema else None
        if flat is not None and "allOf" not in flat:
            merged[name] = flat
    if not merged:
        return document
    copy = SharedCopy(document)
    copy.set("/components/schemas", {**schemas, **merged})
    return copy.document


def _merged(name: str, request: bool, schemas: dict, named: Named, added: dict) -> str | None:
    """The name of the schema in `added` that is the named schema merged as a body shows it (added
    if need be), or None when it has no `allOf` or its merge is not plain."""
    original = schemas.get(name)
    if not isinstance(original, dict) or "allOf" not in original:
        return None
    flat = named(name)
    if flat is None or "allOf" in flat:
        return None
    shown = {key: value for key, value in flat.items() if key not in _LATER_WINS}
    shown["title"] = original.get("title", name)  # Scalar's label: the title, else the $ref's name
    # A request body shows the merged description, a response its own (Schema.vue in @scalar/blocks).
    description = flat.get("description") if request else original.get("description")
    if description is not None:
        shown["description"] = description
    merged = name + MERGED + (REQUEST if description != original.get("description") else "")
    while merged in schemas or (merged in added and added[merged] != shown):
        merged += MERGED
    added[merged] = shown
    return merged


def flatten(schema: dict, named: Named) -> dict | None:
    """`schema` with its `allOf` merged as Scalar merges it, or None when it has none or its merge is
    not plain. `named(name)` gives a named schema, merged where plain."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not parts:
        return None
    result: dict = {}
    for part in parts:
        resolved = _part(part, named)
        if resolved is None or not _add(result, resolved, later_wins=False):
            return None
    own = {key: value for key, value in schema.items() if key != "allOf"}
    if own and not _add(result, own, later_wins=True):
        return None
    if "discriminator" in result and "discriminator" not in own:
        del result["discriminator"]
    return result


def _named(schemas: dict) -> Named:
    done: dict[str, dict | None] = {}
    merging: set[str] = set()

    def named(name: str) -> dict | None:
        if name in done:
            return done[name]
        schema = schemas.get(name)
        if not isinstance(schema, dict) or name in merging:
            return None  # not there, or in a cycle of `allOf`s
        merging.add(name)
        flat = flatten(schema, named)
        merging.discard(name)
        done[name] = schema if flat is None else flat
        return done[name]

    return named


def schema_name(ref: object) -> str | None:
    """The named schema a `$ref` is to, when it is to one in this document."""
    place = component(ref)
    return place[1] if place is not None and place[0] == "schemas" and not place[2] else None


def _part(part: object, named: Named) -> dict | None:
    if not isinstance(part, dict):
        return None
    if "$ref" not in part:
        return part if "allOf" not in part else flatten(part, named)
    name = schema_name(part["$ref"]) if len(part) == 1 else None
    resolved = named(name) if name is not None else None
    return None if resolved is None or "allOf" in resolved else resolved  # else a merge not plain


def _add(result: dict, part: dict, later_wins: bool) -> bool:
    """Merge `part` into `result` as Scalar does; False when that is not a plain merge."""
    if _NOT_PLAIN.intersection(part):
        return False
    for key, value in part.items():
        if key == "required":
            if isinstance(value, list) and value:
                result["required"] = list(dict.fromkeys([*(result.get("required") or []), *value]))
        elif key == "properties":
            if not isinstance(value, dict) or not _add_fields(result, value):
                return False
        elif key != "allOf" and (later_wins or key in _LATER_WINS or key not in result):
            result[key] = value
    return True


def _add_fields(result: dict, properties: dict) -> bool:
    fields = result["properties"] = dict(result.get("properties") or {})
    for name, schema in properties.items():
        earlier = fields.get(name)
        if earlier is None:
            fields[name] = schema
        elif _plain_field(earlier) and _plain_field(schema):
            fields[name] = {**schema, **earlier}  # Scalar's rule: the earlier part's keywords win
        else:
            return False
    return True


def _plain_field(schema: object) -> bool:
    return (isinstance(schema, dict) and not _NOT_PLAIN.intersection(schema) and "allOf" not in schema
            and "properties" not in schema and schema.get("type") != "array")


def body_schemas(document: dict) -> Iterator[tuple[str, dict, bool]]:
    """(pointer, schema, whether a request's) of every body's schema written in the document's
    operations and its components' request bodies and responses."""
    for op in operations(Resolver(document)):
        yield from _operation_bodies(join(op.item_written_at, op.method), op.operation)
    components = document.get("components")
    for kind, request in (("requestBodies", True), ("responses", False)):
        entries = components.get(kind) if isinstance(components, dict) else None
        for name, body in entries.items() if isinstance(entries, dict) else ():
            yield from _content(join("/components", kind, name), body, request)


def _operation_bodies(pointer: str, operation: dict) -> Iterator[tuple[str, dict, bool]]:
    yield from _content(join(pointer, "requestBody"), operation.get("requestBody"), True)
    responses = operation.get("responses")
    for status, response in responses.items() if isinstance(responses, dict) else ():
        yield from _content(join(pointer, "responses", status), response, False)


def _content(pointer: str, body: object, request: bool) -> Iterator[tuple[str, dict, bool]]:
    content = body.get("content") if isinstance(body, dict) else None
    for media_type, media in content.items() if isinstance(content, dict) else ():
        schema = media.get("schema") if isinstance(media, dict) else None
        if isinstance(schema, dict):
            yield join(pointer, "content", media_type, "schema"), schema, request
