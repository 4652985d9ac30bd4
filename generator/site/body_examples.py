"""An example for each body of a large spec whose own example Scalar would build too long to read.

Scalar builds a body's example from its schema when the spec gives none: every field, and every field
of theirs, to a depth of 10 levels, each time the operation is shown (and for the next operation,
which it renders with it). On an API whose objects reach most of the others through their fields
(Microsoft Graph's `user`), that is 750 KB of JSON for `GET /me`'s response and again for `PATCH /me`'s
body: most of a second of the deep link, for an example nobody reads to its end.

In the documents Scalar loads for a spec cut into parts, a request or response body whose example
Scalar would build from more than LIMIT values (counted as Scalar's generator walks the schema, each
schema at each depth once) gets the example given by `example`: the build's own, with every field
(generator.render.examples.every_field). A body with an example of its own, or whose schema has one,
is left to Scalar; so is every body of a spec Scalar loads whole.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.site.all_of import body_schemas, schema_name
from generator.spec import node_at
from generator.spec.shared_copy import SharedCopy

# Values, as counted here: Graph's `user` makes 7,519, and Scalar's example of it is 750 KB of JSON
# (Scalar writes a schema again wherever it meets it; this counts it once at each depth).
LIMIT = 2_000
SCALAR_DEPTH = 10  # the depth Scalar's example generator goes to
_GIVEN = ("example", "examples")  # what Scalar shows instead of building an example
_LEAVES = ("default", "const", "enum")  # what Scalar shows of a schema without looking further


def with_examples(document: dict, example: Callable[[dict], object]) -> dict:
    """`document` with `example(schema)` as the example of each body whose own Scalar would build from
    more than LIMIT values (the document itself when there is none); every other value is shared."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return document
    count = _Counter(schemas)
    copy = None
    written: dict[str, object] = {}  # per named schema a body refers to, its example
    for pointer, schema, _ in body_schemas(document):
        media = pointer.rpartition("/")[0]  # .../content/<media type>/schema
        if _given(node_at(document, media)) or _given(count.target(schema)) or \
                count.values(schema, 0) <= LIMIT:
            continue
        name = schema_name(schema.get("$ref")) if len(schema) == 1 else None
        if name is None:
            value = example(schema)
        elif name in written:
            value = written[name]
        else:
            value = written[name] = example(schema)
        if value is not None:
            copy = copy or SharedCopy(document)
            copy.set(f"{media}/example", value)
    return document if copy is None else copy.document


class _Counter:
    """How many values Scalar's example generator would write for a schema, LIMIT + 1 at most."""

    def __init__(self, schemas: dict):
        self.schemas = schemas
        # (named schema, depth) -> its values, counted where first met (Scalar's count depends on the
        # way there too: a schema already on it is not written again)
        self._counted: dict[tuple[str, int], int] = {}
        self._way: set[str] = set()  # the named schemas being counted

    def target(self, schema: object) -> object:
        """The named schema `schema` refers to, or `schema` itself."""
        name = schema_name(schema.get("$ref")) if isinstance(schema, dict) else None
        return self.schemas.get(name) if name is not None else schema

    def values(self, schema: object, depth: int) -> int:
        name = schema_name(schema.get("$ref")) if isinstance(schema, dict) else None
        if name is not None:
            if name in self._way:  # a schema within itself: Scalar's generator stops there
                return 1
            key = (name, depth)
            if key not in self._counted:
                self._way.add(name)
                self._counted[key] = self.values(self.schemas.get(name), depth)
                self._way.discard(name)
            return self._counted[key]
        if not isinstance(schema, dict) or depth > SCALAR_DEPTH or _given(schema) or \
                any(key in schema for key in _LEAVES):
            return 1
        found = 0
        parts = [*_list(schema.get("allOf")), *_list(schema.get("anyOf"))[:1],
                 *_list(schema.get("oneOf"))[:1]]  # Scalar's example takes a union's first
        properties = schema.get("properties")
        parts += list(properties.values()) if isinstance(properties, dict) else []
        parts += [schema["items"]] if isinstance(schema.get("items"), dict) else []
        for part in parts:
            found += self.values(part, depth + 1)
            if found > LIMIT:
                return LIMIT + 1
        return max(found, 1)


def _given(node: object) -> bool:
    return isinstance(node, dict) and any(key in node for key in _GIVEN)


def _list(value: object) -> list:
    return value if isinstance(value, list) else []

