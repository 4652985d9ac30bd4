"""The shared components of a 3.0 spec read as Scalar's own upgrader would have left them in the document."""

import copy
import json
import subprocess

import pytest

from generator.site import shared_components, upgrade_schemas
from generator.site.split import split
from tests.conftest import PROJECT

# Scalar's upgrader, as the reference loads it (`upgrade(document, '3.1')` in @scalar/workspace-store).
SCALAR_UPGRADE = """
import { upgrade } from "@scalar/openapi-upgrader";
import { readFileSync } from "node:fs";
process.stdout.write(JSON.stringify(upgrade(JSON.parse(readFileSync(0, "utf8")), "3.1").components));
"""

CASES = {
    # a nullable type becomes a type list with null
    "NullableType": {"type": "string", "nullable": True, "maxLength": 5},
    # a nullable reference becomes a union with null
    "NullableRef": {"nullable": True, "description": "d", "$ref": "#/components/schemas/NullableType"},
    # a nullable single-member allOf unwraps into the union
    "NullableAllOf": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/NullableType"}]},
    # a union arm that only says nullable is the null arm
    "NullArm": {"oneOf": [{"nullable": True}, {"$ref": "#/components/schemas/NullableType"}]},
    # nullable beside anyOf and no type: left as Scalar leaves it
    "NullableAnyOf": {"nullable": True, "anyOf": [{"type": "string"}, {"type": "integer"}]},
    # boolean exclusive bounds become numbers, or go
    "Bounds": {"type": "number", "minimum": 1, "exclusiveMinimum": True, "exclusiveMaximum": False},
    # example becomes examples
    "Example": {"type": "integer", "example": 3},
    # binary and byte strings
    "Binary": {"type": "string", "format": "binary"},
    "Byte": {"type": ["string", "null"], "format": "byte"},
    # subschemas everywhere a schema goes; data values (enum, default, example) untouched
    "Deep": {"type": "object", "properties": {
        "a": {"type": "array", "items": {"type": "string", "nullable": True}},
        "example": {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}},
        "b": {"type": "object", "default": {"nullable": True, "type": "x"}, "enum": [{"nullable": True}],
              "example": {"type": "string", "nullable": True}},
    }},
}
NULLABLE_INTEGER = {"type": "integer", "nullable": True}
BINARY = {"type": "string", "format": "binary"}
OTHERS = {
    # a parameter's, a response's and a request body's schemas (a whole body's binary keeps no media type)
    "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string", "nullable": True}}},
    "responses": {"R": {"description": "r", "headers": {"H": {"schema": NULLABLE_INTEGER}},
                        "content": {"application/octet-stream": {"schema": BINARY}}}},
    "requestBodies": {"B": {"content": {"application/json": {"schema": NULLABLE_INTEGER}}}},
}


def scalar_upgrade(components: dict) -> dict:
    info = {"title": "t", "version": "1"}
    document = {"openapi": "3.0.3", "info": info, "paths": {}, "components": components}
    done = subprocess.run(["node", "--input-type=module", "-e", SCALAR_UPGRADE], input=json.dumps(document),
                          capture_output=True, text=True, cwd=PROJECT, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", list(CASES))
def test_a_30_schema_is_upgraded_as_scalar_upgrades_it(name):
    components = {"schemas": {name: CASES[name], "NullableType": CASES["NullableType"]}}
    assert upgrade_schemas.components(copy.deepcopy(components)) == scalar_upgrade(components)


@pytest.mark.parametrize("kind", list(OTHERS))
def test_the_schemas_of_other_components_are_upgraded_as_scalar_upgrades_them(kind):
    components = {kind: OTHERS[kind]}
    assert upgrade_schemas.components(copy.deepcopy(components)) == scalar_upgrade(components)


def test_a_30_specs_shared_file_is_31_and_the_document_is_left_as_it_was():
    document = json.loads((PROJECT / "specs/v1.2.0.json").read_text())
    document["openapi"] = "3.0.3"
    document["components"]["schemas"]["Library"]["properties"]["name"]["nullable"] = True
    before = json.dumps(document)
    shared = shared_components.share(split(document, 8_000)).components
    assert shared["openapi"] == shared_components.UPGRADED
    assert shared["components"]["schemas"]["Library"]["properties"]["name"]["type"] == ["string", "null"]
    assert json.dumps(document) == before


def test_a_31_specs_shared_file_is_written_as_the_spec_wrote_it():
    document = json.loads((PROJECT / "specs/v1.2.0.json").read_text())
    shared = shared_components.share(split(document, 8_000)).components
    assert shared["openapi"] == document["openapi"]
    assert shared["components"]["schemas"]["Library"] == document["components"]["schemas"]["Library"]
