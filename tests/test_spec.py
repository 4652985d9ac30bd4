import pytest

from generator.errors import GeneratorError
from generator.spec import RawSpec, load
from generator.spec.lines import json_positions


def load_text(name: str, text: str):
    return load(RawSpec(name, text.encode("utf-8")))


def problem_of(name: str, text: str):
    with pytest.raises(GeneratorError) as caught:
        load_text(name, text)
    (problem,) = caught.value.problems
    return problem


def test_invalid_json_is_reported_at_its_line_and_column():
    problem = problem_of("bad.json", '{\n  "openapi": "3.1.0",\n  "info": ,\n}')
    assert problem.code == "spec-parse-error"
    assert (problem.location.source, problem.location.line, problem.location.column) == ("bad.json", 3, 11)


def test_invalid_yaml_is_reported_at_its_line():
    problem = problem_of("bad.yaml", "openapi: 3.1.0\ninfo:\n  title: [unclosed\n")
    assert problem.code == "spec-parse-error"
    assert problem.location.line == 4


def test_swagger_2_is_refused_as_not_openapi_3():
    problem = problem_of("old.json", '{"swagger": "2.0", "info": {}}')
    assert problem.code == "spec-not-openapi"
    assert "Swagger 2.0" in problem.message


def test_an_openapi_version_that_is_not_3_is_located_at_the_field():
    problem = problem_of("v4.yaml", "info: {}\nopenapi: 4.0.0\n")
    assert problem.location.pointer == "/openapi"
    assert problem.location.line == 2


def test_bytes_that_are_not_utf8_are_refused():
    with pytest.raises(GeneratorError) as caught:
        load(RawSpec("latin1.json", b'{"openapi": "3.1.0", "x": "\xe9"}'))
    assert caught.value.problems[0].code == "spec-not-utf8"


def test_yaml_documents_locate_their_pointers():
    spec = load_text("api.yaml", "openapi: 3.1.0\npaths:\n  /api/health:\n    get:\n      summary: up\n")
    assert spec.locate("/paths/~1api~1health/get").line == 4
    # An unknown pointer falls back to its nearest known ancestor's line.
    assert spec.locate("/paths/~1api~1health/get/responses/200").line == 4


@pytest.mark.parametrize("text, pointer, expected", [
    # a member is located at its key
    ('{\n "a": 1\n}', "/a", (2, 2)),
    # array items are located at their values
    ('{"a": [\n  1,\n  {"b": true}\n]}', "/a/1/b", (3, 4)),
    # keys with / and ~ are escaped the JSON pointer way
    ('{"paths": {"/x~y": {}}}', "/paths/~1x~0y", (1, 12)),
    # the document itself
    ('{}', "", (1, 1)),
])
def test_json_positions(text, pointer, expected):
    assert json_positions(text)[pointer] == expected
