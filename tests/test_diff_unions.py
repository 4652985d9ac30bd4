"""Unions (`oneOf`/`anyOf`) are compared variant by variant: what changed inside one variant is found and
reported once per operation, under the shortest path, and variants are paired by what names them."""

import copy
import json

import pytest

from generator import diff
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES

BASE = json.loads((FIXTURES / "diff/operation-added/old.json").read_text())


def spec(document: dict):
    return load(RawSpec("spec.json", json.dumps(document, indent=2).encode()))


def changes(old: dict, new: dict):
    return [(c.rule, c.operation.key, c.message) for c in diff.compare(spec(old), spec(new)) if c.operation]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def block(kind: str, **properties) -> dict:
    return {"type": "object", "required": ["type"], "properties": {"type": {"const": kind}, **properties}}


def message_api(error_codes=("overloaded",), image_properties=None) -> dict:
    """A message whose content[] is a oneOf of blocks; a tool result holds a oneOf of outcomes, one an error."""
    document = copy.deepcopy(BASE)
    schemas = document["components"]["schemas"]
    schemas.update(
        Text=block("text", text={"type": "string"}),
        Image=block("image", **(image_properties or {"url": {"type": "string"}})),
        ToolResult=block("tool_result", outcome={"oneOf": [ref("Success"), ref("Failure")]}),
        Success=block("success", value={"type": "string"}),
        Failure=block("failure", error={"type": "object", "properties": {
            "error_code": {"type": "string", "enum": list(error_codes)}}}),
    )
    schemas["Thing"]["properties"]["content"] = {"type": "array", "items": {
        "oneOf": [ref("Text"), ref("Image"), ref("ToolResult")], "discriminator": {"propertyName": "type"}}}
    return document


def test_a_response_enum_that_gained_a_value_three_unions_deep_is_found_once_per_operation():
    found = changes(message_api(), message_api(error_codes=("overloaded", "timeout")))
    assert found == [
        ("response-enum-widened", key,
         ("content[].oneOf[tool_result].outcome.oneOf[failure].error.error_code in the 200 application/json "
          'response may now be "timeout"')) for key in ("getThing", "updateThing")]


def test_a_property_added_to_one_variant_of_a_response_union_is_reported_in_that_variant():
    found = changes(message_api(), message_api(image_properties={"url": {"type": "string"}, "alt": {"type": "string"}}))
    assert [(rule, message) for rule, key, message in found if key == "getThing"] == [
        ("response-property-added",
         "property content[].oneOf[image].alt was added to the 200 application/json response")]


def union_of(*variants, **discriminator) -> dict:
    document = copy.deepcopy(BASE)
    document["components"]["schemas"]["Thing"]["properties"]["content"] = {
        "oneOf": list(variants), **({"discriminator": discriminator} if discriminator else {})}
    return document


def with_components(document: dict, **schemas) -> dict:
    document["components"]["schemas"].update(schemas)
    return document


@pytest.mark.parametrize("old, new", [
    # by discriminator mapping: the component was renamed, the mapping's value still names it
    (with_components(union_of(ref("A"), ref("B"), propertyName="kind", mapping={"a": "#/components/schemas/A",
                                                                                  "b": "#/components/schemas/B"}),
                     A={"type": "object", "properties": {"kind": {"type": "string"}, "x": {"type": "string"}}},
                     B={"type": "object", "properties": {"kind": {"type": "string"}, "y": {"type": "integer"}}}),
     with_components(union_of(ref("B"), ref("A2"), propertyName="kind", mapping={"a": "#/components/schemas/A2",
                                                                                   "b": "#/components/schemas/B"}),
                     A2={"type": "object", "properties": {"kind": {"type": "string"}, "x": {"type": "string"}}},
                     B={"type": "object", "properties": {"kind": {"type": "string"}, "y": {"type": "integer"}}})),
    # by $ref target: the variants were reordered
    (with_components(union_of(ref("A"), ref("B")), A={"type": "string"}, B={"type": "integer"}),
     with_components(union_of(ref("B"), ref("A")), A={"type": "string"}, B={"type": "integer"})),
    # by the const of the discriminating property: inline variants reordered
    (union_of(block("a", x={"type": "string"}), block("b", y={"type": "string"})),
     union_of(block("b", y={"type": "string"}), block("a", x={"type": "string"}))),
    # by title
    (union_of({"title": "Named", "type": "object", "properties": {"p": {"type": "string"}}},
              {"title": "Numbered", "type": "object", "properties": {"q": {"type": "string"}}}),
     union_of({"title": "Numbered", "type": "object", "properties": {"q": {"type": "string"}}},
              {"title": "Named", "type": "object", "properties": {"p": {"type": "string"}}})),
    # by structure: the same types and mostly the same properties
    (union_of({"type": "object", "properties": {"p": {"type": "string"}, "r": {"type": "string"}}},
              {"type": "array", "items": {"type": "string"}}),
     union_of({"type": "array", "items": {"type": "string"}},
              {"type": "object", "properties": {"p": {"type": "string"}, "r": {"type": "string"}}})),
])
def test_variants_are_paired_by_what_names_them_so_moving_them_is_no_change(old, new):
    assert changes(old, new) == []


def test_a_change_inside_a_variant_paired_by_its_const_is_that_variants_change():
    old = union_of(block("a", x={"type": "string"}), block("b", y={"type": "string"}))
    new = union_of(block("b", y={"type": "integer"}), block("a", x={"type": "string"}))
    assert [m for _, key, m in changes(old, new) if key == "getThing"] == [
        "content.oneOf[b].y in the 200 application/json response changed type from string to integer"]


def test_an_any_of_of_consts_is_compared_as_the_enum_it_is():
    def color(*values):
        document = copy.deepcopy(BASE)
        document["components"]["schemas"]["ThingUpdate"]["properties"]["color"] = {
            "anyOf": [{"const": v} for v in values]}
        return document
    assert changes(color("red", "blue"), color("red")) == [
        ("request-enum-narrowed", "updateThing",
         'color in the request body (application/json) no longer accepts "blue"')]
    assert changes(color("red"), color("red", "blue")) == []  # a request may send more values: additive, unreported


def test_a_null_variant_added_to_a_response_union_makes_it_nullable_not_a_new_variant():
    old = union_of(block("a"), block("b"))
    new = union_of(block("a"), block("b"), {"type": "null"})
    assert {rule for rule, _, _ in changes(old, new)} == {"response-property-made-nullable"}
