"""A document that breaks the OpenAPI schema deep inside a value gets one readable finding per defect:
at the file, line and JSON pointer of the wrong value, saying what is wrong and which keyword failed,
the values it quotes cut short (a public spec's message was several kilobytes of its own schema)."""

import pytest

from generator import checks
from generator.checks import schema_errors
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "schema-errors" / "null-type-deep.yaml"


def schema_findings():
    spec = load(RawSpec(str(FIXTURE), FIXTURE.read_bytes(), "1.0.0"))
    return [p for p in checks.run(spec) if p.code == "openapi-schema"]


def test_a_schema_error_deep_inside_a_value_is_located_at_that_value_in_one_short_line():
    by_pointer = {p.location.pointer: p for p in schema_findings()}
    problem = by_pointer["/components/schemas/metadata/properties/json_metadata/anyOf/2/type"]
    assert problem.format().splitlines()[0] == (
        f'{FIXTURE}:26:15: error[openapi-schema] "null" is not one of "array", "boolean" or 4 other '
        "candidates (keyword 'enum' at #/definitions/Schema/properties/type/enum) "
        "(at /components/schemas/metadata/properties/json_metadata/anyOf/2/type)")


def test_a_missing_field_is_named_rather_than_the_ref_the_value_could_have_been():
    by_pointer = {p.location.pointer: p for p in schema_findings()}
    assert by_pointer["/components/parameters/label"].message == (
        "\"in\" is a required property (keyword 'required' at #/definitions/Parameter/required)")


def test_every_schema_finding_of_the_document_is_one_line_quoting_none_of_its_description():
    messages = [p.message for p in schema_findings()]
    assert len(messages) == 2
    too_long = 2 * schema_errors.QUOTED + 100
    assert [m for m in messages if "\n" in m or "Off-chain" in m or len(m) > too_long] == []


@pytest.mark.parametrize("text, shown", [
    # a long object quoted at the start is cut, the rest of the sentence kept
    ('{"description":"' + "x" * 200 + '"} is not valid', '{"description":"' + "x" * 43 + "… is not valid"),
    # short quoted values stay as they are
    ('"$ref" is a required property', '"$ref" is a required property'),
    # a line break inside the message becomes a space
    ("Additional properties are not allowed\n('x' was unexpected)",
     "Additional properties are not allowed ('x' was unexpected)"),
    # text that only looks like JSON is kept
    ("{not json", "{not json"),
])
def test_a_message_quotes_values_cut_short(text, shown):
    assert schema_errors.shorten(text) == shown


def test_a_message_is_cut_to_its_limit():
    assert len(schema_errors.shorten("word " * 200)) == schema_errors.MESSAGE
