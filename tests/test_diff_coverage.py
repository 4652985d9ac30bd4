"""Every change a client can feel, one fixture pair per case: breaking changes are found, and what a
client cannot feel raises no false alarm. The table measures both, as the issue's targets say."""

import copy
import json

import pytest

from generator import diff
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES

BASE = json.loads((FIXTURES / "diff/operation-added/old.json").read_text())
BREAKING = ("error", "breaking")


def schemas(d):
    return d["components"]["schemas"]


def body(d):  # what updateThing sends
    return schemas(d)["ThingUpdate"]


def thing(d):  # what both operations answer
    return schemas(d)["Thing"]


def sort(d):  # getThing's query parameter
    return d["paths"]["/api/things/{id}"]["get"]["parameters"][0]


def patch(d):
    return d["paths"]["/api/things/{id}"]["patch"]


def get(d):
    return d["paths"]["/api/things/{id}"]["get"]


def put(path, value):
    """An edit setting document[path...] = value, where the first step picks a part (body, thing, sort)."""
    part, *keys = path

    def edit(d):
        node = part(d)
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = copy.deepcopy(value)
    return edit


def both(*edits):
    def edit(d):
        for e in edits:
            e(d)
    return edit


def same(d):
    pass


NAME = ("properties", "name")
LIST = {"type": "array", "items": {"type": "string"}}
BLOCKS = {"Text": {"type": "object", "properties": {"type": {"const": "text"}, "text": {"type": "string"}}},
          "Image": {"type": "object", "properties": {"type": {"const": "image"}, "url": {"type": "string"}}}}


def union(part, name, *variants):
    def edit(d):
        schemas(d).update(copy.deepcopy(BLOCKS))
        part(d)["properties"][name] = {"oneOf": [{"$ref": f"#/components/schemas/{v}"} for v in variants]}
    return edit


def rename_path_parameter(d):
    item = d["paths"].pop("/api/things/{id}")
    item["parameters"][0]["name"] = "thingId"
    d["paths"]["/api/things/{thingId}"] = item


def filter_parameter(schema):
    return put((get, "parameters"), [sort(BASE), {"name": "filter", "in": "query", "style": "deepObject",
                                                 "schema": schema}])


FILTER = {"type": "object", "properties": {"owner": {"type": "string"}, "since": {"type": "string"}}}

CASES = [
    # --- constraints in requests: narrowing is breaking
    ("request minimum raised", put((sort, "schema"), {"type": "integer", "minimum": 1}),
     put((sort, "schema"), {"type": "integer", "minimum": 5}), "breaking"),
    ("request maximum lowered", put((body, *NAME, "maximum"), 10), put((body, *NAME, "maximum"), 5), "breaking"),
    ("request exclusiveMinimum added", same, put((body, *NAME, "exclusiveMinimum"), 0), "breaking"),
    ("request exclusiveMaximum lowered", put((body, *NAME, "exclusiveMaximum"), 9),
     put((body, *NAME, "exclusiveMaximum"), 3), "breaking"),
    ("request multipleOf added", same, put((body, *NAME, "multipleOf"), 2), "breaking"),
    ("request minLength raised", put((body, *NAME, "minLength"), 1), put((body, *NAME, "minLength"), 3), "breaking"),
    ("request maxLength lowered", put((body, *NAME, "maxLength"), 30), put((body, *NAME, "maxLength"), 20), "breaking"),
    ("request minItems raised", put((body, "properties", "tags"), {**LIST, "minItems": 0}),
     put((body, "properties", "tags"), {**LIST, "minItems": 1}), "breaking"),
    ("request maxItems lowered", put((body, "properties", "tags"), {**LIST, "maxItems": 9}),
     put((body, "properties", "tags"), {**LIST, "maxItems": 3}), "breaking"),
    ("request minProperties added", same, put((body, "minProperties"), 1), "breaking"),
    ("request maxProperties lowered", put((body, "maxProperties"), 5), put((body, "maxProperties"), 1), "breaking"),
    ("request pattern added", same, put((body, *NAME, "pattern"), "^[a-z]+$"), "breaking"),
    ("request pattern changed", put((body, *NAME, "pattern"), "^[a-z]+$"), put((body, *NAME, "pattern"), "^[0-9]+$"),
     "breaking"),
    ("request uniqueItems set", put((body, "properties", "tags"), LIST),
     put((body, "properties", "tags"), {**LIST, "uniqueItems": True}), "breaking"),
    # --- constraints in responses: widening is a warning, narrowing nothing a client feels
    ("response maximum raised", put((thing, *NAME, "maxLength"), 10), put((thing, *NAME, "maxLength"), 50), "warning"),
    ("response pattern removed", put((thing, *NAME, "pattern"), "^a"), same, "warning"),
    ("response maxLength lowered", put((thing, *NAME, "maxLength"), 50), put((thing, *NAME, "maxLength"), 10), None),
    ("request maximum raised", put((body, *NAME, "maximum"), 5), put((body, *NAME, "maximum"), 10), None),
    ("request pattern removed", put((body, *NAME, "pattern"), "^a"), same, None),
    # --- media types and bodies
    ("request media type removed", put((patch, "requestBody", "content", "text/plain"), {"schema": {"type": "string"}}),
     same, "breaking"),
    ("response media type removed", put((get, "responses", "200", "content", "text/plain"), {"schema": {"type": "string"}}),
     same, "breaking"),
    ("request body removed", same, lambda d: patch(d).pop("requestBody"), "breaking"),
    ("request media type added", same, put((patch, "requestBody", "content", "text/plain"), {"schema": {}}), "additive"),
    # --- defaults
    ("parameter default changed", put((sort, "schema", "default"), "name"), put((sort, "schema", "default"), "date"),
     "warning"),
    ("property default changed", put((body, *NAME, "default"), "a"), put((body, *NAME, "default"), "b"), "warning"),
    # --- composition
    ("request union loses a variant", union(body, "block", "Text", "Image"), union(body, "block", "Text"), "breaking"),
    ("request union gains a variant", union(body, "block", "Text"), union(body, "block", "Text", "Image"), "additive"),
    ("response union gains a variant", union(thing, "block", "Text"), union(thing, "block", "Text", "Image"), "warning"),
    ("response union loses a variant", union(thing, "block", "Text", "Image"), union(thing, "block", "Text"), "info"),
    ("union variants reordered", union(thing, "block", "Text", "Image"), union(thing, "block", "Image", "Text"), None),
    ("allOf member with a required property added to a request",
     same, lambda d: schemas(d).update(ThingUpdate={"allOf": [body(BASE), {"required": ["name"]}]}), "breaking"),
    ("response schema wrapped in a oneOf with another variant",
     same, lambda d: schemas(d).update(Thing={"oneOf": [thing(BASE), {"type": "object", "properties": {
         "other": {"type": "string"}}}]}), "breaking"),
    ("allOf split that allows the same values", same, lambda d: schemas(d).update(
        ThingUpdate={"allOf": [{"type": "object", "properties": {"name": body(BASE)["properties"]["name"]}},
                               {"properties": {"color": body(BASE)["properties"]["color"]}}]}), None),
    # --- enums
    ("request x-extensible-enum narrowed", put((body, "properties", "mode"), {"x-extensible-enum": ["a", "b"]}),
     put((body, "properties", "mode"), {"x-extensible-enum": ["a"]}), "breaking"),
    ("response x-extensible-enum widened", put((thing, "properties", "mode"), {"x-extensible-enum": ["a"]}),
     put((thing, "properties", "mode"), {"x-extensible-enum": ["a", "b"]}), "info"),
    ("request anyOf of consts narrowed", put((body, "properties", "mode"), {"anyOf": [{"const": "a"}, {"const": "b"}]}),
     put((body, "properties", "mode"), {"anyOf": [{"const": "a"}]}), "breaking"),
    # --- JSON Schema 2020-12 keywords in requests
    ("request contains added", put((body, "properties", "tags"), LIST),
     put((body, "properties", "tags"), {**LIST, "contains": {"const": "x"}}), "breaking"),
    ("request minContains raised", put((body, "properties", "tags"), {**LIST, "contains": {"const": "x"}, "minContains": 1}),
     put((body, "properties", "tags"), {**LIST, "contains": {"const": "x"}, "minContains": 2}), "breaking"),
    ("request maxContains lowered", put((body, "properties", "tags"), {**LIST, "contains": {"const": "x"}, "maxContains": 3}),
     put((body, "properties", "tags"), {**LIST, "contains": {"const": "x"}, "maxContains": 1}), "breaking"),
    ("request prefixItems added", put((body, "properties", "pair"), {"type": "array"}),
     put((body, "properties", "pair"), {"type": "array", "prefixItems": [{"type": "string"}]}), "breaking"),
    ("request prefixItems item narrowed", put((body, "properties", "pair"), {"type": "array", "prefixItems": [
        {"type": "number"}]}), put((body, "properties", "pair"), {"type": "array", "prefixItems": [{"type": "integer"}]}),
     "breaking"),
    ("request unevaluatedItems false", put((body, "properties", "tags"), LIST),
     put((body, "properties", "tags"), {**LIST, "unevaluatedItems": False}), "breaking"),
    ("request unevaluatedProperties false", same, put((body, "unevaluatedProperties"), False), "breaking"),
    ("request dependentRequired added", same, put((body, "dependentRequired"), {"name": ["color"]}), "breaking"),
    ("request dependentSchemas added", same, put((body, "dependentSchemas"), {"name": {"required": ["color"]}}),
     "breaking"),
    ("request propertyNames added", same, put((body, "propertyNames"), {"maxLength": 5}), "breaking"),
    ("request patternProperties added", same, put((body, "patternProperties"), {"^x-": {"type": "string"}}), "breaking"),
    ("request contentMediaType changed", put((body, *NAME, "contentMediaType"), "image/png"),
     put((body, *NAME, "contentMediaType"), "image/jpeg"), "breaking"),
    ("request contentEncoding changed", put((body, *NAME, "contentEncoding"), "base64"),
     put((body, *NAME, "contentEncoding"), "base32"), "breaking"),
    ("request contentSchema added", put((body, *NAME, "contentMediaType"), "application/json"),
     both(put((body, *NAME, "contentMediaType"), "application/json"), put((body, *NAME, "contentSchema"),
                                                                          {"type": "object"})), "breaking"),
    # --- where the walk goes
    ("response additionalProperties value lost a required property",
     put((thing, "properties", "labels"), {"type": "object", "additionalProperties": {
         "type": "object", "required": ["v"], "properties": {"v": {"type": "string"}}}}),
     put((thing, "properties", "labels"), {"type": "object", "additionalProperties": {
         "type": "object", "properties": {}}}), "breaking"),
    ("deepObject parameter property made required", filter_parameter(FILTER),
     filter_parameter({**FILTER, "required": ["owner"]}), "breaking"),
    ("deepObject parameter property narrowed", filter_parameter(FILTER), filter_parameter(
        {**FILTER, "properties": {**FILTER["properties"], "since": {"type": "string", "maxLength": 10}}}), "breaking"),
    ("request not changed", same, put((body, *NAME, "not"), {"const": "admin"}), "breaking"),
    ("request then gains a required property", put((body, "if"), {"required": ["name"]}),
     both(put((body, "if"), {"required": ["name"]}), put((body, "then"), {"required": ["color"]})), "breaking"),
    ("request else narrowed", both(put((body, "if"), {"required": ["name"]}), put((body, "else"), {
        "properties": {"color": {"maxLength": 9}}})), both(put((body, "if"), {"required": ["name"]}), put(
            (body, "else"), {"properties": {"color": {"maxLength": 3}}})), "breaking"),
    # --- false alarms to avoid
    ("readOnly property added to a request schema as required", same, both(
        put((body, "properties", "id"), {"type": "string", "readOnly": True}),
        lambda d: body(d).setdefault("required", []).append("id")), None),
    ("readOnly property made required in a request schema", put((body, "properties", "id"),
                                                                {"type": "string", "readOnly": True}), both(
        put((body, "properties", "id"), {"type": "string", "readOnly": True}),
        lambda d: body(d).setdefault("required", []).append("id")), None),
    ("writeOnly property removed from a response", put((thing, "properties", "secret"),
                                                       {"type": "string", "writeOnly": True}), same, None),
    ("optional response property removed", same, lambda d: thing(d)["properties"].pop("status"), "warning"),
    ("path parameter renamed", same, rename_path_parameter, "info"),
    ("additionalProperties true became {}", put((body, "additionalProperties"), True),
     put((body, "additionalProperties"), {}), None),
]


def spec(document: dict, name: str):
    return load(RawSpec(name, json.dumps(document, indent=2).encode()))


def most_severe(old_edit, new_edit) -> str | None:
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    old_edit(old)
    new_edit(new)
    changes = diff.compare(spec(old, "old.json"), spec(new, "new.json"))
    return min((c.level for c in changes), key=diff.LEVELS.index, default=None)


@pytest.mark.parametrize("name, old_edit, new_edit, expected", CASES, ids=[c[0] for c in CASES])
def test_each_case_is_reported_at_its_level(name, old_edit, new_edit, expected):
    assert most_severe(old_edit, new_edit) == expected


def test_breaking_changes_are_found_and_false_alarms_are_rare():
    breaking = [c for c in CASES if c[3] in BREAKING]
    harmless = [c for c in CASES if c[3] not in BREAKING]
    missed = [c[0] for c in breaking if most_severe(c[1], c[2]) not in BREAKING]
    alarms = [c[0] for c in harmless if most_severe(c[1], c[2]) in BREAKING]
    assert len(breaking) >= 40 and len(harmless) >= 15
    assert 1 - len(missed) / len(breaking) >= 0.90, missed
    assert len(alarms) / len(harmless) <= 0.03, alarms


def test_two_parameters_sharing_a_schema_each_report_its_change():
    def shared(maximum):
        def edit(d):
            d["components"]["schemas"]["Count"] = {"type": "integer", "maximum": maximum}
            get(d)["parameters"] = [{"name": name, "in": "query", "schema": {"$ref": "#/components/schemas/Count"}}
                                    for name in ("limit", "offset")]
        return edit
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    shared(100)(old)
    shared(50)(new)
    assert [c.message for c in diff.compare(spec(old, "old.json"), spec(new, "new.json"))] == [
        f"query parameter {name}: maximum changed from 100 to 50; requests it accepted may be refused"
        for name in ("limit", "offset")]
