"""Work the render stage does once per version instead of once per page gives what the per-page work
gave: the components an operation reaches, the links between pages, the operations' Markdown in
llms-full.txt, the escaping of spec text."""

import json
import posixpath
from pathlib import Path, PurePosixPath

import pytest

from generator.facts import extract
from generator.spec.walk import ComponentGraph, reachable_components
from generator.render import markdown_text
from generator.render.operation_page import operation_node
from generator.render.twins import deeper, operation_markdown
from generator.render.urls import OPERATIONS_DIR, SCHEMAS_DIR, operation_href, schema_href, url_segment
from generator.spec import RawSpec, load

FIXTURES = Path(__file__).parent / "fixtures"
SPECS = ["mini-v1.0.0.json", "operations/recursive-and-shared-schemas.json",
         "operations/hostile-text-and-unsafe-ids.json", "hostile/v1.1.0.json"]


def _spec(name: str):
    path = FIXTURES / name
    return load(RawSpec(str(path), path.read_bytes(), "v1.0.0"))


@pytest.mark.parametrize("name", SPECS)
def test_the_component_graph_reaches_what_a_walk_of_each_operation_reaches_in_its_order(name):
    spec = _spec(name)
    graph = ComponentGraph(spec.document)  # one for every operation, as a version's pages share it
    for op in extract(spec).operations:
        node, shared = operation_node(spec, op)
        walked = reachable_components(spec.document, [node, shared])
        found = graph.reachable([node, shared])
        assert found == walked, op.operation_id
        assert {k: list(v) for k, v in found.items()} == {k: list(v) for k, v in walked.items()}


@pytest.mark.parametrize("name", SPECS)
def test_llms_full_holds_each_twin_as_operation_markdown_writes_it_two_levels_down(name):
    spec = _spec(name)
    for op in extract(spec).operations:
        assert deeper(operation_markdown(spec, op), 2) == operation_markdown(spec, op, level=3)


def test_a_twin_whose_text_opens_a_line_with_a_hash_keeps_that_line_as_it_is():
    twin = "# Title\n\n&#35;12; not a heading\n\n## Authentication\n\n#12;x\n"
    assert deeper(twin, 2) == "### Title\n\n&#35;12; not a heading\n\n#### Authentication\n\n#12;x\n"


PAGES = ["docs/developer/api/operations/listPets", "docs/developer/api/schemas/Pet",
         "docs/developer/api/schemas/Pet/deeper", "docs/developer/api/schemas", "docs/developer/api", ".",
         "docs"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", ["Pet", "listPets", "a/../b", "Zoë's pet", "microsoft.graph.user"])
def test_a_link_to_a_schema_or_operation_page_is_the_relative_path_between_the_folders(page, name):
    here = PurePosixPath(page)
    for href, folder in ((schema_href, SCHEMAS_DIR), (operation_href, OPERATIONS_DIR)):
        assert href(name, here) == posixpath.relpath(f"{folder}/{url_segment(name)}", page) + "/"


def _escaped_one_character_at_a_time(text: str) -> str:
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = text.replace(char, entity)
    for char in "\\`*_[]{}|!":
        text = text.replace(char, f"&#{ord(char)};")
    return text


@pytest.mark.parametrize("text", ["plain", "a & b < c > d", "\\`*_[]{}|!", "&amp; &#92; <b>[x](y)</b>",
                                  "**bold** `code` | table |", "Zoë ! ~ # ;"])
def test_spec_text_is_made_inert_as_replacing_each_character_in_turn_made_it(text):
    assert markdown_text(text) == _escaped_one_character_at_a_time(text)


def _body(schema: dict) -> dict:
    return {"description": "x", "content": {"application/json": {"schema": schema}}}


def _named(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _pet(extra: dict) -> dict:
    return {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, **extra}}


# Named schemas met where what a page renders of them depends on the page: the same field ids from
# two variants of one body (a: Cat's before Dog's, d: Dog's before Cat's), a `$ref` into a component
# schema (Owner's toy: an id of its own on each page, as the first one or a repeat), a schema that
# contains itself, a small one repeated on a page, a named schema with keywords beside its `$ref` (e)
# where another page has it as written (f).
REUSED = {
    "openapi": "3.1.0", "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/a": {"get": {"operationId": "a", "responses": {
            "200": _body({"oneOf": [_named("Cat"), _named("Dog")]}), "201": _body(_named("Dog"))}}},
        "/b": {"post": {"operationId": "b", "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": {"first": _named("Owner"), "tree": _named("Tree")}}}}},
            "responses": {"200": _body(_named("Owner"))}}},
        "/c": {"get": {"operationId": "c", "responses": {
            "200": _body(_named("Owner")), "201": _body(_named("Tree"))}}},
        "/d": {"get": {"operationId": "d", "responses": {
            "200": _body({"oneOf": [_named("Dog"), _named("Cat")]})}}},
        "/e": {"get": {"operationId": "e", "responses": {
            "200": _body({**_named("Cat"), "required": ["id", "toy"]})}}},  # 3.1: beside $ref, it applies
        "/f": {"get": {"operationId": "f", "responses": {"200": _body(_named("Cat"))}}},
    },
    "components": {"schemas": {
        "Cat": _pet({"toy": {"type": "object", "properties": {"name": {"type": "string"}}}}),
        "Dog": _pet({"friend": _named("Cat")}),
        "Owner": _pet({"toy": {"$ref": "#/components/schemas/Cat/properties/toy"}}),
        "Tree": _pet({"children": {"type": "array", "items": _named("Tree")},
                      "leaf": {"type": "object", "properties": {"up": _named("Tree")}}}),
    }},
}


def _operation_sections(spec, op):
    from generator.render.operation_page import PageFacts, sections
    from generator.render.urls import operation_folder

    node, shared = operation_node(spec, op)
    folder = operation_folder(op.operation_id)
    return sections(spec, op, node, shared, PageFacts("v1", None, "../../#"), url_segment,
                    lambda name: schema_href(name, folder), links_key=OPERATIONS_DIR)


@pytest.mark.parametrize("name", SPECS + ["reused"])
def test_operation_pages_that_reuse_a_named_schemas_fields_show_what_each_page_rendered_alone_shows(name):
    from generator.render import schemas

    spec = load(RawSpec("reused.json", json.dumps(REUSED).encode(), "v1")) if name == "reused" else _spec(name)
    operations = extract(spec).operations
    alone = {op.operation_id: _operation_sections(spec, op) for op in operations}  # nothing is kept
    with schemas.once_per_version():
        for order in (operations, operations[::-1]):  # each page after the others, and before them
            for op in order:
                assert _operation_sections(spec, op) == alone[op.operation_id], op.operation_id



@pytest.mark.parametrize("name", SPECS + ["reused"])
def test_twins_that_reuse_a_named_schemas_fields_say_what_each_twin_written_alone_says(name):
    from generator.render import schemas

    spec = load(RawSpec("reused.json", json.dumps(REUSED).encode(), "v1")) if name == "reused" else _spec(name)
    operations = extract(spec).operations
    alone = {op.operation_id: operation_markdown(spec, op) for op in operations}
    with schemas.once_per_version():
        for order in (operations, operations[::-1]):
            for op in order:
                assert operation_markdown(spec, op) == alone[op.operation_id], op.operation_id

_SHARED = [1, 2]
_DEEP: list = []
_deepest = _DEEP
for _ in range(300):  # deeper than orjson writes
    _deepest.append([])
    _deepest = _deepest[0]


@pytest.mark.parametrize("value", [
    {"id": 1, "name": "Zoë \u2028 \x00 \x1f \x7f \" \\ / <>&", "tags": [], "meta": {}, "ok": True, "no": None},
    [[], {}, [{}], {"a": [1, [2, {"b": "c"}]]}],
    {"ratio": 0.1, "small": 1e-05, "big": 1e16, "whole": 2.0, "negative": -0.0},  # fractions: json's spelling
    {"huge": 2**64, "negative": -(2**63) - 1},  # beyond 64 bits
    {1: "a", "b": 2},  # a key that is not text
    {"lone": "\ud800"},  # a lone surrogate
    {"twice": [_SHARED, _SHARED]},  # the same list twice
    _DEEP,
    "text", 12, None,
])
def test_an_example_is_written_as_json_dumps_writes_it_indented_by_two(value):
    from generator.render.examples import pretty

    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)
