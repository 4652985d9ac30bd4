"""A large spec's bodies whose own example Scalar would build too long reach Scalar with the build's
example of every field, a few levels deep; every other body is left for Scalar to build its own."""

import copy
import json
from functools import partial

import pytest

from generator.render import examples
from generator.site import body_examples, scalar, shared_components
from generator.spec import RawSpec, load, node_at
from generator.spec.walk import ComponentGraph

REF = "#/components/schemas/"
MEDIA = "application/json"


def ref(name: str) -> dict:
    return {"$ref": REF + name}


def content(schema: dict, **media) -> dict:
    return {"content": {MEDIA: {"schema": schema, **media}}}


def document() -> dict:
    """`Wide` reaches 30 x 30 x 7 values, as Scalar's example would write them; `Small` 3."""
    leaf = {"type": "object", "properties": {**{f"l{i}": {"type": "string"} for i in range(5)},
                                             "deeper": ref("Deeper")}}
    deeper = {"type": "object", "properties": {"x": ref("Deepest")}}
    deepest = {"type": "object", "properties": {"y": {"type": "string"}}}
    mid = {"type": "object", "properties": {f"m{i}": ref("Leaf") for i in range(30)}}
    wide = {"type": "object", "required": ["w0"],
            "properties": {"w0": {"type": "string"}, **{f"w{i}": ref("Mid") for i in range(1, 30)},
                           "many": {"type": "array", "items": ref("Mid")}, "self": ref("Wide")}}
    small = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"},
                                              "c": {"type": "boolean"}}}
    own = {**wide, "example": {"w0": "theirs"}}
    return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/wide": {"get": {"responses": {"200": {"description": "OK", **content(ref("Wide"))}}},
                                "post": {"requestBody": content(ref("Wide")),
                                         "responses": {"204": {"description": "Done"}}}},
                      "/small": {"get": {"responses": {"200": {"description": "OK",
                                                               **content(ref("Small"))}}}},
                      "/given": {"get": {"responses": {"200": {"description": "OK", **content(
                          ref("Wide"), example={"w0": "given"})}}}},
                      "/own": {"get": {"responses": {"200": {"description": "OK", **content(ref("Own"))}}}}},
            "components": {"schemas": {"Leaf": leaf, "Mid": mid, "Wide": wide, "Small": small, "Own": own,
                                       "Deeper": deeper, "Deepest": deepest}}}


def media(doc: dict, path: str, method: str, status: str | None = None) -> dict:
    operation = doc["paths"][path][method]
    body = operation["requestBody"] if status is None else operation["responses"][status]
    return body["content"][MEDIA]


def example_of(found: dict, part: dict, shared: dict | None = None) -> object:
    """The example Scalar shows of a body: its `example`, or its one entry of `examples`, a `$ref` into
    the part or into the shared components of its version."""
    if "example" in found:
        return found["example"]
    (entry,) = found["examples"].values()
    where, _, pointer = entry["$ref"].partition("#")
    return node_at(shared if where else part, pointer)["value"]


def shown(doc: dict) -> dict:
    spec = load(RawSpec("openapi.json", json.dumps(doc).encode()))
    return body_examples.with_examples(doc, partial(examples.every_field, spec))


def test_a_body_scalar_would_build_a_long_example_for_gets_every_field_of_its_schema():
    doc = shown(document())
    for found in (media(doc, "/wide", "get", "200"), media(doc, "/wide", "post")):
        example = example_of(found, doc)
        assert list(example) == ["w0", *(f"w{i}" for i in range(1, 30)), "many", "self"], "every field"
        assert list(example["w1"]) == [f"m{i}" for i in range(30)]
        assert example["w1"]["m0"]["l0"] == "string"
        assert example["w1"]["m0"]["deeper"] == {"x": {}}, "an object on the last level shows no fields"
        assert example["self"] is None, "a schema within itself is not written again"


def test_the_other_bodies_are_left_for_scalar_to_build_their_own_example():
    before = document()
    doc = shown(before)
    assert "example" not in media(doc, "/small", "get", "200"), "a short example: Scalar's own"
    assert media(doc, "/given", "get", "200")["example"] == {"w0": "given"}, "the body's own"
    assert "example" not in media(doc, "/own", "get", "200"), "its schema's own, which Scalar shows"
    assert doc["components"]["schemas"] == before["components"]["schemas"], "the named schemas as written"
    assert before == document(), "the document given is not changed"


def test_a_named_schemas_example_is_written_once_and_named_by_each_body():
    doc = shown(document())
    get, post = media(doc, "/wide", "get", "200"), media(doc, "/wide", "post")
    assert get["examples"] == post["examples"] == {"Wide.built": {"$ref": "#/components/examples/Wide.built"}}
    assert "example" not in get and list(doc["components"]["examples"]) == ["Wide.built"]


def test_an_example_name_the_document_has_is_not_taken():
    before = document()
    before["components"]["examples"] = {"Wide.built": {"value": "theirs"}}
    doc = shown(before)
    assert doc["components"]["examples"]["Wide.built"] == {"value": "theirs"}
    assert list(media(doc, "/wide", "get", "200")["examples"]) == ["Wide.built.built"]
    assert example_of(media(doc, "/wide", "get", "200"), doc)["w0"] == "string"


def payments_like() -> dict:
    """`Customer`'s fields are each "an id or the whole object": Scalar's example takes the id, a few
    values, but its copy of the schema holds every object the second branches name (60 x 100 values)."""
    objects = {f"Object{i}": {"type": "object", "properties": {f"f{j}": {"type": "string"} for j in range(50)}}
               for i in range(60)}
    customer = {"type": "object", "properties": {
        f"o{i}": {"anyOf": [{"type": "string"}, ref(f"Object{i}")]} for i in range(60)}}
    error = {"type": "object", "properties": {"error": {"anyOf": [{"type": "string"}, ref("Customer")]}}}
    responses = {"200": {"description": "OK", **content(ref("Customer"))},
                 "default": {"description": "Error", **content(ref("Error"))}}
    return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/customer": {"get": {"responses": responses}},
                      "/small": {"get": {"responses": {"200": {"description": "OK", **content(ref("Object0"))}}}}},
            "components": {"schemas": {**objects, "Customer": customer, "Error": error}}}


def test_a_body_whose_schema_scalar_would_copy_whole_gets_an_example_when_scalar_shows_it_first():
    before = payments_like()
    assert body_examples._Counter(before["components"]["schemas"]).values(ref("Customer"), 0) <= \
        body_examples.LIMIT, "a short example"
    doc = shown(before)
    assert example_of(media(doc, "/customer", "get", "200"), doc) == {f"o{i}": "string" for i in range(60)}
    assert "examples" not in media(doc, "/customer", "get", "default"), \
        "a status a reader picks: Scalar builds it then"
    assert "examples" not in media(doc, "/small", "get", "200"), "a copy of 51 values: Scalar's own"


def test_a_copy_counts_each_named_schema_once_and_stops_past_its_limit():
    doc = payments_like()
    graph = ComponentGraph(doc)
    object_values = 3 + 50 * 2  # the object, its type, its properties, and each field and its type
    assert graph.values(ref("Object0"), 10_000) == 2 + object_values
    customer = graph.values(ref("Customer"), 10_000)
    assert customer > 60 * object_values, "every object a second branch names"
    error = graph.values(ref("Error"), 10_000)
    assert customer < error < customer + 20, "Customer once, though Error names it and it names 60 more"
    assert graph.values(ref("Customer"), 500) == 501, "no more than the limit and one"


def test_a_document_with_nothing_to_give_an_example_is_returned_as_it_is():
    doc = document()
    del doc["paths"]["/wide"], doc["paths"]["/given"]
    assert shown(doc) is doc


def test_a_schema_that_reaches_itself_everywhere_is_counted_and_written_without_end():
    node = {"type": "object", "properties": {f"c{i}": ref("Node") for i in range(50)}}
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
           "paths": {"/node": {"get": {"responses": {"200": {"description": "OK", **content(ref("Node"))}}}}},
           "components": {"schemas": {"Node": node}}}
    assert body_examples._Counter(doc["components"]["schemas"]).values(ref("Node"), 0) == 50
    assert "example" not in media(shown(doc), "/node", "get", "200"), "Scalar stops at the cycle too"


@pytest.mark.parametrize("operations, cut", [(scalar.SPLIT_OPERATIONS + 1, True), (5, False)])
def test_only_the_parts_of_a_spec_cut_into_parts_carry_the_examples(tmp_path, operations, cut):
    doc = document()
    spec = load(RawSpec("openapi.json", json.dumps(doc).encode()))
    parts, name = scalar.write_documents(copy.deepcopy(doc), operations, "openapi.json", tmp_path, [],
                                         partial(examples.every_field, spec))
    assert bool(parts) is cut
    if not cut:
        assert name == "openapi.json" and not any(tmp_path.iterdir()), "Scalar loads the spec as written"
        return
    written = [json.loads(p.read_text()) for p in (tmp_path / scalar.PARTS_DIR).glob("*.json")]
    wide = [d for d in written if "/wide" in d.get("paths", {})]
    shared_file = tmp_path / scalar.PARTS_DIR / shared_components.COMPONENTS_FILE
    shared = json.loads(shared_file.read_text()) if shared_file.is_file() else {}
    assert wide and all(example_of(media(d, "/wide", "get", "200"), d, shared)["w0"] == "string" for d in wide)
    models = [d for d in written if not d.get("paths")]
    assert models and all(d["components"]["schemas"]["Wide"] == doc["components"]["schemas"]["Wide"]
                          for d in models)


def test_every_field_shows_the_fields_a_page_example_leaves_out():
    spec = load(RawSpec("openapi.json", json.dumps(document()).encode()))
    assert examples.from_schema(spec, ref("Wide")) == {"w0": "string"}, "the page's: the required fields"
    assert len(examples.every_field(spec, ref("Wide"))) == 32
