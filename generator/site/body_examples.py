"""An example for each body of a large spec whose own example Scalar would build too long to read.

Scalar builds a body's example from its schema when the spec gives none: every field, and every field
of theirs, to a depth of 10 levels, each time the operation is shown (and for the next operation,
which it renders with it). On an API whose objects reach most of the others through their fields
(Microsoft Graph's `user`), that is 750 KB of JSON for `GET /me`'s response and again for `PATCH /me`'s
body: most of a second of the deep link, for an example nobody reads to its end.

Before it builds one, Scalar copies the body's schema (@scalar/workspace-store's snapshotSchema): every
value of it and of every named schema it reaches, whichever branch of a union the example takes, read
through the proxies that resolve `$ref`s. On an API whose objects name most of the others, even if only
as one branch of "an id or the whole object" (a payments API's 775 schemas: every response body reaches
about 20,000 values), that copy takes a quarter to half a second per body shown, for an example of a
few dozen lines.

In the documents Scalar loads for a spec cut into parts, a request or response body whose example
Scalar would build from more than LIMIT values (counted as Scalar's generator walks the schema, each
schema at each depth once), or whose schema's copy would hold more than COPY_LIMIT values, gets the
example given by `example`: the build's own, with every field (generator.render.examples.every_field).
Scalar then shows that example and no picker of a union's variants for it. A body with an example of
its own, or whose schema has one, is left to Scalar; so is every body of a spec Scalar loads whole.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.site.all_of import body_schemas, schema_name
from generator.spec import Resolver, node_at
from generator.spec.lines import join
from generator.spec.shared_copy import SharedCopy
from generator.spec.walk import ComponentGraph

# Values, as counted here: Graph's `user` makes 7,519, and Scalar's example of it is 750 KB of JSON
# (Scalar writes a schema again wherever it meets it; this counts it once at each depth).
LIMIT = 2_000
# Values, as counted here: the payments API's bodies reach 20,000-23,000, Graph's largest 21,551,
# GitHub's at most 4,008 (their copy takes a few milliseconds: Scalar builds theirs as before).
COPY_LIMIT = 5_000
BUILT = ".built"  # a named schema's example among the document's examples: its name and this
SCALAR_DEPTH = 10  # the depth Scalar's example generator goes to
_GIVEN = ("example", "examples")  # what Scalar shows instead of building an example
_LEAVES = ("default", "const", "enum")  # what Scalar shows of a schema without looking further


def with_examples(document: dict, example: Callable[[dict], object]) -> dict:
    """`document` with `example(schema)` as the example of each body whose own Scalar would build from
    more than LIMIT values or copy more than COPY_LIMIT to build (the document itself when there is
    none); every other value is shared. A body whose schema is a named one names that schema's example,
    written once among the document's examples (BUILT after the schema's name): a payments API's error
    response, on each of its 452 operations, would otherwise be 1.8 MB of copies of one example."""
    components = document.get("components")
    if not isinstance(components, dict) or not isinstance(components.get("schemas"), dict):
        return document
    schemas = components["schemas"]
    count, graph, resolver = _Counter(schemas), ComponentGraph(document), Resolver(document)
    copied: dict[str, int] = {}  # per named schema a body refers to, what Scalar's copy of it holds
    copy = None
    given = components["examples"] if isinstance(components.get("examples"), dict) else {}
    written: dict[str, str | None] = {}  # per named schema a body refers to, its example's name
    for pointer, schema, _ in body_schemas(document):
        media = pointer.rpartition("/")[0]  # .../content/<media type>/schema
        if _given(node_at(document, media)) or _given(count.target(schema)) or \
                (count.values(schema, 0) <= LIMIT and
                 (not _shown_first(resolver, media) or _copied(graph, schema, copied) <= COPY_LIMIT)):
            continue
        name = schema_name(schema.get("$ref")) if len(schema) == 1 else None
        if name is None:
            value = example(schema)
            if value is not None:
                copy = copy or SharedCopy(document)
                copy.set(f"{media}/example", value)
            continue
        if name not in written:
            value = example(schema)
            written[name] = None if value is None else _free(f"{name}{BUILT}", given, written)
            if value is not None:
                copy = copy or SharedCopy(document)
                if "examples" not in copy.document["components"]:
                    copy.set("/components/examples", {})
                copy.set(join("/components/examples", written[name]), {"value": value})
        key = written[name]
        if key is not None:
            copy = copy or SharedCopy(document)
            copy.set(f"{media}/examples", {key: {"$ref": join("#/components/examples", key)}})
    return document if copy is None else copy.document


def _shown_first(resolver: Resolver, media: str) -> bool:
    """Whether Scalar builds the example of the body at `media` as the operation shows: a request's,
    or the first response with content (its first media type), where Scalar's example panel opens. It
    builds the others' once a reader picks their status (the payments API's error response, on every
    operation: its copy costs that click a quarter of a second). A response among the components may
    be any operation's first: it counts as one."""
    body, _, media_type = media.rpartition("/content/")
    owner, _, status = body.rpartition("/responses/")
    if not status or not owner.startswith("/paths/"):
        return True
    responses = node_at(resolver.document, f"{owner}/responses")
    for key, response in responses.items() if isinstance(responses, dict) else ():
        response = resolver.follow(response, join(owner, "responses", key)).node
        content = response.get("content") if isinstance(response, dict) else None
        if isinstance(content, dict) and content:
            return join(owner, "responses", key) == body and join("", next(iter(content))) == f"/{media_type}"
    return True


def _copied(graph: ComponentGraph, schema: dict, known: dict[str, int]) -> int:
    """How many values Scalar's copy of a body's schema would hold, COPY_LIMIT + 1 at most (`known`:
    those of the named schemas bodies refer to, counted once)."""
    name = schema_name(schema.get("$ref")) if len(schema) == 1 else None
    if name is None:
        return graph.values(schema, COPY_LIMIT)
    if name not in known:
        known[name] = graph.values(schema, COPY_LIMIT)
    return known[name]


def _free(key: str, given: dict, written: dict) -> str:
    """`key`, or with BUILT once more for each time the document's examples or ours have it."""
    taken = set(written.values())
    while key in given or key in taken:
        key += BUILT
    return key


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

