"""`checks.run`: each rule on its good and bad fixture, config, and documents too broken to crash it."""

import pytest

from generator import checks
from generator.checks import config as checks_config
from generator.errors import GeneratorError
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT
from tests.test_checks_registry import fixture

TAG = "v1.0.0"  # every fixture says info.version 1.0.0


def problems_of(path, config=None):
    return checks.run(load(RawSpec(str(path), path.read_bytes(), TAG)), config)


def spec_of(document: dict, tag=TAG):
    import json
    return load(RawSpec("doc.json", json.dumps(document, indent=1).encode(), tag))


@pytest.mark.parametrize("rule_id", sorted(checks.RULES))
def test_a_good_fixture_has_no_problem_at_all(rule_id):
    assert [p.format() for p in problems_of(fixture(rule_id, "good"))] == []


@pytest.mark.parametrize("rule_id", sorted(checks.RULES))
def test_a_bad_fixture_breaks_only_its_rule_and_every_finding_is_located(rule_id):
    problems = problems_of(fixture(rule_id, "bad"))
    assert problems and {p.code for p in problems} == {rule_id}, [p.format() for p in problems]
    for problem in problems:
        assert problem.level == checks.RULES[rule_id].level
        assert problem.location.line is not None and problem.location.column is not None
        assert problem.location.pointer or rule_id == "byte-order-mark"


def test_a_finding_is_located_at_the_line_of_its_pointer():
    (problem,) = problems_of(fixture("example-invalid", "bad"))
    assert problem.location.pointer == "/paths/~1api~1libraries~1{id}/get/responses/200/content/application~1json/example"
    assert problem.format().startswith(f"{fixture('example-invalid', 'bad')}:68:17: error[example-invalid] ")


def test_a_rule_can_be_switched_off_or_relevelled_in_the_config():
    bad = fixture("operation-summary-missing", "bad")
    assert problems_of(bad, checks.Config({"operation-summary-missing": "off"})) == []
    (problem,) = problems_of(bad, checks.Config({"operation-summary-missing": "warning"}))
    assert problem.level == "warning"


def test_the_config_is_read_from_the_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.aviato-docs.checks]\nmax-size = "2 MiB"\n[tool.aviato-docs.checks.rules]\npath-version-prefix = "off"\n')
    config = checks_config.load(tmp_path)
    assert config.max_bytes == 2 * 2**20 and config.levels == {"path-version-prefix": "off"}


@pytest.mark.parametrize("table, complaint", [
    ({"rules": {"no-such-rule": "off"}}, "unknown rule 'no-such-rule'"),  # a typo must not silently do nothing
    ({"rules": {"path-version-prefix": "fatal"}}, "level must be one of"),  # only the known levels
    ({"max-size": "huge"}, "max-size: not a size"),  # sizes are numbers with a unit
    ({"maxsize": 5}, "unknown key 'maxsize'"),  # misspelt keys are reported
])
def test_a_bad_config_is_a_usage_error(table, complaint):
    with pytest.raises(GeneratorError) as caught:
        checks_config.from_table(table, "pyproject.toml")
    assert caught.value.exit_code == 2 and complaint in caught.value.problems[0].message


def test_the_pinned_releases_in_specs_pass_every_rule():
    from generator import pins

    for release in pins.releases(PROJECT / "specs"):
        assert [p.format() for p in checks.run(release.spec)] == []


@pytest.mark.parametrize("document", [
    {"openapi": "3.1.0", "paths": []},  # paths is not an object
    {"openapi": "3.1.0", "info": "x", "paths": {"/a/{id}": {"get": "nope", "parameters": "x"}}, "components": 3},
    {"openapi": "3.1.0", "paths": {"/a": {"$ref": "#/paths/~1a"}}},  # a path item referring to itself
    {"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"404": {"$ref": "#/nowhere"}}, "parameters": [
        {"$ref": "#/components/parameters/missing"}, 5]}}}},
    {"openapi": "3.0.3", "components": {"schemas": {"A": {"nullable": True, "default": None, "$ref": 5}}}},
    {"openapi": "3.1.0", "components": {"schemas": {"A": {"type": "object", "properties": {"x": {
        "$ref": "#/components/schemas/A"}}, "example": {"x": {"x": {}}}}}}},  # recursive schemas are fine
    {"openapi": "3.1.0", "tags": [1, {"name": None}], "security": {}, "webhooks": []},
])
def test_broken_documents_give_findings_never_a_crash(document):
    problems = checks.run(spec_of(document))
    assert problems and "rule-failed" not in {p.code for p in problems}, [p.format() for p in problems]
    assert all(p.location.line is not None for p in problems)


def test_a_30_document_is_checked_against_30_and_says_so():
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1.0.0"}, "paths": {}, "components": {
        "schemas": {"N": {"type": "string", "nullable": True, "default": None, "example": None}}}}
    assert [p.code for p in checks.run(spec_of(document))] == ["openapi-3-0"]


def test_nullable_is_honoured_in_30_examples_and_the_document_is_left_as_it_was():
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1.0.0"}, "paths": {}, "components": {
        "schemas": {"N": {"type": "string", "nullable": True, "example": None},
                    "M": {"type": "string", "example": None}}}}
    spec = spec_of(document)
    assert [(p.code, p.location.pointer) for p in checks.run(spec)] == [
        ("openapi-3-0", "/openapi"), ("example-invalid", "/components/schemas/M/example")]
    assert spec.document["components"]["schemas"] == document["components"]["schemas"]


def test_info_version_is_compared_without_a_leading_v_and_only_when_a_tag_is_known():
    document = {"openapi": "3.1.0", "info": {"title": "T", "version": "v1.0.0"}, "paths": {}}
    assert checks.run(spec_of(document, "1.0.0")) == []
    document["info"]["version"] = "2.0.0"
    assert checks.run(spec_of(document, None)) == []


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_repeated_enum_value_is_a_warning_at_the_repeated_element_in_30_and_31(openapi):
    document = {"openapi": openapi, "info": {"title": "T", "version": "1.0.0"}, "paths": {}, "components": {
        "schemas": {"Kind": {"enum": ["a", 1, True, {"x": 1, "y": 2}, "b", 1.0, {"y": 2, "x": 1}, "a"]}}}}
    spec = spec_of(document)
    found = [(p.level, p.location.pointer, p.location.line) for p in checks.run(spec) if p.code == "enum-duplicate"]
    # 1.0 repeats 1 and the reordered object repeats the first; true is not 1.
    assert found == [("warning", f"/components/schemas/Kind/enum/{index}", spec.positions[
        f"/components/schemas/Kind/enum/{index}"][0]) for index in (5, 6, 7)]


def test_a_repeated_enum_value_in_yaml_is_reported_at_its_line():
    text = ("openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n"
            "    Kind:\n      enum:\n        - a\n        - b\n        - a\n")
    problems = checks.run(load(RawSpec("doc.yaml", text.encode(), TAG)))
    assert [p.format() for p in problems if p.code == "enum-duplicate"] == [
        "doc.yaml:10:11: warning[enum-duplicate] enum value \"a\" is listed more than once "
        "(at /components/schemas/Kind/enum/2)\n  hint: remove the repeated value"]
