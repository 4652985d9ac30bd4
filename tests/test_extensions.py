"""The documents Scalar loads for a spec cut into parts carry no extension Scalar never reads; the
published spec keeps all of its own."""

import copy
import json
import re

from generator.site import extensions, scalar
from tests.conftest import PROJECT


def document() -> dict:
    tagged = {"summary": "Get", "x-stripeOperations": ["a"], "x-codeSamples": [{"lang": "sh", "source": "x"}],
              "parameters": [{"name": "id", "in": "query", "schema": {"type": "string", "x-unused": 1}}],
              "responses": {"200": {"description": "OK",
                                    "headers": {"x-request-id": {"schema": {"type": "string"}}},
                                    "content": {"application/json": {
                                        "schema": {"$ref": "#/components/schemas/Customer"},
                                        "example": {"x-data": "kept: an example is data"}}}}}}
    customer = {"type": "object", "x-expandableFields": ["a"], "x-resourceId": "customer",
                "x-enumDescriptions": {"a": "kept"}, "x-scalar-ignore": False,
                "properties": {"x-field": {"type": "string", "x-unused": True},
                               "a": {"type": "string", "enum": ["a"]}}}
    return {"openapi": "3.1.0", "x-origin": "theirs",
            "info": {"title": "T", "version": "1", "x-logo": {"url": "https://example.com/logo.png"}},
            "paths": {f"/p{i}": {"get": copy.deepcopy(tagged)} for i in range(scalar.SPLIT_OPERATIONS + 1)},
            "components": {"schemas": {"Customer": customer, "x-named": {"type": "string", "x-unused": 1}}}}


def test_scalar_gets_the_document_without_the_extensions_it_never_reads():
    before = document()
    read = extensions.for_scalar(before)
    assert "x-origin" not in read and "x-logo" not in read["info"]
    operation = read["paths"]["/p0"]["get"]
    assert "x-stripeOperations" not in operation and operation["x-codeSamples"], "Scalar shows code samples"
    assert "x-unused" not in operation["parameters"][0]["schema"]
    customer = read["components"]["schemas"]["Customer"]
    assert set(customer) == {"type", "x-enumDescriptions", "x-scalar-ignore", "properties"}
    assert customer["properties"]["x-field"] == {"type": "string"}, "a field named x-field stays"
    assert read["components"]["schemas"]["x-named"] == {"type": "string"}, "so does a schema so named"
    response = operation["responses"]["200"]
    assert list(response["headers"]) == ["x-request-id"], "a header's name is no extension"
    assert response["content"]["application/json"]["example"] == {"x-data": "kept: an example is data"}
    assert before == document(), "the document given is not changed"
    assert operation["responses"] is before["paths"]["/p0"]["get"]["responses"], "the rest is shared"


def test_an_operation_is_cleaned_where_its_path_item_is_written():
    before = document()
    before["components"]["pathItems"] = {"Shared": before["paths"].pop("/p0")}
    before["paths"]["/p0"] = {"$ref": "#/components/pathItems/Shared"}
    read = extensions.for_scalar(before)
    assert "x-stripeOperations" not in read["components"]["pathItems"]["Shared"]["get"]
    assert read["paths"]["/p0"] == {"$ref": "#/components/pathItems/Shared"}


def test_a_document_without_such_extensions_is_returned_as_it_is():
    plain = {"openapi": "3.1.0", "info": {"title": "T", "version": "1", "x-tagGroups": []}, "paths": {}}
    assert extensions.for_scalar(plain) is plain


def test_the_parts_are_written_without_them_and_the_published_spec_keeps_them(tmp_path):
    doc = document()
    published = json.dumps(doc)
    parts, _ = scalar.write_documents(doc, scalar.SPLIT_OPERATIONS + 1, "openapi.json", tmp_path, [])
    assert parts, "the spec is cut into parts"
    written = "".join(p.read_text() for p in (tmp_path / scalar.PARTS_DIR).glob("*.json"))
    assert "x-expandableFields" not in written and "x-stripeOperations" not in written
    assert "x-enumDescriptions" in written and "x-request-id" in written
    assert json.dumps(doc) == published


def test_every_extension_scalars_bundle_names_is_kept():
    """Upgrading Scalar to a version that reads another extension fails here until READ names it."""
    bundle = "".join(path.read_text(encoding="utf-8") for path in scalar.bundle_files(PROJECT))
    named = {name for name in re.findall(r"[\"'`](x-[A-Za-z0-9_.-]*[A-Za-z0-9_])[\"'`]", bundle)
             if not name.startswith(extensions.OWN)}
    assert named and named <= extensions.READ, sorted(named - extensions.READ)
