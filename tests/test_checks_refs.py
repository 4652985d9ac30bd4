"""The `ref-*` rules read references the way every stage follows them (generator.spec.refs): a
percent-encoded reference that names a node is not missing, and a cycle through percent-encoded
references is reported once, at its first `$ref`."""

from generator import checks
from tests.test_checks import spec_of


def document(schemas: dict, ref: str) -> dict:
    return {"openapi": "3.1.0", "info": {"title": "Refs", "version": "1.0.0"},
            "paths": {"/keys/{key_id}": {"get": {
                "operationId": "getKey", "summary": "Get a key", "tags": ["keys"],
                "parameters": [{"name": "key_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The key", "content": {
                    "application/json": {"schema": {"$ref": ref}}}}}}}},
            "components": {"schemas": schemas}}


def ref_findings(spec) -> list[tuple[str, str, str]]:
    return [(p.code, p.location.pointer, p.message) for p in checks.run(spec) if p.code.startswith("ref-")]


def test_a_percent_encoded_reference_to_a_schema_that_exists_is_not_missing():
    spec = spec_of(document({"Key-Pair": {"type": "object"}}, "#/components/schemas/Key%2DPair"))
    assert ref_findings(spec) == []


def test_a_cycle_through_percent_encoded_references_is_reported_once():
    schemas = {"A-B": {"$ref": "#/components/schemas/C"}, "C": {"$ref": "#/components/schemas/A%2DB"}}
    found = ref_findings(spec_of(document(schemas, "#/components/schemas/C")))
    assert [code for code, _, _ in found] == ["ref-cycle"]
    cycle = found[0][2].removeprefix("$ref cycle: ").split(" -> ")
    assert cycle[0] == cycle[-1]
    assert sorted(cycle[:-1]) == ["#/components/schemas/A%2DB", "#/components/schemas/C"]


def test_a_percent_encoded_reference_to_nothing_is_missing_at_its_ref():
    found = ref_findings(spec_of(document({}, "#/components/schemas/Gone%2DAway")))
    pointer = "/paths/~1keys~1{key_id}/get/responses/200/content/application~1json/schema/$ref"
    assert found == [("ref-missing", pointer, "$ref target #/components/schemas/Gone%2DAway does not exist")]
