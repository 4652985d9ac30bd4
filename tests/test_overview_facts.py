"""The facts the overview states, each derived from the spec: statuses, error shapes, media types,
deprecations and the server URL."""

import pytest

from generator.facts import extract, type_name
from tests.overview_support import OVERVIEW_FIXTURES, load_spec, pinned_releases


@pytest.fixture(scope="module")
def latest():
    return extract(pinned_releases()[-1].spec)


@pytest.fixture(scope="module")
def minimal():
    return extract(load_spec(OVERVIEW_FIXTURES / "minimal.json", "v0.9.0"))


def test_statuses_are_the_codes_operations_declare_with_the_shared_response_meaning(latest):
    assert [s.code for s in latest.statuses] == ["200", "201", "202", "204", "206", "400", "401", "403", "404",
                                                 "416", "500"]
    unauthorized = latest.status("401")
    assert unauthorized.description.startswith("Missing or invalid credentials")
    assert (unauthorized.schema_name, unauthorized.operations) == ("Error", 40)
    assert latest.status("200").schema_name is None  # each operation returns its own
    assert latest.status("429") is None


def test_the_validation_error_is_the_400_body_that_extends_the_error_schema(latest, minimal):
    shape = latest.validation_error
    assert shape.schema_name == "ValidationError"
    assert shape.rows_beyond(latest.error) == [
        ("fields", "object of string", False, "Map of field name (dotted for nested fields) to what is wrong with it.")]
    assert shape.example == '{"error": "validation failed", "fields": {"name": "must not be empty"}}'
    assert minimal.validation_error is None  # its spec declares no 400 body


def test_the_error_shape_keeps_its_fields_and_adds_descriptions_and_example(latest):
    assert latest.error.fields == (("error", "string", True),)
    assert latest.error.rows == [("error", "string", True, "What went wrong, in a few words.")]
    assert latest.error.example == '{"error": "library not found"}'


def test_routes_that_do_not_return_json_are_found_by_their_success_media_types(latest):
    routes = {op.route: op.success_media_types for op in latest.non_json_operations}
    assert routes["GET /api/events"] == ("text/event-stream",)
    assert routes["GET /api/stream/{itemId}/direct"] == ("video/*", "audio/*")  # 200 and 206, once each
    assert "GET /api/libraries" not in routes


def test_deprecated_operations_name_their_replacement(latest):
    (stats,) = latest.deprecated_operations
    assert (stats.route, stats.replaced_by) == ("GET /api/libraries/{id}/stats", "getLibrary")
    assert latest.operation("getLibrary").route == "GET /api/libraries/{id}"


def test_the_server_url_takes_each_variable_at_its_default(latest, minimal):
    assert latest.server_url == minimal.server_url == "http://localhost:8096"
    assert latest.version_prefixed_paths == ()


@pytest.mark.parametrize("schema, words", [
    ({"type": "string"}, "string"),
    ({"type": ["string", "null"]}, "string or null"),  # OpenAPI 3.1 nullable
    ({"type": "array", "items": {"type": "integer"}}, "array of integer"),
    ({"type": "object", "additionalProperties": {"type": "string"}}, "object of string"),  # a map
    ({"type": "object"}, "object"),
    ({}, "any"),
])
def test_schema_types_read_as_words(schema, words):
    assert type_name(schema) == words
