"""A large spec's schemas and bodies reach Scalar with their `allOf` merged, as Scalar's merge makes them."""

import copy

import pytest

from generator.site import all_of, scalar

REF = "#/components/schemas/"


def ref(name: str) -> dict:
    return {"$ref": REF + name}


def body(name: str, request: bool = False) -> dict:
    media = {"content": {"application/json": {"schema": ref(name)}}}
    return {**media, "required": True} if request else {**media, "description": "OK"}


def inheriting() -> dict:
    """Microsoft Graph's shape: every object an `allOf` of its parent and its own fields."""
    entity = {"title": "entity", "type": "object", "required": ["id"],
              "properties": {"id": {"type": "string"}, "@odata.type": {"type": "string"}},
              "discriminator": {"propertyName": "@odata.type"}}
    directory = {"allOf": [ref("Entity"), {
        "title": "directoryObject", "type": "object", "description": "An object in the directory.",
        "properties": {"deletedDateTime": {"type": "string", "format": "date-time"}}}]}
    user = {"allOf": [ref("DirectoryObject"), {
        "title": "user", "type": "object", "description": "A person with an account.",
        "required": ["displayName"],
        "properties": {"@odata.type": {"type": "string", "default": "#user"},
                       "displayName": {"type": "string"}, "manager": ref("DirectoryObject"),
                       "memberOf": {"type": "array", "items": ref("DirectoryObject")}}}],
        "x-ms-discriminator-value": "#user"}
    return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/users/{id}": {"get": {"responses": {"200": body("User")}},
                                      "patch": {"requestBody": body("User", True),
                                                "responses": {"204": {"description": "Done"}}}}},
            "components": {"schemas": {"Entity": entity, "DirectoryObject": directory, "User": user}}}


def shown(document: dict, pointer: str) -> dict:
    node = document
    for token in pointer.strip("/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    assert set(node) == {"$ref"}, node
    return document["components"]["schemas"][node["$ref"][len(REF):]]


RESPONSE = "/paths/~1users~1{id}/get/responses/200/content/application~1json/schema"
REQUEST = "/paths/~1users~1{id}/patch/requestBody/content/application~1json/schema"


def test_a_body_gets_every_parts_fields_in_order_and_the_required_names_of_all():
    merged = shown(all_of.bodies_merged(inheriting()), RESPONSE)
    assert "allOf" not in merged
    assert list(merged["properties"]) == ["id", "@odata.type", "deletedDateTime", "displayName", "manager",
                                          "memberOf"]
    assert merged["required"] == ["id", "displayName"]
    assert merged["type"] == "object" and merged["x-ms-discriminator-value"] == "#user"


def test_a_field_two_parts_declare_keeps_the_earlier_ones_keywords_and_what_only_the_later_says():
    """Scalar's rule (merge-all-of-schemas.ts): the later declaration spread under the earlier one."""
    merged = shown(all_of.bodies_merged(inheriting()), RESPONSE)
    assert merged["properties"]["@odata.type"] == {"type": "string", "default": "#user"}


def test_the_label_scalar_shows_stays_the_schemas_name_or_its_own_title():
    document = inheriting()
    assert shown(all_of.bodies_merged(document), RESPONSE)["title"] == "User"  # the `$ref`'s name
    document["components"]["schemas"]["User"]["title"] = "A user"
    assert shown(all_of.bodies_merged(document), RESPONSE)["title"] == "A user"


def test_a_request_body_shows_the_merged_description_and_a_response_only_its_own():
    merged = all_of.bodies_merged(inheriting())
    assert shown(merged, REQUEST)["description"] == "A person with an account."  # the later part's
    assert "description" not in shown(merged, RESPONSE)


def test_a_discriminator_stays_only_where_the_schema_itself_declares_it():
    document = inheriting()
    assert "discriminator" not in shown(all_of.bodies_merged(document), RESPONSE)
    document["components"]["schemas"]["User"]["discriminator"] = {"propertyName": "kind"}
    assert shown(all_of.bodies_merged(document), RESPONSE)["discriminator"] == {"propertyName": "kind"}


def test_fields_keep_their_references_and_the_named_schemas_stay_as_they_are():
    document = inheriting()
    before = copy.deepcopy(document)
    merged = all_of.bodies_merged(document)
    assert document == before
    fields = shown(merged, RESPONSE)["properties"]
    assert fields["manager"] == ref("DirectoryObject")
    assert fields["memberOf"]["items"] == ref("DirectoryObject")
    schemas, named = merged["components"]["schemas"], before["components"]["schemas"]
    assert {name: schemas[name] for name in named} == named
    assert set(schemas) - set(named) == {"User.merged", "User.merged-request"}


def test_bodies_written_as_components_are_merged_too():
    document = inheriting()
    operation = document["paths"]["/users/{id}"]["patch"]
    document["components"]["requestBodies"] = {"UserBody": operation["requestBody"]}
    document["components"]["responses"] = {"UserResponse": body("User")}
    operation["requestBody"] = {"$ref": "#/components/requestBodies/UserBody"}
    merged = all_of.bodies_merged(document)
    assert "allOf" not in shown(merged, "/components/requestBodies/UserBody/content/application~1json/schema")
    assert "allOf" not in shown(merged, "/components/responses/UserResponse/content/application~1json/schema")


def test_a_merged_name_the_spec_uses_already_is_not_taken_over():
    document = inheriting()
    document["components"]["schemas"]["User.merged"] = {"type": "string"}
    merged = all_of.bodies_merged(document)
    assert merged["components"]["schemas"]["User.merged"] == {"type": "string"}
    assert shown(merged, RESPONSE)["title"] == "User"


@pytest.mark.parametrize("change", [
    lambda s: s["User"]["allOf"][1].update(oneOf=[{"type": "object"}]),  # a union in a part
    lambda s: s["Entity"].update(enum=[{"id": "a"}]),  # an enum in a part
    lambda s: s["User"]["allOf"].append({"$ref": "other.json#/Thing"}),  # a part out of the named schemas
    lambda s: s["User"]["allOf"].append(ref("Missing")),  # a part not there
    lambda s: s["Entity"].update(allOf=[ref("User")]),  # parts in a cycle
    lambda s: s["Entity"]["properties"].update(manager=ref("Entity")),  # a field declared twice as a $ref
    lambda s: s["Entity"]["properties"].update(memberOf={"type": "array"}),  # ... twice as an array
], ids=["union", "enum", "external", "missing", "cycle", "ref-twice", "array-twice"])
def test_a_body_whose_merge_is_not_plain_keeps_its_all_of_for_scalar(change):
    document = inheriting()
    change(document["components"]["schemas"])
    before = copy.deepcopy(document)
    merged = all_of.bodies_merged(document)
    assert merged["paths"] == before["paths"]
    assert merged is document


def test_a_spec_scalar_loads_whole_gets_its_bodies_as_written(tmp_path):
    """The merge is for the parts of a large spec; a small one's reference loads the spec itself."""
    document = inheriting()
    parts, name = scalar.write_documents(document, 2, "openapi.json", tmp_path, [])
    assert parts == [] and name == "openapi.json" and not any(tmp_path.iterdir())


def test_each_named_schema_that_inherits_is_merged_in_place_and_the_rest_is_shared():
    document = inheriting()
    before = copy.deepcopy(document)
    merged = all_of.named_merged(document)
    assert document == before
    schemas = merged["components"]["schemas"]
    assert schemas["Entity"] is document["components"]["schemas"]["Entity"]
    assert merged["paths"] is document["paths"]
    assert "allOf" not in schemas["DirectoryObject"] and "allOf" not in schemas["User"]
    assert list(schemas["User"]["properties"]) == ["id", "@odata.type", "deletedDateTime", "displayName",
                                                   "manager", "memberOf"]
    assert schemas["User"]["required"] == ["id", "displayName"]
    assert schemas["User"]["title"] == "user", "the label Scalar's own merge shows"
    assert "discriminator" not in schemas["User"], "only where the schema itself declares it"
    # Scalar follows an array's items into their `allOf` with no check for a cycle: with the schema
    # the items name merged, there is none to follow.
    assert schemas["User"]["properties"]["memberOf"]["items"] == ref("DirectoryObject")


def test_a_schema_whose_array_holds_its_own_kind_is_merged_like_any_other():
    document = inheriting()
    document["components"]["schemas"]["Term"] = {"allOf": [ref("Entity"), {
        "title": "term", "properties": {"children": {"type": "array", "items": ref("Term")}}}]}
    term = all_of.named_merged(document)["components"]["schemas"]["Term"]
    assert "allOf" not in term and term["properties"]["children"]["items"] == ref("Term")


@pytest.mark.parametrize("change", [
    lambda s: s["User"]["allOf"][1].update(oneOf=[{"type": "object"}]),  # a union in a part
    lambda s: s["User"]["allOf"].append(ref("Missing")),  # a part not there
    lambda s: s["Entity"].update(allOf=[ref("User")]),  # parts in a cycle
], ids=["union", "missing", "cycle"])
def test_a_named_schema_whose_merge_is_not_plain_keeps_its_all_of(change):
    document = inheriting()
    change(document["components"]["schemas"])
    assert "allOf" in all_of.named_merged(document)["components"]["schemas"]["User"]


def test_a_document_with_nothing_to_merge_is_given_back_as_it_is():
    document = inheriting()
    document["components"]["schemas"] = {"Entity": document["components"]["schemas"]["Entity"]}
    assert all_of.named_merged(document) is document
    assert all_of.named_merged({"openapi": "3.1.0", "paths": {}}) == {"openapi": "3.1.0", "paths": {}}


def test_the_parts_of_a_large_spec_carry_the_merged_bodies_and_schemas_and_so_do_its_models(tmp_path):
    import json

    saved = scalar.SPLIT_OPERATIONS
    scalar.SPLIT_OPERATIONS = 1
    try:
        parts, _ = scalar.write_documents(inheriting(), 2, "openapi.json", tmp_path, [])
    finally:
        scalar.SPLIT_OPERATIONS = saved
    written = {path.name: json.loads(path.read_text()) for path in (tmp_path / scalar.PARTS_DIR).iterdir()}
    operations = [doc for name, doc in written.items() if name.startswith("default")]
    assert operations and all(
        doc["paths"]["/users/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        == {"$ref": REF + "User.merged"} for doc in operations)
    models = written[f"{scalar.MODELS}.json"]["components"]["schemas"]
    assert set(models) == {"Entity", "DirectoryObject", "User"}, "the bodies' own merges are not models"
    assert not any("allOf" in schema for schema in models.values())
    schemas = [schema for doc in operations for schema in doc["components"]["schemas"].values()]
    assert schemas and not any("allOf" in schema for schema in schemas)
