"""The operation pages apply the keywords beside a `$ref` as OpenAPI 3.1 defines them (generator.spec.refs):
in a parameter or response Reference Object only summary and description override the target."""

import json

from tests.test_operations import release, sections, write

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Siblings", "version": "1.0.0"},
    "paths": {"/items": {"get": {
        "operationId": "listItems",
        "summary": "List items",
        "parameters": [{"$ref": "#/components/parameters/limit", "description": "At most this many.",
                        "name": "bogus", "required": True}],
        "responses": {"200": {"$ref": "#/components/responses/items", "description": "The items asked for."}},
    }}},
    "components": {
        "parameters": {"limit": {"name": "limit", "in": "query", "description": "How many.",
                                 "schema": {"type": "integer"}}},
        "responses": {"items": {"description": "Items.", "content": {"application/json": {
            "schema": {"type": "array", "items": {"type": "string"}}}}}},
    },
}


def test_a_parameter_ref_keeps_its_targets_name_and_takes_only_the_description_beside_it(tmp_path):
    spec = tmp_path / "siblings.json"
    spec.write_text(json.dumps(DOCUMENT))
    tree = write(tmp_path / "tree", [release(spec)], "v1.0.0")
    html = " ".join(sections(tree, "listItems").values())
    assert "limit" in html and "bogus" not in html
    assert "At most this many." in html and "How many." not in html
    assert "The items asked for." in html
