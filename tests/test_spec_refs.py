"""The one `$ref` resolver (generator.spec.refs): percent-encoded pointers, ~0/~1, siblings by OpenAPI
version and object kind, cycles, external and missing targets; and the build of a public document whose
references are percent-encoded, with the reference-only profile."""


import pytest

from benchmarks.reference_site import project_copy
from generator.cli import main
from generator.errors import GeneratorError
from generator.spec import RawSpec, Resolver, load, references
from generator.spec.refs import (
    REF_CYCLE,
    REF_EXTERNAL,
    REF_MISSING,
    component,
    ref_name,
    target_pointer,
    tokens,
)
from generator.spec.walk import written_refs
from tests.conftest import FIXTURES

PERCENT_ENCODED = FIXTURES / "spec" / "percent-encoded-ref.json"


def resolver(document: dict) -> Resolver:
    return Resolver({"openapi": "3.1.0", **document})


def test_a_percent_encoded_fragment_names_the_node_its_decoded_pointer_names():
    spec = load(RawSpec(str(PERCENT_ENCODED), PERCENT_ENCODED.read_bytes()))
    found = spec.follow({"$ref": "#/paths/~1v2~1keys~1%7Bkey_id%7D/get/parameters/0"})
    assert (found.problem, found.node["name"]) == (None, "key_id")
    assert found.pointer == "/paths/~1v2~1keys~1{key_id}/get/parameters/0"
    assert spec.resolver.target("#/components/schemas/Key%2DPair")["type"] == "object"


@pytest.mark.parametrize(("ref", "pointer"), [
    ("#/a~1b/c~0d", "/a~1b/c~0d"),  # ~0 and ~1 stay escaped in the pointer; tokens unescape them
    ("#/a%7Eb", "/a~b"),  # a percent-encoded tilde is a tilde
    ("#", ""),  # the whole document
    ("other.json#/a", None),  # external: no pointer here
])
def test_a_ref_s_fragment_is_its_pointer_percent_decoded(ref, pointer):
    assert target_pointer(ref) == pointer


def test_tokens_unescape_tilde_one_before_tilde_zero():
    assert tokens("/paths/~1a~1{id}/~01") == ["paths", "/a/{id}", "~1"]
    found = resolver({"x": {"a/b": {"c~d": 1}}}).follow({"$ref": "#/x/a~1b/c~0d"})
    assert found.node == 1


def test_a_component_ref_is_split_into_kind_name_and_rest_decoded():
    assert component("#/components/schemas/Key%2DPair") == ("schemas", "Key-Pair", "")
    assert component("#/components/schemas/A~1B/properties/id") == ("schemas", "A/B", "/properties/id")
    assert component("#/paths/~1a") is None
    assert ref_name("#/components/schemas/Key%2DPair") == "Key-Pair"


SIBLINGS = {"components": {"schemas": {"Pet": {"type": "object", "description": "a pet"}},
                           "parameters": {"id": {"name": "id", "in": "path", "description": "the id"}}}}


def test_in_3_1_a_schema_s_siblings_apply_together_with_its_ref():
    document = {"openapi": "3.1.0", **SIBLINGS}
    reference = {"$ref": "#/components/schemas/Pet", "description": "mine", "readOnly": True}
    found = Resolver(document).follow(reference, schema=True)
    assert found.node == {"type": "object", "description": "mine", "readOnly": True}


def test_in_3_1_another_reference_object_overrides_only_summary_and_description():
    document = {"openapi": "3.1.0", **SIBLINGS}
    found = Resolver(document).follow({"$ref": "#/components/parameters/id", "description": "mine",
                                       "required": True})
    assert found.node == {"name": "id", "in": "path", "description": "mine"}


def test_in_3_0_siblings_of_a_ref_are_ignored():
    document = {"openapi": "3.0.3", **SIBLINGS}
    reference = {"$ref": "#/components/schemas/Pet", "description": "mine"}
    found = Resolver(document).follow(reference, schema=True)
    assert found.node == {"type": "object", "description": "a pet"}


def test_a_cycle_is_found_once_with_the_refs_that_form_it():
    found = resolver({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}}).follow({"$ref": "#/a"}, "/start")
    assert (found.problem, found.cycle) == (REF_CYCLE, ("#/a", "#/b"))
    assert found.message == "$ref cycle through #/a"


def test_an_external_ref_is_refused_and_never_fetched():
    found = resolver({}).follow({"$ref": "https://example.invalid/other.json#/a"}, "/x")
    assert (found.problem, found.pointer, found.node) == (REF_EXTERNAL, "/x", {"$ref": "https://example.invalid/other.json#/a"})


def test_a_missing_target_is_reported_as_missing_and_spec_pointer_raises_it():
    found = resolver({}).follow({"$ref": "#/nowhere"})
    assert found.problem == REF_MISSING
    spec = load(RawSpec("spec.json", b'{"openapi": "3.1.0", "info": {}}'))
    with pytest.raises(GeneratorError) as caught:
        spec.resolve({"$ref": "#/nowhere"})
    assert caught.value.problems[0].code == "ref-missing"


def test_references_skip_example_data_and_extensions_but_not_properties_named_like_them():
    document = {"paths": {"/a": {"get": {"x-tool": {"$ref": "#/x"}, "responses": {"200": {"content": {
        "application/json": {"example": {"$ref": "#/data"},
                             "examples": {"one": {"$ref": "#/components/examples/one"}},
                             "schema": {"properties": {"example": {"$ref": "#/components/schemas/E"}},
                                        "default": {"$ref": "#/data"}}}}}}}}}}
    found = sorted(ref for _, ref in references(document))
    assert found == ["#/components/examples/one", "#/components/schemas/E"]
    assert len(list(written_refs(document))) == 5


def test_a_document_whose_refs_are_percent_encoded_builds_with_the_reference_only_profile(tmp_path, capsys):
    project = project_copy(tmp_path / "keys")
    (project / "incoming").mkdir()
    (project / "incoming" / "2024-06-20.json").write_bytes(PERCENT_ENCODED.read_bytes())
    assert main(["pull", "2024-06-20", "--project", str(project), "--quiet"]) == 0
    assert main(["validate", "--project", str(project), "--quiet"]) == 0
    assert main(["build", "--project", str(project), "--quiet"]) == 0, capsys.readouterr().err
    operations = project / "site" / "2024-06-20" / "docs" / "developer" / "api" / "operations"
    page = (operations / "deleteKey" / "index.html").read_text(encoding="utf-8")
    assert "key_id" in page and "cannot be resolved" not in page
    get_key = (operations / "getKey" / "index.html").read_text(encoding="utf-8")
    assert "../../schemas/Key-Pair/" in get_key, "the schema `Key%2DPair` names links to the page of Key-Pair"
    assert "ref-missing" not in capsys.readouterr().err
